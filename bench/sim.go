package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// sim is a scmsim process on loopback and a client for its admin API.
type sim struct {
	cmd   *exec.Cmd
	url   string // SCM API base, https://127.0.0.1:port
	admin string // admin API, http://127.0.0.1:port
	ca    string // CA bundle that verifies url
	hc    *http.Client
	mark  int // the last journal sequence number read
}

// journalEntry is one request scmsim served (its admin API's journal format).
type journalEntry struct {
	Seq        int       `json:"seq"`
	Time       time.Time `json:"time"` // when scmsim received it (its business clock)
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Query      string    `json:"query"`
	Status     int       `json:"status"`
	Mutating   bool      `json:"mutating"`
	Fault      string    `json:"fault"`
	DurationMS float64   `json:"duration_ms"`
}

// startSim runs the scmsim binary on free loopback ports and waits until both listeners are up.
func startSim(dir, bin string) (*sim, error) {
	s := &sim{ca: filepath.Join(dir, "scmsim-ca.pem"), hc: &http.Client{Timeout: time.Minute}}
	ready, adminReady := filepath.Join(dir, "sim.ready"), filepath.Join(dir, "sim.admin-ready")
	logFile, err := os.Create(filepath.Join(dir, "scmsim.log"))
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, "-listen", "127.0.0.1:0", "-admin-listen", "127.0.0.1:0", "-ca-out", s.ca,
		"-ready-file", ready, "-admin-ready-file", adminReady)
	s.cmd.Stderr = logFile
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start scmsim: %w", err)
	}
	// Bounded poll: scmsim writes the ready files once it listens.
	for range 400 {
		url, err1 := os.ReadFile(ready)
		admin, err2 := os.ReadFile(adminReady)
		if err1 == nil && err2 == nil && len(url) > 0 && len(admin) > 0 {
			s.url, s.admin = strings.TrimSpace(string(url)), strings.TrimSpace(string(admin))
			return s, nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("scmsim did not start within 10s; see %s", logFile.Name())
}

// stop ends the scmsim process this harness started.
func (s *sim) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		_ = s.cmd.Wait()
	}
}

// call sends one admin request and decodes a JSON answer into out (nil: ignore the body).
func (s *sim) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.admin+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return fmt.Errorf("scmsim admin %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("scmsim admin %s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(data))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// reset brings back the default world with no faults, and forgets the journal.
func (s *sim) reset(ctx context.Context) error {
	if err := s.setFaults(ctx, faults{}); err != nil {
		return err
	}
	if err := s.call(ctx, http.MethodPost, "/admin/reset", nil, nil); err != nil {
		return err
	}
	_, err := s.since(ctx)
	return err
}

// faults are the scmsim fault knobs the benchmark turns.
type faults struct {
	LatencyMS    int `json:"latency_ms"`
	RateLimitRPS int `json:"rate_limit_rps"`
	RetryAfter   int `json:"retry_after_seconds,omitempty"`
}

func (s *sim) setFaults(ctx context.Context, f faults) error {
	return s.call(ctx, http.MethodPut, "/admin/faults", f, nil)
}

// since returns the journal entries after the last call, and moves the mark past them.
func (s *sim) since(ctx context.Context) ([]journalEntry, error) {
	var es []journalEntry
	if err := s.call(ctx, http.MethodGet, fmt.Sprintf("/admin/journal?since=%d", s.mark), nil, &es); err != nil {
		return nil, err
	}
	for _, e := range es {
		s.mark = max(s.mark, e.Seq)
	}
	return es, nil
}

// world is the part of scmsim's world dump the checks read.
type world struct {
	Domains []struct {
		Name string `json:"name"`
	} `json:"domains"`
	ACMEAccounts []struct {
		Name string `json:"name"`
	} `json:"acme_accounts"`
	DCV          []json.RawMessage `json:"dcv"`
	Certificates []json.RawMessage `json:"certificates"`
}

func (s *sim) world(ctx context.Context) (*world, error) {
	var w world
	return &w, s.call(ctx, http.MethodGet, "/admin/world", nil, &w)
}
