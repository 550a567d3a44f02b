package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestPages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		rows int
		want int
	}{
		{desc: "an empty listing still costs a request", rows: 0, want: 1},
		{desc: "one row", rows: 1, want: 1},
		{desc: "exactly one page", rows: 200, want: 1},
		{desc: "one row over", rows: 201, want: 2},
		{desc: "the inventory", rows: 500, want: 3},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, pages(tc.rows))
		})
	}
}

func TestQuantile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		xs   []float64
		q    float64
		want float64
	}{
		{desc: "no values", xs: nil, q: 0.5, want: 0},
		{desc: "odd count median", xs: []float64{3, 1, 2}, q: 0.5, want: 2},
		{desc: "even count median interpolates", xs: []float64{4, 1, 2, 3}, q: 0.5, want: 2.5},
		{desc: "p90 of ten", xs: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, q: 0.9, want: 9.1},
		{desc: "maximum", xs: []float64{5, 9, 1}, q: 1, want: 9},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.InDelta(t, tc.want, quantile(tc.xs, tc.q), 1e-9)
		})
	}
}

func TestPathPattern(t *testing.T) {
	t.Parallel()
	tests := []struct{ desc, path, want string }{
		{desc: "no id", path: "/api/domain/v1", want: "/api/domain/v1"},
		{desc: "trailing id", path: "/api/domain/v1/2001", want: "/api/domain/v1/{id}"},
		{desc: "id in the middle", path: "/api/acme/v2/account/7001/domain", want: "/api/acme/v2/account/{id}/domain"},
		{desc: "version segments stay", path: "/api/dcv/v2/validation/status", want: "/api/dcv/v2/validation/status"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, pathPattern(tc.path))
		})
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	es := []journalEntry{
		{Method: "GET", Path: "/api/domain/v1", Status: 200},
		{Method: "POST", Path: "/api/domain/v1", Status: 201, Mutating: true},
		{Method: "POST", Path: "/api/domain/v1", Status: 429},
		{Method: "POST", Path: "/api/domain/v1", Status: 201, Mutating: true},
		{Method: "GET", Path: "/api/domain/v1/2001", Status: 200},
	}
	got := count(es)
	assert.Equal(t, 5, got.Requests)
	assert.Equal(t, 2, got.Reads, "a refused (429) request is neither a read nor a write")
	assert.Equal(t, 2, got.Writes)
	assert.Equal(t, map[int]int{200: 2, 201: 2, 429: 1}, got.Status)
	assert.Equal(t, map[string]int{"GET /api/domain/v1": 1, "POST /api/domain/v1": 3, "GET /api/domain/v1/{id}": 1}, got.ByCall)
}

func TestPeakInFlight(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	tests := []struct {
		desc string
		es   []journalEntry
		want int
	}{
		{desc: "none", es: nil, want: 0},
		{desc: "back to back does not overlap", es: []journalEntry{{Time: at(0), DurationMS: 100}, {Time: at(100), DurationMS: 100}}, want: 1},
		{desc: "three overlapping, one later", es: []journalEntry{
			{Time: at(0), DurationMS: 100}, {Time: at(10), DurationMS: 100}, {Time: at(20), DurationMS: 100},
			{Time: at(150), DurationMS: 100},
		}, want: 3},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, peakInFlight(tc.es))
		})
	}
}
