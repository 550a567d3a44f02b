package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// target is one of issue 7's targets, met or missed, with the figure that decides it.
type target struct {
	Name   string `json:"name"`
	Met    bool   `json:"met"`
	Detail string `json:"detail"`
}

func targets(r *results) []target {
	var out []target
	if r.PerTask != nil {
		out = append(out, perTaskTarget(r.PerTask))
		for _, c := range r.PerTask.Controllers {
			out = append(out, controllerTarget(r.PerTask.Target, c))
		}
	}
	if r.Requests != nil {
		out = append(out, requestTargets(r.Requests)...)
	}
	if r.Latency != nil {
		out = append(out, latencyTargets(r.Latency)...)
	}
	if r.Size != nil {
		out = append(out, sizeTargets(r.Size)...)
	}
	if r.Loop != nil {
		out = append(out, loopTargets(r.Loop)...)
	}
	if r.Inventories != nil {
		out = append(out, inventoryTargets(r.Inventories)...)
	}
	return out
}

// controllerTarget is the per-task target on one of the newer controllers.
func controllerTarget(limit float64, c controllerCost) target {
	t := perTaskTarget(&perTaskResult{Target: limit, Modules: c.Modules})
	t.Name = fmt.Sprintf("per-task cost <= %.2fx the floor on %s (ansible-core %s)", limit, c.Controller, c.AnsibleCore)
	if c.Problem != "" || len(c.Modules) == 0 {
		t.Met, t.Detail = false, c.Problem
	}
	return t
}

func perTaskTarget(p *perTaskResult) target {
	t := target{Name: fmt.Sprintf("per-task cost <= %.2fx the floor", p.Target), Met: true}
	var worst string
	var worstRatio float64
	for _, m := range p.Modules {
		if !m.WithinLimit {
			t.Met = false
			t.Detail += fmt.Sprintf("%s %.2fx %s; ", m.Module, m.Ratio, m.Problem)
		}
		if m.Ratio > worstRatio {
			worst, worstRatio = m.Module, m.Ratio
		}
	}
	if t.Met {
		t.Detail = fmt.Sprintf("highest %s %.2fx", worst, worstRatio)
	}
	t.Detail = strings.TrimSuffix(t.Detail, "; ")
	return t
}

func requestTargets(q *requestsResult) []target {
	rerun := target{Name: "re-run: 0 mutating, reads <= pagination minimum", Met: true, Detail: "every step"}
	for _, s := range q.Rerun {
		if s.Problem != "" {
			rerun.Met, rerun.Detail = false, s.Step+": "+s.Problem
		}
	}
	conv := target{Name: "first converge: one create per missing object, no duplicates", Met: len(q.Problems) == 0, Detail: "every step"}
	if !conv.Met {
		conv.Detail = strings.Join(q.Problems, "; ")
	}
	for _, s := range q.Converge {
		if s.Problem != "" {
			conv.Met, conv.Detail = false, s.Step+": "+s.Problem
		}
	}
	out := []target{rerun, conv}
	for _, l := range q.Looped {
		if l.TargetPerTask > 0 {
			out = append(out, target{Name: fmt.Sprintf("looped form (%s): <= %d requests per correct domain", l.Form, l.TargetPerTask),
				Met: l.Problem == "", Detail: fmt.Sprintf("%.2f per domain, at most %d", l.PerDomain, l.MaxPerDomain)})
		}
	}
	return out
}

func latencyTargets(l *latencyResult) []target {
	c, rl := l.Converge.Total, l.RateLimited.Total
	bounded := target{Name: fmt.Sprintf("bulk work bounded by scm_max_parallel (%d)", defaultBound), Met: true}
	peak := 0
	for _, s := range append(append(l.Converge.Steps, l.Collection), l.RateLimited.Steps...) {
		peak = max(peak, s.PeakInFlight)
	}
	bounded.Met, bounded.Detail = peak <= defaultBound, fmt.Sprintf("at most %d requests in flight at scmsim", peak)
	return []target{
		{Name: fmt.Sprintf(">= %.0fx faster than serial at %d ms latency", l.Target, l.Converge.LatencyMS), Met: c.Problem == "",
			Detail: fmt.Sprintf("%.2fx (%d requests, %.1f s against %.1f s serial)", c.Speedup, c.Requests, c.WallMS/1000, c.SerialMS/1000)},
		bounded,
		{Name: fmt.Sprintf("no 429 storm at %d requests/s", l.RateLimited.RateLimitRPS), Met: rl.Problem == "",
			Detail: stormDetail(rl)},
	}
}

func sizeTargets(s *sizeResult) []target {
	peak := 0.0
	for _, r := range s.PeakRSS {
		peak = max(peak, r.MB)
	}
	out := []target{{Name: "collection tarball < 20 MB", Met: s.TarballBytes < s.TarballLimit, Detail: fmt.Sprintf("%.1f MB", mb(s.TarballBytes))}}
	if len(s.PeakRSS) > 0 { // measured by the requests section
		out = append(out, target{Name: fmt.Sprintf("peak RSS of a 500-domain run <= %.0f MB", s.RSSLimitMB), Met: peak <= s.RSSLimitMB,
			Detail: fmt.Sprintf("%.1f MB", peak)})
	}
	return out
}

// printReport writes the table: one block per section, then the targets.
func printReport(w io.Writer, r *results) {
	m := r.Machine
	fmt.Fprintf(w, "\nscmkit.sectigo benchmark — %s, %d CPUs (%s), %s, %s; load %s → %s; %.0f s\n",
		m.OS, m.NProc, m.CPU, m.Go, m.Ansible, m.LoadFrom, m.LoadTo, r.Seconds)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	if r.PerTask != nil {
		printPerTask(tw, r.PerTask)
	}
	if r.Requests != nil {
		printRequests(tw, r.Requests)
	}
	if r.Latency != nil {
		printLatency(tw, r.Latency)
	}
	if r.Size != nil {
		printSize(tw, r.Size)
	}
	if r.Certbot != nil {
		printCertbot(tw, r.Certbot)
	}
	if r.Loop != nil {
		printLoop(tw, r.Loop)
	}
	if r.Inventories != nil {
		printInventories(tw, r.Inventories)
	}
	fmt.Fprintln(tw, "\n[targets]")
	for _, t := range r.Targets {
		mark := "MET "
		if !t.Met {
			mark = "MISS"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", mark, t.Name, t.Detail)
	}
	_ = tw.Flush()
}

func stormDetail(rl latencyStep) string {
	if rl.Problem != "" {
		return fmt.Sprintf("%d of %d answers were 429; %s", rl.Status429, rl.Requests, rl.Problem)
	}
	return fmt.Sprintf("%d of %d answers were 429, each retried; no task failed", rl.Status429, rl.Requests)
}
