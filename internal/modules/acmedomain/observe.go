package acmedomain

import (
	"context"
	"fmt"
	"slices"

	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observed is what SCM holds for one domain, normalised.
type observed struct {
	Exists           bool
	ID               int
	Name             string // as SCM spells it, in dnsname's canonical form; "" when read from listings
	State            scm.DomainState
	Description      *string
	Delegations      []delegation
	HasRequested     bool // some delegation waits for approval
	ValidationStatus scm.DCVState
	// Detailed is true when the domain's details were read; from listings alone the certificate
	// types of a delegation are unknown.
	Detailed bool
}

// delegation is one delegation of a domain as SCM reports it.
type delegation struct {
	OrgID     int
	CertTypes []string            // sorted; nil when unknown
	Status    scm.DelegationState // "" when unknown (listings do not say)
}

func (o *observed) delegationTo(orgID int) *delegation {
	for i := range o.Delegations {
		if o.Delegations[i].OrgID == orgID {
			return &o.Delegations[i]
		}
	}
	return nil
}

// observer reads what SCM holds. It is built in run and holds readers only: observe and the reads
// that follow a first plan cannot write, because nothing they can reach has a write method.
type observer struct {
	domains  scm.DomainReader
	dcv      scm.DCVReader
	orgs     *common.Orgs
	hints    *common.Hints
	parallel int
}

func newObserver(s *common.Session) *observer {
	return &observer{domains: s.Client.Domains, dcv: s.Client.DCV, orgs: s.Orgs(), hints: s.Hints,
		parallel: s.Parallel}
}

// observe resolves the delegations' organizations, then reads the current state: per domain in the
// single form, through listings in the list form.
func (r *observer) observe(ctx context.Context, t *task) (map[string]*observed, error) {
	if err := r.resolve(ctx, t.wants); err != nil {
		return nil, err
	}
	if !t.single {
		orgIDs, err := r.listedOrgs(ctx, t.wants)
		if err != nil {
			return nil, err
		}
		cur, err := observeMany(ctx, r.domains, r.dcv, t.wants, orgIDs, r.parallel)
		for name, o := range cur {
			if o.Exists {
				r.hints.SetDomainID(name, o.ID) // for a later loop over the same domains
			}
		}
		return cur, err
	}
	cur := make(map[string]*observed, len(t.wants))
	for _, w := range t.wants {
		o, err := r.observeOne(ctx, w.Name)
		if err != nil {
			return nil, err
		}
		cur[w.Name] = o
	}
	return cur, nil
}

// resolve turns every delegation's organization or department into an id, before anything is read
// about the domains themselves (one organization listing, only when names are used).
func (r *observer) resolve(ctx context.Context, wants []*want) error {
	for _, w := range wants {
		if w.Delegations == nil {
			continue
		}
		w.delegs = []wantDelegation{}
		for i, d := range w.Delegations {
			id, err := r.orgs.Resolve(ctx, d.OrgRef)
			if err != nil {
				return fmt.Errorf("delegations[%d]: %w", i, err)
			}
			w.delegs = mergeDelegation(w.delegs, wantDelegation{OrgID: id, CertTypes: sortedCopy(d.CertTypes)})
		}
	}
	return nil
}

func mergeDelegation(ds []wantDelegation, d wantDelegation) []wantDelegation {
	for i := range ds {
		if ds[i].OrgID == d.OrgID {
			ds[i].CertTypes = sortedCopy(append(ds[i].CertTypes, d.CertTypes...))
			return ds
		}
	}
	return append(ds, d)
}

// listedOrgs is the set of organization ids whose delegation listing the list form reads: the ones
// the task names, and every visible one when purging (to find delegations to remove).
func (r *observer) listedOrgs(ctx context.Context, wants []*want) ([]int, error) {
	var ids []int
	purge := false
	for _, w := range wants {
		for _, d := range w.delegs {
			ids = append(ids, d.OrgID)
		}
		purge = purge || (w.Purge && w.Present)
	}
	if purge {
		all, err := r.orgs.AllIDs(ctx)
		if err != nil {
			return nil, err
		}
		ids = append(ids, all...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// observeAndPlan observes and plans, reading more where the listings leave a question open.
func (r *observer) observeAndPlan(ctx context.Context, t *task) (map[string]*observed, Plan, error) {
	cur, err := r.observe(ctx, t)
	if err != nil {
		return nil, Plan{}, err
	}
	pl, err := r.replan(ctx, t.wants, cur)
	return cur, pl, err
}

// replan plans, reads the details of the domains whose listings left a question open, and
// plans those again.
func (r *observer) replan(ctx context.Context, wants []*want, cur map[string]*observed) (Plan, error) {
	pl, err := plan(wants, cur)
	if err != nil {
		return pl, err
	}
	names := pl.needingDetails()
	if len(names) == 0 {
		return pl, nil
	}
	details := make([]*observed, len(names))
	errs := common.ForEach(ctx, len(names), r.parallel, func(ctx context.Context, i int) error {
		var err error
		details[i], err = readDomain(ctx, r.domains, cur[names[i]].ID)
		return err
	})
	if err := common.JoinReads(errs); err != nil {
		return Plan{}, err
	}
	for i, name := range names {
		cur[name] = details[i]
	}
	return plan(wants, cur)
}

// observeOne reads one domain by name: its details, by the id the controller remembers (one request),
// or else by the id a listing gives (two).
func (r *observer) observeOne(ctx context.Context, name string) (*observed, error) {
	if id, ok := r.hints.DomainID(name); ok {
		o, err := readDomain(ctx, r.domains, id)
		if err != nil {
			return nil, err
		}
		if o.Exists && o.Name == name {
			return o, nil
		}
		// Deleted, or the id is another domain's now: the hint is wrong, the listing decides.
		r.hints.SetDomainID(name, 0)
	}
	id, found, err := r.lookUp(ctx, name)
	if err != nil || !found {
		return &observed{}, err
	}
	r.hints.SetDomainID(name, id)
	return readDomain(ctx, r.domains, id)
}

// lookUp finds a domain's id by name. A controller that knows no domain of the tenant yet reads the
// listing's first page unfiltered instead of filtered by name: the same one request, and it remembers
// up to a page of ids, so that the next tasks of a loop over the tenant's domains read their domain
// directly. When that page is the whole listing, a name it lacks does not exist.
func (r *observer) lookUp(ctx context.Context, name string) (int, bool, error) {
	if r.hints == nil || r.hints.KnowsDomains() {
		return findID(ctx, r.domains, name)
	}
	page, err := r.domains.List(ctx, &scm.ListDomainsOptions{ListOptions: scm.ListOptions{Size: scm.MaxPageSize}})
	if err != nil {
		return 0, false, fmt.Errorf("list domains: %w", err)
	}
	id, found := 0, false
	for _, d := range page {
		n := dnsname.Lenient(d.Name)
		r.hints.SetDomainID(n, d.ID)
		if n == name {
			id, found = d.ID, true
		}
	}
	if found || len(page) < scm.MaxPageSize {
		return id, found, nil
	}
	return findID(ctx, r.domains, name)
}
