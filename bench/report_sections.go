package main

import (
	"fmt"
	"io"
)

func printPerTask(w io.Writer, p *perTaskResult) {
	fmt.Fprintf(w, "\n[1] per-task cost: %d idempotent tasks per module, interleaved with the floor in one playbook (%.0f s)\n", p.Tasks, p.PlaybookSec)
	fmt.Fprintln(w, "  module\tmedian ms\tp90 ms\tratio\tSCM requests\tprocess alone ms\t")
	fmt.Fprintf(w, "  floor: noop binary module in library/\t%.0f\t%.0f\t1.00\t0\t%.0f\t\n", p.FloorMS, p.FloorP90MS, p.FloorDirect)
	fmt.Fprintf(w, "  the same noop through the collection's action plugin\t%.0f\t%.0f\t%.2f\t0\t\t%s\n",
		p.Action.MedianMS, p.Action.P90MS, p.Action.Ratio, p.Action.Problem)
	for _, m := range p.Modules {
		fmt.Fprintf(w, "  %s\t%.0f\t%.0f\t%.2f\t%d\t%.0f\t%s\n", m.Module, m.MedianMS, m.P90MS, m.Ratio, m.Requests, m.DirectMS, m.Problem)
	}
	if len(p.Controllers) > 0 {
		printControllers(w, p)
	}
}

// printControllers is the per-task cost on each controller: median ms and the ratio to that
// controller's own floor, one column per controller.
func printControllers(w io.Writer, p *perTaskResult) {
	host := controllerCost{Controller: hostController, AnsibleCore: p.AnsibleCore, FloorMS: p.FloorMS, Action: p.Action, Modules: p.Modules}
	all := append([]controllerCost{host}, p.Controllers...)
	fmt.Fprintln(w, "\n[1b] per-task cost on each controller: median ms (ratio to that controller's floor), same playbook")
	fmt.Fprint(w, "  module\t")
	for _, c := range all {
		fmt.Fprintf(w, "%s %s\t", c.Controller, c.AnsibleCore)
	}
	fmt.Fprintln(w)
	row := func(name string, cell func(c controllerCost) string) {
		fmt.Fprintf(w, "  %s\t", name)
		for _, c := range all {
			fmt.Fprintf(w, "%s\t", cell(c))
		}
		fmt.Fprintln(w)
	}
	row("floor: noop binary module", func(c controllerCost) string { return fmt.Sprintf("%.0f", c.FloorMS) })
	row("noop through the action plugin", func(c controllerCost) string { return costCell(c.Action) })
	for i, m := range p.Modules {
		row(m.Module, func(c controllerCost) string {
			if i < len(c.Modules) {
				return costCell(c.Modules[i])
			}
			return "-"
		})
	}
	for _, c := range p.Controllers {
		if c.Problem != "" {
			fmt.Fprintf(w, "  problem on %s: %s\n", c.Controller, c.Problem)
		}
	}
}

func costCell(m moduleCost) string {
	if m.Tasks == 0 {
		return "-"
	}
	s := fmt.Sprintf("%.0f (%.2f)", m.MedianMS, m.Ratio)
	if m.Problem != "" {
		s += " !"
	}
	return s
}

func printRequests(w io.Writer, q *requestsResult) {
	fmt.Fprintln(w, "\n[2] requests (scmsim journal), inventory converged from empty, then re-run")
	fmt.Fprintln(w, "  step\tphase\trequests\treads\tmutating\tmin reads\tchanged\tms\tRSS MB\t")
	for _, s := range append(append([]stepResult{}, q.Converge...), q.Rerun...) {
		minReads := "-"
		if s.Phase == "re-run" {
			minReads = fmt.Sprint(s.MinReads)
		}
		fmt.Fprintf(w, "  %s\t%s\t%d\t%d\t%d\t%s\t%v\t%.0f\t%.1f\t%s\n", s.Step, s.Phase, s.Requests, s.Reads, s.Writes,
			minReads, s.Changed, s.WallMS, s.MaxRSSMB, s.Problem)
	}
	for _, s := range q.Rerun {
		fmt.Fprintf(w, "  (min reads of %s = %s)\n", s.Module, s.MinReadsHow)
	}
	fmt.Fprintln(w, "  looped form: one single-form acme_domain task per correct domain\tlogin\trequests\tper domain\tmax\ttoken requests\tmutating\t")
	for _, l := range q.Looped {
		fmt.Fprintf(w, "  delegation by %s, %d domains\t%s\t%d\t%.2f\t%d\t%d\t%d\t%s\n",
			l.Form, l.Domains, l.Auth, l.Requests, l.PerDomain, l.MaxPerDomain, l.TokenRequests, l.Writes, l.Problem)
	}
	for _, p := range q.Problems {
		fmt.Fprintf(w, "  problem: %s\n", p)
	}
}

