package scmdomaininfo

import (
	"context"
	"fmt"
	"slices"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observer reads what SCM holds. It holds readers only (and the environment, for trace lines).
type observer struct {
	domains  scm.DomainReader
	dcv      common.DCVLister
	orgs     *common.Orgs
	env      *ansible.Env
	parallel int
}

func newObserver(s *common.Session) *observer {
	return &observer{domains: s.Client.Domains, dcv: s.Client.DCV, orgs: s.Orgs(),
		env: s.Env, parallel: s.Parallel}
}

// snapshot is what the listings say, keyed by normalised domain name.
type snapshot struct {
	domains   []scm.DomainSummary // the domains the name and organization filters select
	dcv       common.DCVIndex
	inactive  map[string]bool
	requested map[string]bool
	delegated map[string][]int // from listings: ids of the organizations and departments a domain is delegated to
	listed    bool             // state and delegations come from listings (details=false)
}

// observe runs the listings in parallel (at most scm_max_parallel requests in flight): every domain,
// the DCV statuses, and without details also the suspended domains, the ones awaiting delegation
// approval, and the domains delegated to each organization and department. Each costs one request
// per 200 rows, whatever the number of domains.
func (r *observer) observe(ctx context.Context, f filter) (*snapshot, error) {
	selected, err := common.SelectOrgs(ctx, r.orgs, f.org) // the ids whose domains are selected
	if err != nil {
		return nil, err
	}
	perOrg := selected
	if !f.details {
		if perOrg, err = r.orgs.AllIDs(ctx); err != nil { // already listed: no request
			return nil, err
		}
	}
	return r.list(ctx, f, selected, perOrg)
}

// listings holds the rows of every listing of one run; each job writes only its own field.
type listings struct {
	domains, inactive, requested []scm.DomainSummary
	dcv                          common.DCVIndex
	byOrg                        [][]scm.DomainSummary // parallel to the perOrg ids
}

func (r *observer) list(ctx context.Context, f filter, selected, perOrg []int) (*snapshot, error) {
	l := &listings{byOrg: make([][]scm.DomainSummary, len(perOrg))}
	jobs := []func(context.Context) error{
		r.domainListing(&l.domains, "domains", &scm.ListDomainsOptions{}),
		func(ctx context.Context) (err error) { l.dcv, err = common.ListDCV(ctx, r.dcv); return err },
	}
	if !f.details {
		jobs = append(jobs, r.domainListing(&l.inactive, "suspended domains", &scm.ListDomainsOptions{State: "inactive"}),
			r.domainListing(&l.requested, "domains awaiting delegation approval", &scm.ListDomainsOptions{Status: "requested"}))
	}
	for i, id := range perOrg {
		jobs = append(jobs, r.domainListing(&l.byOrg[i], fmt.Sprintf("domains delegated to %d", id), &scm.ListDomainsOptions{OrgID: id}))
	}
	if err := common.Concurrently(ctx, r.parallel, jobs...); err != nil {
		return nil, err
	}
	return l.snapshot(f, selected, perOrg), nil
}

// snapshot indexes the rows by name and applies the name and organization filters.
func (l *listings) snapshot(f filter, selected, perOrg []int) *snapshot {
	snap := &snapshot{dcv: l.dcv, inactive: names(l.inactive), requested: names(l.requested),
		delegated: map[string][]int{}, listed: !f.details}
	inSelected := map[string]bool{}
	for i, id := range perOrg {
		for _, d := range l.byOrg[i] {
			n := dnsname.Lenient(d.Name)
			snap.delegated[n] = append(snap.delegated[n], id)
			inSelected[n] = inSelected[n] || slices.Contains(selected, id)
		}
	}
	for _, d := range l.domains {
		n := dnsname.Lenient(d.Name)
		if f.matchName(n) && (selected == nil || inSelected[n]) {
			snap.domains = append(snap.domains, scm.DomainSummary{ID: d.ID, Name: n})
		}
	}
	return snap
}

func (r *observer) domainListing(into *[]scm.DomainSummary, what string, opts *scm.ListDomainsOptions) func(context.Context) error {
	return func(ctx context.Context) error {
		rows, err := r.domains.ListAll(ctx, opts)
		if err != nil {
			return fmt.Errorf("list %s: %w", what, err)
		}
		*into = rows
		return nil
	}
}

// details reads each selected domain (scm_max_parallel at a time) for what no listing carries: the
// certificate types and status of every delegation, the description and the DCV validation date.
// A domain deleted since the listing is dropped.
func (r *observer) details(ctx context.Context, doms []*domain) ([]*domain, error) {
	got, err := common.GetEach(ctx, len(doms), r.parallel, func(ctx context.Context, i int) (*scm.Domain, error) {
		d, err := r.domains.Get(ctx, doms[i].ID)
		if err != nil {
			return nil, fmt.Errorf("read domain %s (%d): %w", doms[i].Name, doms[i].ID, err)
		}
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	out := doms[:0:0]
	for i, d := range doms {
		if got[i] == nil {
			r.env.Tracef("domain %s (%d) disappeared after the listing", d.Name, d.ID)
			continue
		}
		d.addDetails(got[i])
		out = append(out, d)
	}
	return out, nil
}

func names(rows []scm.DomainSummary) map[string]bool {
	m := make(map[string]bool, len(rows))
	for _, d := range rows {
		m[dnsname.Lenient(d.Name)] = true
	}
	return m
}
