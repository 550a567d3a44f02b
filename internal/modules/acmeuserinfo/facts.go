package acmeuserinfo

import (
	"slices"
	"strings"

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

// accountFacts is one account with the domains mapped to it, sorted by name.
type accountFacts struct {
	account
	domains []mappedDomain
}

// view is the result before it becomes maps.
type view struct {
	accounts  []accountFacts
	coverage  bool
	uncovered []string // coverage only
}

// assemble joins each account with its mapped domains and, with coverage, their DCV status and the SCM
// domains no account covers.
func assemble(s *snapshot, dates common.Dates) view {
	v := view{accounts: make([]accountFacts, len(s.accounts)), coverage: s.coverage}
	var all []string
	for i, list := range s.domains {
		v.accounts[i].account = s.accounts[i]
		for _, d := range list {
			md := s.mapDomain(d, dates)
			v.accounts[i].domains = append(v.accounts[i].domains, md)
			all = append(all, md.Name)
		}
		slices.SortFunc(v.accounts[i].domains, func(a, b mappedDomain) int { return strings.Compare(a.Name, b.Name) })
	}
	if s.coverage {
		v.uncovered = uncovered(s.scm, all)
	}
	return v
}

// mapDomain is one row of an account's domain listing as facts: days_left to its validUntil and, with
// coverage, the DCV status that applies to it.
func (s *snapshot) mapDomain(d scm.ACMEAccountDomain, dates common.Dates) mappedDomain {
	md := mappedDomain{Name: dnsname.Lenient(d.Name), ValidUntil: d.ValidUntil.Raw, StickyUntil: d.StickyUntil.Raw,
		DaysLeft: dates.DaysLeft(d.ValidUntil, "ACME domain "+d.Name, "validUntil")}
	if s.coverage {
		if dv, ok := s.dcv.For(md.Name); ok {
			md.DCVStatus = strings.ToUpper(string(dv.DCVStatus))
		}
	}
	return md
}

// uncovered lists the SCM domains that no mapped name covers: the same name, or a "*.zone" mapping for
// a name below zone (how SCM's ACME service decides what an account may order).
func uncovered(domains []scm.DomainSummary, mapped []string) []string {
	out := []string{}
	for _, d := range domains {
		n := dnsname.Lenient(d.Name)
		if !slices.ContainsFunc(mapped, func(m string) bool { return dnsname.Covers(m, n) }) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
