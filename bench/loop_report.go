package main

import (
	"fmt"
	"io"
	"strings"
)

func printLoop(w io.Writer, l *loopResult) {
	fmt.Fprintln(w, "\n[6] the loop shape: one acme_domain task per correct domain (delegation by organization name), "+
		"against a hand-written baseline")
	fmt.Fprintln(w, "  domains\tlatency\tplaybook\trequests\tper domain\twall s\tvs baseline\t")
	for _, c := range l.Cells {
		for _, r := range []struct {
			name string
			run  loopRun
		}{
			{"collection loop, controller never saw the tenant", c.Cold},
			{"collection loop, controller has seen it", c.Warm},
			{"collection list form, one task", c.ListForm},
			{"baseline loop (naive_domain.py: exists?)", c.Baseline},
		} {
			fmt.Fprintf(w, "  %d\t%d ms\t%s\t%d\t%.2f\t%.1f\t%.2fx\t%s\n", c.Domains, c.LatencyMS, r.name, r.run.Requests,
				r.run.PerDomain, r.run.WallS, wallRatio(r.run.WallS, c.Baseline.WallS), r.run.Problem)
		}
	}
}

func wallRatio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round(a/b, 2)
}

// loopTargets are issue 17's: requests per domain cold and warm, the warm loop's wall time against the
// baseline's at 0 and 300 ms, and the list form's speedup over the baseline's loop at 300 ms.
func loopTargets(l *loopResult) []target {
	cold := target{Name: fmt.Sprintf("loop, new controller: <= %.0f requests per correct domain", coldPerDomainTarget), Met: true}
	warm := target{Name: fmt.Sprintf("loop, controller has seen the domains: <= %.0f request per domain", warmPerDomainTarget), Met: true}
	fast := target{Name: fmt.Sprintf("warm loop wall time <= %.1fx the baseline's at 0 ms, <= %.1fx at 300 ms",
		warmVsBaselineAt0, warmVsBaselineAt300), Met: true}
	list := target{Name: fmt.Sprintf("list form >= %.0fx faster than the baseline's loop at 300 ms", listFormSpeedupAt300), Met: true}
	var details [4][]string
	for _, c := range l.Cells {
		where := fmt.Sprintf("%d@%dms", c.Domains, c.LatencyMS)
		cold.Met = cold.Met && c.Cold.PerDomain <= coldPerDomainTarget && c.Cold.Problem == ""
		details[0] = append(details[0], fmt.Sprintf("%s %.2f", where, c.Cold.PerDomain))
		warm.Met = warm.Met && c.Warm.PerDomain <= warmPerDomainTarget && c.Warm.Problem == ""
		details[1] = append(details[1], fmt.Sprintf("%s %.2f", where, c.Warm.PerDomain))
		limit := warmVsBaselineAt0
		if c.LatencyMS >= 300 {
			limit = warmVsBaselineAt300
		}
		r := wallRatio(c.Warm.WallS, c.Baseline.WallS)
		fast.Met = fast.Met && r <= limit && c.Baseline.Problem == ""
		details[2] = append(details[2], fmt.Sprintf("%s %.2fx", where, r))
		if c.LatencyMS >= 300 {
			s := wallRatio(c.Baseline.WallS, c.ListForm.WallS)
			list.Met = list.Met && s >= listFormSpeedupAt300 && c.ListForm.Problem == ""
			details[3] = append(details[3], fmt.Sprintf("%s %.1fx", where, s))
		}
	}
	out := []target{cold, warm, fast, list}
	for i := range out {
		out[i].Detail = strings.Join(details[i], ", ")
	}
	return out
}
