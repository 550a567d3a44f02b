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

// writer is reader plus the domain writes. Only the applier holds one.
type writer interface {
	scm.DomainReader
	Create(ctx context.Context, req *scm.CreateDomainRequest) (int, error)
	Delete(ctx context.Context, id int) error
	Activate(ctx context.Context, id int) error
	Suspend(ctx context.Context, id int) error
	Delegate(ctx context.Context, id int, req *scm.DelegationRequest) error
	RemoveDelegation(ctx context.Context, id int, req *scm.DelegationRequest) error
	ApproveDelegation(ctx context.Context, id, orgID int) error
}

// applier sends the plan's writes. It is built only outside check mode.
type applier struct {
	domains  writer
	dcv      scm.DCVReader
	env      *ansible.Env
	hints    *common.Hints
	single   bool
	parallel int
}

func newApplier(s *common.Session, single bool) *applier {
	return &applier{domains: s.Client.Domains, dcv: s.Client.DCV, env: s.Env, hints: s.Hints, single: single,
		parallel: s.Parallel}
}

// outcome is what apply did to one domain.
type outcome struct {
	done  []action
	id    int       // the domain's id after the run (new id after a create)
	after *observed // the domain re-read after its changes (single form), nil otherwise
	// created is what the list form's listings say of a domain it created: its validation status and
	// whether a delegation awaits approval (nil for other domains, and in the single form).
	created *createdState
	err     error
}

// apply runs each domain's actions in order, domains in parallel (at most scm_max_parallel requests
// in flight). A failure stops that domain only; every outcome is reported.
func (r *applier) apply(ctx context.Context, pl Plan, cur map[string]*observed) []outcome {
	out := make([]outcome, len(pl.items))
	common.ForEach(ctx, len(pl.items), r.parallel, func(ctx context.Context, i int) error {
		it := pl.items[i]
		out[i] = r.applyItem(ctx, it, cur[it.w.Name])
		return out[i].err
	})
	if !r.single {
		r.readCreated(ctx, pl, out)
	}
	return out
}

func (r *applier) applyItem(ctx context.Context, it item, o *observed) outcome {
	oc := outcome{id: o.ID}
	for _, a := range it.actions {
		var err error
		if a.Kind == actCreate {
			oc.id, err = r.create(ctx, it.w)
			if err == nil {
				r.hints.SetDomainID(it.w.Name, oc.id) // the next task on it reads it directly
			}
		} else {
			err = r.writeObserved(ctx, oc.id, a)
		}
		if err != nil {
			oc.err = fmt.Errorf("%s: %w", a, err)
			return oc
		}
		oc.done = append(oc.done, a)
		if a.Kind == actCreate && it.w.Approve {
			if oc.err = r.approveAfterCreate(ctx, it.w, &oc); oc.err != nil {
				return oc
			}
		}
	}
	if r.single && len(oc.done) > 0 && it.w.Present {
		oc.after, _ = readDomain(ctx, r.domains, oc.id) // only for reporting; the writes are done
	}
	return oc
}

// create sends the create. When the answer is lost (timeout, 5xx, dropped connection) or SCM says the
// domain already exists, the module looks instead of sending it blindly again, and adopts the domain it
// finds. When it finds none, SCM did not create it, and the create is sent again: SCM's domain names
// are unique, so even a first create that lands late cannot make a duplicate (the second is refused as
// a conflict, and the domain is adopted).
func (r *applier) create(ctx context.Context, w *want) (int, error) {
	req := createRequest(w)
	var id int
	err := common.LostWrite{
		What: "create " + w.Name,
		Send: func(ctx context.Context) (err error) {
			id, err = r.domains.Create(ctx, req)
			return err
		},
		Applied: func(ctx context.Context) (found bool, err error) {
			id, found, err = findID(ctx, r.domains, w.Name)
			return found, err
		},
		Absent: func() string { return "the domain was not found" },
		Uncertain: func(err error) bool {
			return errors.Is(err, scm.ErrMayHaveBeenApplied) || errors.Is(err, scm.ErrConflict)
		},
		Tracef: r.env.Tracef,
	}.Reconcile(ctx)
	return id, err
}

