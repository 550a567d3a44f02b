package scmdomaininfo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// domainReader holds the only domain calls the module makes. Both read, so a write cannot compile here.
type domainReader interface {
	ListAll(ctx context.Context, opts *scm.ListDomainsOptions) ([]scm.DomainSummary, error)
	Get(ctx context.Context, id int) (*scm.Domain, error)
}

// dcvReader reads the DCV listing: every domain's validation status in one paged read.
type dcvReader interface {
	ListAll(ctx context.Context, opts *scm.ListDCVOptions) ([]scm.DCVValidation, error)
}

// reader carries what one run needs between its reads.
type reader struct {
	domains  domainReader
	dcv      dcvReader
	orgs     *common.Orgs
	env      *ansible.Env
	detailed bool // details=true: per-domain reads replace the state and delegation listings
	parallel int
}

func newReader(client *scm.Client, p Params, env *ansible.Env) *reader {
	return &reader{domains: client.Domains, dcv: client.DCV, orgs: common.NewOrgs(client.Organizations),
		env: env, detailed: p.Details, parallel: p.MaxParallel}
}

// snapshot is what the listings say, keyed by normalised domain name.
type snapshot struct {
	domains   []scm.DomainSummary // the domains the name and organization filters select
	dcv       map[string]scm.DCVValidation
	inactive  map[string]bool
	requested map[string]bool
	delegated map[string][]int // from listings: ids of the organizations and departments a domain is delegated to
	listed    bool             // state and delegations come from listings (details=false)
}

// observe runs the listings in parallel (at most scm_max_parallel requests in flight): every domain,
// the DCV statuses, and without details also the suspended domains, the ones awaiting delegation
// approval, and the domains delegated to each organization and department. Each costs one request
// per 200 rows, whatever the number of domains.
func (r *reader) observe(ctx context.Context, f filter) (*snapshot, error) {
	all, err := r.orgs.AllIDs(ctx) // org names for the result; ids for the delegation listings
	if err != nil {
		return nil, err
	}
	var selected []int // organization filter: the ids whose domains are selected
	if f.orgGiven() {
		id, err := r.orgs.Resolve(ctx, f.org)
		if err != nil {
			return nil, err
		}
		if selected, err = r.orgs.Family(ctx, id); err != nil {
			return nil, err
		}
	}
	perOrg := selected
	if !r.detailed {
		perOrg = all
	}
	return r.list(ctx, f, selected, perOrg)
}

// listings holds the rows of every listing of one run; each job writes only its own field.
type listings struct {
	domains, inactive, requested []scm.DomainSummary
	dcv                          []scm.DCVValidation
	byOrg                        [][]scm.DomainSummary // parallel to the perOrg ids
}

func (r *reader) list(ctx context.Context, f filter, selected, perOrg []int) (*snapshot, error) {
	l := &listings{byOrg: make([][]scm.DomainSummary, len(perOrg))}
	jobs := []func(context.Context) error{
		r.domainListing(&l.domains, "domains", &scm.ListDomainsOptions{}),
		func(ctx context.Context) (err error) {
			if l.dcv, err = r.dcv.ListAll(ctx, &scm.ListDCVOptions{}); err != nil {
				return fmt.Errorf("list DCV statuses: %w", err)
			}
			return nil
		},
	}
	if !r.detailed {
		jobs = append(jobs, r.domainListing(&l.inactive, "suspended domains", &scm.ListDomainsOptions{State: "inactive"}),
			r.domainListing(&l.requested, "domains awaiting delegation approval", &scm.ListDomainsOptions{Status: "requested"}))
	}
	for i, id := range perOrg {
		jobs = append(jobs, r.domainListing(&l.byOrg[i], fmt.Sprintf("domains delegated to %d", id), &scm.ListDomainsOptions{OrgID: id}))
	}
	errs := common.ForEach(ctx, len(jobs), r.parallel, func(ctx context.Context, i int) error { return jobs[i](ctx) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return l.snapshot(f, selected, perOrg, !r.detailed), nil
}

// snapshot indexes the rows by name and applies the name and organization filters.
func (l *listings) snapshot(f filter, selected, perOrg []int, listed bool) *snapshot {
	snap := &snapshot{dcv: map[string]scm.DCVValidation{}, inactive: names(l.inactive), requested: names(l.requested),
		delegated: map[string][]int{}, listed: listed}
	for _, v := range l.dcv {
		snap.dcv[normalName(v.Domain)] = v
	}
	inSelected := map[string]bool{}
	for i, id := range perOrg {
		for _, d := range l.byOrg[i] {
			n := normalName(d.Name)
			snap.delegated[n] = append(snap.delegated[n], id)
			inSelected[n] = inSelected[n] || slices.Contains(selected, id)
		}
	}
	for _, d := range l.domains {
		n := normalName(d.Name)
		if f.matchName(n) && (selected == nil || inSelected[n]) {
			snap.domains = append(snap.domains, scm.DomainSummary{ID: d.ID, Name: n})
		}
	}
	return snap
}

func (r *reader) domainListing(into *[]scm.DomainSummary, what string, opts *scm.ListDomainsOptions) func(context.Context) error {
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
func (r *reader) details(ctx context.Context, doms []*domain) ([]*domain, error) {
	got := make([]*scm.Domain, len(doms))
	errs := common.ForEach(ctx, len(doms), r.parallel, func(ctx context.Context, i int) error {
		d, err := r.domains.Get(ctx, doms[i].ID)
		if errors.Is(err, scm.ErrNotFound) {
			r.env.Tracef("domain %s (%d) disappeared after the listing", doms[i].Name, doms[i].ID)
			return nil
		}
		if err != nil {
			return fmt.Errorf("read domain %s (%d): %w", doms[i].Name, doms[i].ID, err)
		}
		got[i] = d
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := doms[:0:0]
	for i, d := range doms {
		if got[i] != nil {
			d.addDetails(got[i])
			out = append(out, d)
		}
	}
	return out, nil
}

func names(rows []scm.DomainSummary) map[string]bool {
	m := make(map[string]bool, len(rows))
	for _, d := range rows {
		m[normalName(d.Name)] = true
	}
	return m
}

// normalName is a name as SCM stores it, compared without case and trailing dot.
func normalName(n string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(n), "."))
}
