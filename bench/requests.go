package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// tokenPath is where scmsim, like Sectigo's token server, hands out access tokens for API keys.
const tokenPath = "/auth/realms/apiclients/protocol/openid-connect/token"

// stepResult is what one module run of the inventory cost.
type stepResult struct {
	Step         string         `json:"step"`
	Module       string         `json:"module"`
	Phase        string         `json:"phase"`
	Changed      bool           `json:"changed"`
	Requests     int            `json:"requests"`
	Reads        int            `json:"reads"`
	Writes       int            `json:"mutating"`
	Status429    int            `json:"status_429"`
	ByCall       map[string]int `json:"by_call"`
	MinReads     int            `json:"min_reads,omitempty"`
	MinReadsHow  string         `json:"min_reads_parts,omitempty"`
	WallMS       float64        `json:"wall_ms"`
	MaxRSSMB     float64        `json:"max_rss_mb"`
	PeakInFlight int            `json:"peak_in_flight"`
	Problem      string         `json:"problem,omitempty"` // empty when the step met its targets
}

// loopedResult is the looped form: one single-form acme_domain task per already-correct domain.
type loopedResult struct {
	Form          string  `json:"form"`
	Auth          string  `json:"auth"`
	TokenRequests int     `json:"token_requests"`
	Domains       int     `json:"domains"`
	Requests      int     `json:"requests"`
	PerDomain     float64 `json:"requests_per_domain"`
	MaxPerDomain  int     `json:"max_requests_per_domain"`
	Writes        int     `json:"mutating"`
	TargetPerTask int     `json:"target_per_domain,omitempty"`
	Problem       string  `json:"problem,omitempty"`
}

type requestsResult struct {
	Converge []stepResult   `json:"converge"`
	Rerun    []stepResult   `json:"rerun"`
	Looped   []loopedResult `json:"looped"`
	Problems []string       `json:"problems,omitempty"`
}

// requests converges the inventory from an empty SCM, runs it again, and runs the looped form.
func (b *bench) requests(ctx context.Context) (*requestsResult, error) {
	if err := b.sim.reset(ctx); err != nil {
		return nil, err
	}
	res := &requestsResult{}
	steps := inventory(b.opts.domains, b.opts.dcv)
	for _, phase := range []string{"converge", "re-run"} {
		for _, s := range steps {
			r, err := b.measureStep(ctx, s, phase)
			if err != nil {
				return nil, err
			}
			if phase == "converge" {
				res.Converge = append(res.Converge, r)
			} else {
				res.Rerun = append(res.Rerun, r)
			}
		}
	}
	dup, err := b.duplicates(ctx)
	if err != nil {
		return nil, err
	}
	res.Problems = append(res.Problems, dup...)
	byID, byName := map[string]any{"org_id": orgID}, map[string]any{"organization": orgName}
	for _, form := range []loopForm{{"org_id", byID, authPassword, 2}, {"organization name", byName, authPassword, 0},
		{"org_id", byID, authOAuth2, 0}, {"org_id", byID, authOAuth2Cached, 0}} {
		l, err := b.looped(ctx, form)
		if err != nil {
			return nil, err
		}
		res.Looped = append(res.Looped, l)
	}
	return res, nil
}

// measureStep runs one step and checks it: a converge writes exactly its creates; a re-run changes
// nothing, writes nothing, and reads no more than the pagination minimum.
func (b *bench) measureStep(ctx context.Context, s step, phase string) (stepResult, error) {
	if _, err := b.sim.since(ctx); err != nil {
		return stepResult{}, err
	}
	run, err := b.runModule(ctx, s.Module, s.Args)
	if err != nil {
		return stepResult{}, fmt.Errorf("%s (%s): %w", s.Name, phase, err)
	}
	es, err := b.sim.since(ctx)
	if err != nil {
		return stepResult{}, err
	}
	t := count(es)
	r := stepResult{Step: s.Name, Module: s.Module, Phase: phase, Changed: run.changed(), Requests: t.Requests,
		Reads: t.Reads, Writes: t.Writes, Status429: t.Status[429], ByCall: t.ByCall, WallMS: round(ms(run.Wall), 1),
		MaxRSSMB: round(float64(run.MaxRSS)/(1<<20), 1), PeakInFlight: peakInFlight(es)}
	if phase == "converge" {
		r.Problem = checkCreates(s, t)
		return r, nil
	}
	w, err := b.sim.world(ctx)
	if err != nil {
		return r, err
	}
	r.MinReads, r.MinReadsHow = s.MinReads(w)
	r.Problem = checkRerun(r)
	return r, nil
}

