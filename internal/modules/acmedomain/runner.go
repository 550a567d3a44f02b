package acmedomain

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// writer is reader plus the domain writes; only apply gets it.
type writer interface {
	reader
	Create(ctx context.Context, req *scm.CreateDomainRequest) (int, error)
	Delete(ctx context.Context, id int) error
	Activate(ctx context.Context, id int) error
	Suspend(ctx context.Context, id int) error
	Delegate(ctx context.Context, id int, req *scm.DelegationRequest) error
	RemoveDelegation(ctx context.Context, id int, req *scm.DelegationRequest) error
	ApproveDelegation(ctx context.Context, id, orgID int) error
}

// runner carries what one module run needs between its steps.
type runner struct {
	domains  writer
	dcv      dcvReader
	orgs     *common.Orgs
	p        Params
	env      *ansible.Env
	single   bool
	parallel int
}

func newRunner(client *scm.Client, p Params, env *ansible.Env) *runner {
	return &runner{
		domains: client.Domains, dcv: client.DCV, orgs: common.NewOrgs(client.Organizations),
		p: p, env: env, single: p.Domains == nil, parallel: p.MaxParallel,
	}
}

// resolve turns every delegation's organization or department into an id, before anything is read
// about the domains themselves (one organization listing, only when names are used).
func (r *runner) resolve(ctx context.Context, wants []*want) error {
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

// observe reads the current state: per domain in the single form, through listings in the list form.
func (r *runner) observe(ctx context.Context, wants []*want) (map[string]*observed, error) {
	if !r.single {
		orgIDs, err := r.listedOrgs(ctx, wants)
		if err != nil {
			return nil, err
		}
		return observeMany(ctx, r.domains, r.dcv, wants, orgIDs, r.parallel)
	}
	cur := make(map[string]*observed, len(wants))
	for _, w := range wants {
		o, err := observeOne(ctx, r.domains, w.Name)
		if err != nil {
			return nil, err
		}
		cur[w.Name] = o
	}
	return cur, nil
}

// listedOrgs is the set of organization ids whose delegation listing the list form reads: the ones
// the task names, and every visible one when purging (to find delegations to remove).
func (r *runner) listedOrgs(ctx context.Context, wants []*want) ([]int, error) {
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

// planWithDetails plans, reads the details of the domains whose listings left a question open, and
// plans those again.
func (r *runner) planWithDetails(ctx context.Context, wants []*want, cur map[string]*observed) (Plan, error) {
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
		details[i], err = observeDetails(ctx, r.domains, cur[names[i]].ID)
		return err
	})
	if err := errors.Join(errs...); err != nil {
		return Plan{}, err
	}
	for i, name := range names {
		cur[name] = details[i]
	}
	return plan(wants, cur)
}