func createRequest(w *want) *scm.CreateDomainRequest {
	active := w.Active
	req := &scm.CreateDomainRequest{Name: w.Name, Active: &active}
	if w.Description != nil {
		req.Description = *w.Description
	}
	for _, d := range w.delegs {
		req.Delegations = append(req.Delegations, scm.DelegationRequest{OrgID: d.OrgID, CertTypes: d.CertTypes})
	}
	return req
}

func (r *applier) approveAfterCreate(ctx context.Context, w *want, oc *outcome) error {
	o, err := readDomain(ctx, r.domains, oc.id)
	if err != nil {
		return err
	}
	for _, d := range o.Delegations {
		if d.Status != scm.DelegationRequested {
			continue
		}
		a := action{Kind: actApprove, Name: w.Name, OrgID: d.OrgID}
		if err := r.writeObserved(ctx, oc.id, a); err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
		oc.done = append(oc.done, a)
	}
	return nil
}

// writeObserved sends a write. Adding a delegation and approving one are unsafe for the client (it does
// not repeat them after a lost answer); when their answer is lost the module reads the domain: if the
// change is there, it is done; if not, SCM did not apply it, and the write is sent again. Both set a
// state, so a first write that lands late and a second one leave the same domain.
func (r *applier) writeObserved(ctx context.Context, id int, a action) error {
	return common.LostWrite{
		What: a.String(),
		Send: func(ctx context.Context) error { return r.write(ctx, id, a) },
		Applied: func(ctx context.Context) (bool, error) {
			o, err := readDomain(ctx, r.domains, id)
			return err == nil && shows(o, a), err
		},
		Absent: func() string { return "the domain did not show the change" },
		Tracef: r.env.Tracef,
	}.Reconcile(ctx)
}

// shows tells whether the domain as read shows the effect of an add-delegation or approve action.
func shows(o *observed, a action) bool {
	d := o.delegationTo(a.OrgID)
	switch {
	case d == nil:
		return false
	case a.Kind == actApprove:
		return d.Status != scm.DelegationRequested
	case a.Kind == actDelegate:
		return isSubset(a.CertTypes, d.CertTypes)
	}
	return false
}

func (r *applier) write(ctx context.Context, id int, a action) error {
	switch a.Kind {
	case actDelete:
		err := r.domains.Delete(ctx, id)
		if errors.Is(err, scm.ErrNotFound) {
			return nil // gone already: that is what was asked
		}
		return err
	case actActivate:
		return r.domains.Activate(ctx, id)
	case actSuspend:
		return r.domains.Suspend(ctx, id)
	case actDelegate:
		return r.domains.Delegate(ctx, id, &scm.DelegationRequest{OrgID: a.OrgID, CertTypes: a.CertTypes})
	case actUndelegate:
		return r.domains.RemoveDelegation(ctx, id, &scm.DelegationRequest{OrgID: a.OrgID, CertTypes: a.CertTypes})
	case actApprove:
		return r.domains.ApproveDelegation(ctx, id, a.OrgID)
	}
	return fmt.Errorf("unknown action %d", a.Kind)
}

// readCreated fills in what the list form reports of the domains it created, so that they carry a
// validation status and delegation statuses like every other domain (and like the single form, which
// reads a created domain back). Two listings serve any number of creates; a failure leaves the fields
// out and is traced, because the writes are done.
func (r *applier) readCreated(ctx context.Context, pl Plan, out []outcome) {
	names := make([]string, len(out))
	var created []int
	for i, oc := range out {
		if slices.ContainsFunc(oc.done, func(a action) bool { return a.Kind == actCreate }) {
			created, names[i] = append(created, i), pl.items[i].w.Name
		}
	}
	if len(created) == 0 {
		return
	}
	states, err := listCreatedStates(ctx, r.domains, r.dcv, r.parallel)
	if err != nil {
		r.env.Tracef("reading the created domains' statuses: %v", err)
		return
	}
	for _, i := range created {
		out[i].created = states.of(names[i])
	}
}

// applyErr joins the failures of every domain into one error, or nil.
func applyErr(out []outcome) error {
	var errs []error
	for _, oc := range out {
		if oc.err != nil {
			errs = append(errs, oc.err)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d domains failed: %w", len(errs), len(out), errors.Join(errs...))
}
