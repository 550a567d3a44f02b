package main

import (
	"math"
	"slices"
	"sort"
	"time"
)

// pageSize is SCM's largest page: every listing costs one request per 200 rows, and at least one.
const pageSize = 200

// pages is the fewest requests that read a listing of n rows.
func pages(n int) int {
	return max(1, (n+pageSize-1)/pageSize)
}

// quantile returns the q-quantile (0..1) of xs by linear interpolation; 0 for no values.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

func median(xs []float64) float64 { return quantile(xs, 0.5) }

// tally counts a journal slice.
type tally struct {
	Requests int            `json:"requests"`
	Reads    int            `json:"reads"`
	Writes   int            `json:"mutating"`
	Status   map[int]int    `json:"by_status"`
	ByCall   map[string]int `json:"by_call"` // "METHOD /path" with ids replaced by {id}
}

func count(es []journalEntry) tally {
	t := tally{Requests: len(es), Status: map[int]int{}, ByCall: map[string]int{}}
	for _, e := range es {
		t.Status[e.Status]++
		t.ByCall[e.Method+" "+pathPattern(e.Path)]++
		if e.Mutating {
			t.Writes++
		} else if e.Status != 429 {
			t.Reads++
		}
	}
	return t
}

// pathPattern replaces numeric path segments by {id}, so calls on different objects count together.
func pathPattern(p string) string {
	out := []byte{}
	for i := 0; i < len(p); {
		j := i
		for j < len(p) && p[j] != '/' {
			j++
		}
		seg := p[i:j]
		if seg != "" && isDigits(seg) {
			seg = "{id}"
		}
		out = append(out, seg...)
		if j < len(p) {
			out = append(out, '/')
		}
		i = j + 1
	}
	return string(out)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// peakInFlight is the most requests scmsim was serving at once, from the journal's arrival times and
// durations. It shows the bound on concurrency from the server's side.
func peakInFlight(es []journalEntry) int {
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, e := range es {
		end := e.Time.Add(time.Duration(e.DurationMS * float64(time.Millisecond)))
		edges = append(edges, edge{e.Time, +1}, edge{end, -1})
	}
	// Ends before starts at the same instant: back-to-back requests do not overlap.
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at.Equal(edges[j].at) {
			return edges[i].delta < edges[j].delta
		}
		return edges[i].at.Before(edges[j].at)
	})
	cur, peak := 0, 0
	for _, e := range edges {
		cur += e.delta
		peak = max(peak, cur)
	}
	return peak
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
