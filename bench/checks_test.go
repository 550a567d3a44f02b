package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func worldOf(domains, accounts int) *world {
	w := &world{}
	for range domains {
		w.Domains = append(w.Domains, struct {
			Name string `json:"name"`
		}{})
	}
	for range accounts {
		w.ACMEAccounts = append(w.ACMEAccounts, struct {
			Name string `json:"name"`
		}{})
	}
	return w
}

// The pagination minimum of each step, spelled out: 500 domains and one account.
func TestInventory_minReads(t *testing.T) {
	t.Parallel()
	steps := inventory(500, 100)
	require.Len(t, steps, 4)
	want := []struct {
		n    int
		how  string
		made map[string]int
	}{
		{12, "1 organization lookup + 3 domains + 1 suspended + 1 awaiting approval + 3 delegated to the org + 3 DCV list",
			map[string]int{"POST /api/domain/v1": 500}},
		{3, "1 organization lookup + 1 ACME servers + 1 accounts", map[string]int{"POST /api/acme/v2/account": 1}},
		{5, "1 organization lookup + 1 accounts + 3 account's domains", map[string]int{"POST /api/acme/v2/account/{id}/domain": 1}},
		{3, "3 DCV list", map[string]int{"POST /api/dcv/v1/validation/start/domain/cname": 100, "POST /api/dcv/v1/validation/submit/domain/cname": 100}},
	}
	for i, s := range steps {
		n, how := s.MinReads(worldOf(500, 1))
		assert.Equal(t, want[i].n, n, s.Name)
		assert.Equal(t, want[i].how, how, s.Name)
		assert.Equal(t, want[i].made, s.Creates, s.Name)
	}
	assert.Len(t, steps[0].Args["domains"], 500)
	assert.Len(t, steps[3].Args["domains"], 100)
}

func TestCheckCreates(t *testing.T) {
	t.Parallel()
	s := step{Creates: map[string]int{"POST /api/domain/v1": 2}}
	tests := []struct {
		desc string
		t    tally
		want string
	}{
		{desc: "one create per object", t: tally{Writes: 2, ByCall: map[string]int{"POST /api/domain/v1": 2}}},
		{desc: "a duplicate create", t: tally{Writes: 3, ByCall: map[string]int{"POST /api/domain/v1": 3}},
			want: "POST /api/domain/v1 sent 3 times, want 2; 3 mutating requests, want 2"},
		{desc: "an unexpected write", t: tally{Writes: 3, ByCall: map[string]int{"POST /api/domain/v1": 2, "PUT /x": 1}},
			want: "3 mutating requests, want 2"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, checkCreates(s, tc.t))
		})
	}
}

func TestCheckRerun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		r    stepResult
		want string
	}{
		{desc: "at the minimum", r: stepResult{Reads: 12, MinReads: 12}},
		{desc: "below the minimum is fine", r: stepResult{Reads: 2, MinReads: 3}},
		{desc: "every failure named", r: stepResult{Changed: true, Writes: 1, Reads: 13, MinReads: 12},
			want: "reported a change; 1 mutating requests; 13 reads, more than the minimum 12"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, checkRerun(tc.r))
		})
	}
}

func TestTargets(t *testing.T) {
	t.Parallel()
	r := &results{
		PerTask: &perTaskResult{Target: 1.25, Modules: []moduleCost{
			{Module: "a", Ratio: 1.1, WithinLimit: true}, {Module: "b", Ratio: 1.4}}},
		Latency: &latencyResult{Target: 4,
			Converge:    latencyRun{LatencyMS: 100, Total: latencyStep{Speedup: 4.2}, Steps: []latencyStep{{PeakInFlight: 4}}},
			RateLimited: latencyRun{RateLimitRPS: 20, Total: latencyStep{Requests: 100, Status429: 50, Problem: "429 storm: 50 of 100 answers"}}},
		Size: &sizeResult{TarballBytes: 13 << 20, TarballLimit: galaxyLimit, RSSLimitMB: 30, PeakRSS: []rss{{MB: 31}}},
	}
	r.Targets = targets(r)
	met := map[string]bool{}
	for _, tg := range r.Targets {
		met[tg.Name] = tg.Met
	}
	assert.Equal(t, map[string]bool{
		"per-task cost <= 1.25x the floor":           false,
		">= 4x faster than serial at 100 ms latency": true,
		"bulk work bounded by scm_max_parallel (5)":  true,
		"no 429 storm at 20 requests/s":              false,
		"collection tarball < 20 MB":                 true,
		"peak RSS of a 500-domain run <= 30 MB":      false,
	}, met)

	var out bytes.Buffer
	printReport(&out, r)
	assert.Contains(t, out.String(), "MISS  per-task cost <= 1.25x the floor")
	_, err := json.Marshal(r)
	require.NoError(t, err)
}