// checkCreates compares a converge's writes with one create per missing object.
func checkCreates(s step, t tally) string {
	var problems []string
	want := 0
	for _, call := range slices.Sorted(maps.Keys(s.Creates)) {
		want += s.Creates[call]
		if got := t.ByCall[call]; got != s.Creates[call] {
			problems = append(problems, fmt.Sprintf("%s sent %d times, want %d", call, got, s.Creates[call]))
		}
	}
	if t.Writes != want {
		problems = append(problems, fmt.Sprintf("%d mutating requests, want %d", t.Writes, want))
	}
	return strings.Join(problems, "; ")
}

func checkRerun(r stepResult) string {
	var problems []string
	if r.Changed {
		problems = append(problems, "reported a change")
	}
	if r.Writes > 0 {
		problems = append(problems, fmt.Sprintf("%d mutating requests", r.Writes))
	}
	if r.Reads > r.MinReads {
		problems = append(problems, fmt.Sprintf("%d reads, more than the minimum %d", r.Reads, r.MinReads))
	}
	return strings.Join(problems, "; ")
}

// duplicates looks for objects SCM holds twice after the converges.
func (b *bench) duplicates(ctx context.Context) ([]string, error) {
	w, err := b.sim.world(ctx)
	if err != nil {
		return nil, err
	}
	var problems []string
	seen := map[string]int{}
	for _, d := range w.Domains {
		seen[d.Name]++
	}
	for name, n := range seen {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("domain %s exists %d times", name, n))
		}
	}
	if len(seen) != b.opts.domains {
		problems = append(problems, fmt.Sprintf("%d domains in SCM, want %d", len(seen), b.opts.domains))
	}
	accounts := 0
	for _, a := range w.ACMEAccounts {
		if a.Name == account {
			accounts++
		}
	}
	if accounts != 1 {
		problems = append(problems, fmt.Sprintf("%d ACME accounts named %q, want 1", accounts, account))
	}
	return problems, nil
}

// loopForm is how the looped tasks name the delegation's organization.
type loopForm struct {
	name   string
	org    map[string]any
	auth   string // authPassword, authOAuth2 or authOAuth2Cached
	target int    // requests per domain; 0: reported only
}

// looped runs the single form once per already-correct domain and counts requests per task.
func (b *bench) looped(ctx context.Context, form loopForm) (loopedResult, error) {
	r := loopedResult{Form: form.name, Auth: form.auth, Domains: b.opts.looped, TargetPerTask: form.target}
	if err := os.RemoveAll(filepath.Join(b.work, "cache")); err != nil { // every form starts with no cached token
		return r, err
	}
	for _, name := range domainNames(0, b.opts.looped) {
		if _, err := b.sim.since(ctx); err != nil {
			return r, err
		}
		run, err := b.runModule(ctx, "acme_domain", map[string]any{"name": name, "delegations": []map[string]any{form.org},
			authArg: form.auth})
		if err != nil {
			return r, err
		}
		es, err := b.sim.since(ctx)
		if err != nil {
			return r, err
		}
		t := count(es)
		r.Requests += t.Requests
		r.TokenRequests += t.ByCall["POST "+tokenPath]
		r.Writes += t.Writes
		r.MaxPerDomain = max(r.MaxPerDomain, t.Requests)
		if run.changed() {
			r.Problem = fmt.Sprintf("%s reported a change", name)
		}
	}
	r.PerDomain = round(float64(r.Requests)/float64(max(1, r.Domains)), 2)
	// The target is per domain over the loop: the first task of a controller that has never seen the
	// tenant also reads a page of the domain listing (scm_cache), which saves the next tasks their lookup.
	if form.target > 0 && r.PerDomain > float64(form.target) {
		r.Problem = strings.TrimPrefix(r.Problem+fmt.Sprintf("; %.2f requests per domain, target %d", r.PerDomain, form.target), "; ")
	}
	return r, nil
}
