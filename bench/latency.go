package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/scmkit/sectigo/internal/scm"
)

// latencyStep is one module run under injected latency.
type latencyStep struct {
	Step         string  `json:"step"`
	Requests     int     `json:"requests"`
	WallMS       float64 `json:"wall_ms"`
	SerialMS     float64 `json:"serial_bound_ms"` // requests × latency: a client with one request in flight
	Speedup      float64 `json:"speedup"`
	PeakInFlight int     `json:"peak_in_flight"`
	Status429    int     `json:"status_429"`
	Problem      string  `json:"problem,omitempty"`
}

// latencyRun is the inventory converged from empty under one fault setting.
type latencyRun struct {
	LatencyMS    int           `json:"latency_ms"`
	RateLimitRPS int           `json:"rate_limit_rps,omitempty"`
	Parallel     int           `json:"scm_max_parallel"`
	Steps        []latencyStep `json:"steps"`
	Total        latencyStep   `json:"total"`
}

type latencyResult struct {
	Target      float64     `json:"target_speedup"`
	Converge    latencyRun  `json:"converge"`
	Collection  latencyStep `json:"certificate_collection"`
	RateLimited latencyRun  `json:"rate_limited"`
	// Wider is the bulk step again with a larger scm_max_parallel, for comparison: the speedup follows
	// the bound.
	Wider latencyStep `json:"wider_bound"`
}

const (
	speedupTarget = 4.0
	defaultBound  = scm.DefaultMaxParallel
	// stormShare is the share of 429 answers above which the rate-limited run counts as a 429 storm.
	stormShare = 0.10
)

// latency converges the inventory with latency injected, collects certificates in bulk, and converges
// again with scmsim's rate limit on as well.
func (b *bench) latency(ctx context.Context) (*latencyResult, error) {
	res := &latencyResult{Target: speedupTarget}
	var err error
	if res.Converge, err = b.convergeUnder(ctx, faults{LatencyMS: b.opts.latencyMS}); err != nil {
		return nil, err
	}
	if res.Collection, err = b.collection(ctx); err != nil {
		return nil, err
	}
	if res.Wider, err = b.wider(ctx); err != nil {
		return nil, err
	}
	res.RateLimited, err = b.convergeUnder(ctx, faults{LatencyMS: b.opts.latencyMS, RateLimitRPS: b.opts.rateLimit})
	if err != nil {
		return nil, err
	}
	if t := &res.Converge.Total; t.Speedup < speedupTarget {
		t.Problem = fmt.Sprintf("%.2fx faster than serial, target %.0fx", t.Speedup, speedupTarget)
	}
	if t := &res.RateLimited.Total; t.Problem == "" && float64(t.Status429) > stormShare*float64(t.Requests) {
		t.Problem = fmt.Sprintf("429 storm: %d of %d answers", t.Status429, t.Requests)
	}
	return res, nil
}

// convergeUnder resets scmsim, sets f and converges the inventory. A module that fails is a problem
// of its step, not an error of the benchmark.
func (b *bench) convergeUnder(ctx context.Context, f faults) (latencyRun, error) {
	run := latencyRun{LatencyMS: f.LatencyMS, RateLimitRPS: f.RateLimitRPS, Parallel: defaultBound}
	if err := b.sim.reset(ctx); err != nil {
		return run, err
	}
	if err := b.sim.setFaults(ctx, f); err != nil {
		return run, err
	}
	var all []journalEntry
	var wall time.Duration
	for _, s := range inventory(b.opts.domains, b.opts.dcv) {
		st, es, d, err := b.timedStep(ctx, s.Name, s.Module, s.Args, f.LatencyMS)
		if err != nil {
			return run, err
		}
		run.Steps = append(run.Steps, st)
		all, wall = append(all, es...), wall+d
		if st.Problem != "" && run.Total.Problem == "" {
			run.Total.Problem = st.Step + ": " + st.Problem
		}
	}
	problem := run.Total.Problem
	run.Total = summarise("total", all, wall, f.LatencyMS)
	run.Total.Problem = problem
	return run, b.sim.setFaults(ctx, faults{})
}

func (b *bench) timedStep(ctx context.Context, name, module string, args map[string]any, latencyMS int) (latencyStep, []journalEntry, time.Duration, error) {
	if _, err := b.sim.since(ctx); err != nil {
		return latencyStep{}, nil, 0, err
	}
	run, runErr := b.runModule(ctx, module, args)
	es, err := b.sim.since(ctx)
	if err != nil {
		return latencyStep{}, nil, 0, err
	}
	st := summarise(name, es, run.Wall, latencyMS)
	if runErr != nil {
		st.Problem = runErr.Error()
	}
	return st, es, run.Wall, nil
}

func summarise(name string, es []journalEntry, wall time.Duration, latencyMS int) latencyStep {
	t := count(es)
	serial := float64(t.Requests * latencyMS)
	st := latencyStep{Step: name, Requests: t.Requests, WallMS: round(ms(wall), 0), SerialMS: serial,
		PeakInFlight: peakInFlight(es), Status429: t.Status[429]}
	if wall > 0 {
		st.Speedup = round(serial/ms(wall), 2)
	}
	return st
}

// collection orders certificates for the first domains (validated by the converge), then has
// scm_cert_info collect all of them, with latency on.
func (b *bench) collection(ctx context.Context) (latencyStep, error) {
	for i := range b.opts.certs {
		csr := filepath.Join(b.work, fmt.Sprintf("cert-%03d.csr", i))
		if err := writeCSR(csr, domainName(i)); err != nil {
			return latencyStep{}, err
		}
		args := map[string]any{"common_name": domainName(i), "profile": "OV Single", "organization": orgName,
			"csr_path": csr, "custom_fields": map[string]any{"costCenter": "42"}}
		if _, err := b.runModule(ctx, "scm_cert", args); err != nil {
			return latencyStep{}, fmt.Errorf("order certificate %d: %w", i, err)
		}
	}
	if err := b.sim.setFaults(ctx, faults{LatencyMS: b.opts.latencyMS}); err != nil {
		return latencyStep{}, err
	}
	name := fmt.Sprintf("scm_cert_info, collect %d certificates", b.opts.certs)
	st, _, _, err := b.timedStep(ctx, name, "scm_cert_info", map[string]any{"organization": orgName, "include_pem": true}, b.opts.latencyMS)
	if err != nil {
		return st, err
	}
	return st, b.sim.setFaults(ctx, faults{})
}

// widerBound is the scm_max_parallel of the comparison run.
const widerBound = 8

// wider creates the inventory's domains from empty again with twice the default bound.
func (b *bench) wider(ctx context.Context) (latencyStep, error) {
	if err := b.sim.reset(ctx); err != nil {
		return latencyStep{}, err
	}
	if err := b.sim.setFaults(ctx, faults{LatencyMS: b.opts.latencyMS}); err != nil {
		return latencyStep{}, err
	}
	s := inventory(b.opts.domains, b.opts.dcv)[0]
	name := fmt.Sprintf("%s, scm_max_parallel %d", s.Name, widerBound)
	st, _, _, err := b.timedStep(ctx, name, s.Module, merge(s.Args, map[string]any{"scm_max_parallel": widerBound}), b.opts.latencyMS)
	if err != nil {
		return st, err
	}
	return st, b.sim.setFaults(ctx, faults{})
}
