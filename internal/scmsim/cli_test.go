package scmsim

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestCLI_ParseFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c *cliConfig)
		wantErr string
	}{
		{desc: "defaults", check: func(t *testing.T, c *cliConfig) {
			assert.Equal(t, "127.0.0.1:8443", c.listen)
			assert.Equal(t, "127.0.0.1:8444", c.adminListen)
			assert.Equal(t, DefaultKnobs(), c.knobs)
			assert.Equal(t, DefaultFaults(), c.faults)
		}},
		{desc: "environment", env: map[string]string{"SCMSIM_FAIL_RATE": "0.25", "SCMSIM_RATE_LIMIT": "0.5",
			"SCMSIM_LATENCY": "150ms", "SCMSIM_DROP_AFTER_COMMIT": "1", "SCMSIM_ISSUE_AFTER": "3", "SCMSIM_DCV_DELAY": "2",
			"SCMSIM_LISTEN": "127.0.0.1:0", "SCMSIM_PLAIN_HTTP": "true"},
			check: func(t *testing.T, c *cliConfig) {
				assert.Equal(t, Faults{FailRate: 0.25, RateLimitRate: 0.5, LatencyMS: 150, DropAfterCommitRate: 1, RetryAfterSeconds: 1}, c.faults)
				assert.Equal(t, 3, c.knobs.SSLIssueAfterCollects)
				assert.Equal(t, 2, c.knobs.DCVAutoPolls)
				assert.Equal(t, "127.0.0.1:0", c.listen)
				assert.True(t, c.plainHTTP)
			}},
		{desc: "flags win over the environment", args: []string{"-fail-rate", "0.1", "-latency", "20"},
			env: map[string]string{"SCMSIM_FAIL_RATE": "0.9"},
			check: func(t *testing.T, c *cliConfig) {
				assert.InDelta(t, 0.1, c.faults.FailRate, 0)
				assert.Equal(t, 20, c.faults.LatencyMS)
			}},
		{desc: "knobs", args: []string{"-dcv-mode", "dns", "-dns-server", "127.0.0.1:53", "-ssl-approval", "-collect-not-ready-code", "-183"},
			check: func(t *testing.T, c *cliConfig) {
				assert.Equal(t, DCVModeDNS, c.knobs.DCVMode)
				assert.True(t, c.knobs.SSLApproval)
				assert.Equal(t, -183, c.knobs.CollectNotReadyCode)
			}},
		{desc: "token lifetime in seconds", env: map[string]string{"SCMSIM_TOKEN_LIFETIME": "5"},
			check: func(t *testing.T, c *cliConfig) { assert.Equal(t, 5, c.knobs.TokenLifetimeSeconds) }},
		{desc: "token lifetime as a duration", args: []string{"-token-lifetime", "2m"},
			check: func(t *testing.T, c *cliConfig) { assert.Equal(t, 120, c.knobs.TokenLifetimeSeconds) }},
		{desc: "negative token lifetime", args: []string{"-token-lifetime", "-1"}, wantErr: "token_lifetime_seconds"},
		{desc: "bad environment value", env: map[string]string{"SCMSIM_FAIL_RATE": "lots"}, wantErr: "SCMSIM_FAIL_RATE"},
		{desc: "invalid knob", args: []string{"-dcv-mode", "dns"}, wantErr: "dns_server"},
		{desc: "invalid fault", args: []string{"-fail-rate", "3"}, wantErr: "within [0,1]"},
		{desc: "stray argument", args: []string{"extra"}, wantErr: "unexpected"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			cfg, err := parseFlags(tc.args, envOf(tc.env), io.Discard)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			tc.check(t, cfg)
		})
	}
}

// syncBuffer collects log output written from the server goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitForFile polls (bounded) until path has content.
func waitForFile(t *testing.T, path string) string {
	t.Helper()
	for i := 0; i < 500; i++ {
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			return strings.TrimSpace(string(data))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s never appeared", path)
	return ""
}

func TestCLI_Main(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := func(n string) string { return filepath.Join(dir, n) }
	ctx, cancel := context.WithCancel(t.Context())
	var logs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"-listen", "127.0.0.1:0", "-admin-listen", "127.0.0.1:0", "-ca-out", file("ca.pem"),
			"-ready-file", file("ready"), "-admin-ready-file", file("admin"), "-pid-file", file("pid"),
			"-state", file("state.json")}, envOf(nil), &logs)
	}()
	url := waitForFile(t, file("ready"))
	adminURL := waitForFile(t, file("admin"))
	assert.True(t, strings.HasPrefix(url, "https://127.0.0.1:"), url)

	caPEM, err := os.ReadFile(file("ca.pem"))
	require.NoError(t, err)
	info, err := os.Stat(file("ca.pem"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(caPEM))
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	req, err := http.NewRequestWithContext(ctx, "GET", url+"/api/organization/v1", nil)
	require.NoError(t, err)
	req.Header.Set("login", "mrao")
	req.Header.Set("password", "mrao-secret")
	req.Header.Set("customerUri", "demo")
	res, err := client.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)
	res, err = http.Get(adminURL + "/admin/knobs")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("Main did not stop")
	}
	assert.NoFileExists(t, file("ready"))
	assert.NoFileExists(t, file("pid"))
	assert.FileExists(t, file("state.json"))
	assert.NotContains(t, logs.String(), "mrao-secret")
}

func TestCLI_MainRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc     string
		args     []string
		wantCode int
		wantLog  string
	}{
		{desc: "admin off loopback", args: []string{"-listen", "127.0.0.1:0", "-admin-listen", "0.0.0.0:0"}, wantCode: 1, wantLog: "loopback"},
		{desc: "usage", args: []string{"-nope"}, wantCode: 2, wantLog: "nope"},
		{desc: "missing seed", args: []string{"-seed", "/nonexistent/seed.yml"}, wantCode: 1, wantLog: "seed"},
		{desc: "help", args: []string{"-h"}, wantCode: 0, wantLog: "-dcv-mode"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			var logs syncBuffer
			code := Main(t.Context(), tc.args, envOf(nil), &logs)
			assert.Equal(t, tc.wantCode, code)
			assert.Contains(t, logs.String(), tc.wantLog)
		})
	}
}