func printLatency(w io.Writer, l *latencyResult) {
	runs := []struct {
		title string
		run   latencyRun
	}{
		{fmt.Sprintf("%d ms per request, scm_max_parallel %d", l.Converge.LatencyMS, l.Converge.Parallel), l.Converge},
		{fmt.Sprintf("%d ms per request and a rate limit of %d requests/s", l.RateLimited.LatencyMS, l.RateLimited.RateLimitRPS), l.RateLimited},
	}
	fmt.Fprintln(w, "\n[3] latency hiding: the inventory converged from empty")
	fmt.Fprintln(w, "  step\trequests\twall s\tserial s\tspeedup\tpeak in flight\t429s\t")
	for _, r := range runs {
		fmt.Fprintf(w, "  -- %s\t\t\t\t\t\t\t\n", r.title)
		for _, s := range append(append([]latencyStep{}, r.run.Steps...), r.run.Total) {
			printLatencyStep(w, s)
		}
	}
	fmt.Fprintln(w, "  -- bulk certificate collection, same latency\t\t\t\t\t\t\t")
	printLatencyStep(w, l.Collection)
	fmt.Fprintln(w, "  -- for comparison: a wider bound\t\t\t\t\t\t\t")
	printLatencyStep(w, l.Wider)
	if rl := l.RateLimited; rl.RateLimitRPS > 0 {
		fmt.Fprintf(w, "  (at %d requests/s, scmsim alone needs %.1f s for the %d requests of the rate-limited run)\n",
			rl.RateLimitRPS, float64(rl.Total.Requests)/float64(rl.RateLimitRPS), rl.Total.Requests)
	}
}

func printLatencyStep(w io.Writer, s latencyStep) {
	fmt.Fprintf(w, "  %s\t%d\t%.1f\t%.1f\t%.2fx\t%d\t%d\t%s\n", s.Step, s.Requests, s.WallMS/1000, s.SerialMS/1000,
		s.Speedup, s.PeakInFlight, s.Status429, s.Problem)
}

func printSize(w io.Writer, s *sizeResult) {
	fmt.Fprintln(w, "\n[4] size and memory")
	for _, b := range s.Binaries {
		fmt.Fprintf(w, "  multi-call executable %s\t%.1f MB\t\n", b.Platform, mb(b.Bytes))
	}
	fmt.Fprintf(w, "  collection tarball (all platforms)\t%.1f MB\t(Galaxy limit 20 MB)\n", mb(s.TarballBytes))
	for _, r := range s.PeakRSS {
		fmt.Fprintf(w, "  peak RSS, %s (%s)\t%.1f MB\t(target <= %.0f MB)\n", r.Step, r.Phase, r.MB, s.RSSLimitMB)
	}
}

func printCertbot(w io.Writer, c *certbotResult) {
	fmt.Fprintln(w, "\n[5] certbot through the ACME user (for information)")
	if c.Skipped != "" {
		fmt.Fprintf(w, "  skipped: %s\n", c.Skipped)
		return
	}
	fmt.Fprintf(w, "  acme_user (account + EAB file)\t%.0f ms\t\n", c.AcmeUserMS)
	fmt.Fprintf(w, "  acme_user_domains\t%.0f ms\t\n", c.DomainsMS)
	fmt.Fprintf(w, "  certbot certonly (register with EAB, order, save)\t%.0f ms\t\n", c.CertbotMS)
	fmt.Fprintf(w, "  whole playbook, to the first certificate\t%.1f s\tcertificate saved: %v\n", c.PlaybookSec, c.CertificateOK)
}
