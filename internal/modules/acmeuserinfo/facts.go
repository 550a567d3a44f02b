package acmeuserinfo

import (
	"slices"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// mappedDomain is one domain of an account as the result reports it.
type mappedDomain struct {
	Name                    string
	ValidUntil, StickyUntil string
	DaysLeft                *int
	DCVStatus               string // coverage only; "" when no SCM domain covers the name
}

// view is the result before it becomes maps.
type view struct {
	accounts  []account
	domains   [][]mappedDomain // parallel to accounts
	uncovered []string         // coverage only
}

func assemble(s *snapshot, now time.Time, env *ansible.Env) view {
	v := view{accounts: s.accounts, domains: make([][]mappedDomain, len(s.accounts))}
	var all []string
	for i, list := range s.domains {
		for _, d := range list {
			md := mappedDomain{Name: normalName(d.Name), ValidUntil: d.ValidUntil, StickyUntil: d.StickyUntil,
				DaysLeft: daysLeft(d.ValidUntil, now, d.Name, env)}
			if s.coverage {
				if dv, ok := dcvFor(md.Name, s.dcv); ok {
					md.DCVStatus = strings.ToUpper(dv.DCVStatus)
				}
			}
			v.domains[i] = append(v.domains[i], md)
			all = append(all, md.Name)
		}
		slices.SortFunc(v.domains[i], func(a, b mappedDomain) int { return strings.Compare(a.Name, b.Name) })
	}
	if s.coverage {
		v.uncovered = uncovered(s.scm, all)
	}
	return v
}

// uncovered lists the SCM domains that no mapped name covers: the same name, or a "*.zone" mapping for
// a name below zone (how SCM's ACME service decides what an account may order).
func uncovered(domains []scm.DomainSummary, mapped []string) []string {
	out := []string{}
	for _, d := range domains {
		n := normalName(d.Name)
		if !slices.ContainsFunc(mapped, func(m string) bool { return dnsname.Covers(m, n) }) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dcvFor finds the DCV entry that applies to name: its own, or else the one of the nearest parent
// listed (SCM validates high-level domains; a wildcard or a subdomain inherits their status).
func dcvFor(name string, dcv map[string]scm.DCVValidation) (scm.DCVValidation, bool) {
	if v, ok := dcv[name]; ok {
		return v, true
	}
	for n := dnsname.Base(name); strings.Contains(n, "."); {
		if v, ok := dcv[n]; ok {
			return v, true
		}
		_, n, _ = strings.Cut(n, ".")
	}
	return scm.DCVValidation{}, false
}

// daysLeft counts calendar days (UTC) from now to the date of validUntil: 0 on the last day, negative
// once past, nil without a date. The same count as the other info modules, whose SCM dates are days.
func daysLeft(date string, now time.Time, name string, env *ansible.Env) *int {
	if date == "" {
		return nil
	}
	t, err := scm.ParseDate(date)
	if err != nil {
		env.Warn("ACME domain " + name + ": SCM sent a validUntil that cannot be read (" + date + "); days_left is left out")
		return nil
	}
	n := common.DaysLeft(t, now)
	return &n
}
