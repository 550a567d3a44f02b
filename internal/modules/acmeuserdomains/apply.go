package acmeuserdomains

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// writer is reader plus the two domain writes. Only the applier holds one.
type writer interface {
	scm.ACMEReader
	AddDomains(ctx context.Context, id int, names []string) (notAdded []string, err error)
	RemoveDomains(ctx context.Context, id int, names []string) (notRemoved []string, err error)
}

// applier sends the add and the removal. It is built only outside check mode.
type applier struct {
	acme writer
	env  *ansible.Env
}

func newApplier(s *common.Session) *applier { return &applier{acme: s.Client.ACME, env: s.Env} }

// outcome is what apply did, and the mapping it left.
type outcome struct {
	Added, Removed []string
	// After is the mapping after the run: read again when SCM's answer left a question open, projected
	// from the answers otherwise.
	After []string
}

// apply sends the add, then the removal. A failure of one does not stop the other; both are reported.
func (r *applier) apply(ctx context.Context, o observed, pl Plan) (outcome, error) {
	out := outcome{Added: []string{}, Removed: []string{}, After: o.Domains}
	var errs []error
	if len(pl.Add) > 0 {
		errs = append(errs, r.add(ctx, o, pl.Add, &out))
	}
	if len(pl.Remove) > 0 {
		errs = append(errs, r.remove(ctx, o, pl.Remove, &out))
	}
	return out, errors.Join(errs...)
}

// add sends one add request, then settles the names SCM reports as not added: another run may have
// added them meanwhile (SCM reports a name already there as not added), which is success.
func (r *applier) add(ctx context.Context, o observed, names []string, out *outcome) error {
	id := o.AccountID
	notAdded, missing, err := r.sendAdd(ctx, id, names, out)
	if err != nil {
		out.Added = minus(names, missing) // the names a read after a lost answer found on the account
		return fmt.Errorf("add %s to ACME account %d: %w", list(names), id, err)
	}
	refused, missing, err := r.settle(ctx, id, names, notAdded, out, union, minus)
	out.Added = minus(names, refused)
	switch {
	case err != nil:
		return fmt.Errorf("SCM did not add %s to ACME account %d, and reading the account to check failed: %w", list(refused), id, err)
	case len(missing) > 0:
		return fmt.Errorf("SCM did not add %s to ACME account %d: SCM only adds a name that is an SCM domain, or lies "+
			"below one, delegated to the account's organization%s and validated; check the domain with "+
			"scmkit.sectigo.acme_domain (delegations) and scmkit.sectigo.scm_dcv (validation)", list(missing), id, orgNote(o))
	}
	return nil
}

// sendAdd sends the add. An add whose answer was lost is not sent again blindly: a fresh read tells
// what happened, and only the names the account still lacks are sent again (adding a name twice leaves
// the same account). It returns SCM's list of names not added (none when a read confirmed the add),
// and the names the last read found missing (all of them when there was no read).
func (r *applier) sendAdd(ctx context.Context, id int, names []string, out *outcome) (notAdded, missing []string, err error) {
	missing = names
	err = common.LostWrite{
		What: fmt.Sprintf("add %s to ACME account %d", list(names), id),
		Send: func(ctx context.Context) (err error) {
			notAdded, err = r.acme.AddDomains(ctx, id, missing)
			return err
		},
		Applied: func(ctx context.Context) (applied bool, err error) {
			notAdded = nil // from here the read, not SCM's answer, tells what is missing
			missing, err = r.recheck(ctx, id, names, out, minus)
			return len(missing) == 0, err
		},
		Absent: func() string { return "the account lacks " + list(missing) },
		Tracef: r.env.Tracef,
	}.Reconcile(ctx)
	return notAdded, missing, err
}

// remove sends one removal request, then settles the names SCM reports as not removed: an earlier
// attempt of the same request, or another run, may have removed them meanwhile. A removal whose answer
// was lost is not sent again by the module (the client already repeats it, as it is safe to repeat); a
// fresh read tells what happened.
func (r *applier) remove(ctx context.Context, o observed, names []string, out *outcome) error {
	id := o.AccountID
	notRemoved, err := r.acme.RemoveDomains(ctx, id, spelled(o, names))
	if errors.Is(err, scm.ErrMayHaveBeenApplied) {
		still, rerr := r.recheck(ctx, id, names, out, intersect)
		out.Removed = minus(names, still)
		return removalLost(fmt.Sprintf("remove %s from ACME account %d", list(names), id), err, rerr, still)
	}
	if err != nil {
		return fmt.Errorf("remove %s from ACME account %d: %w", list(names), id, err)
	}
	refused, still, err := r.settle(ctx, id, names, notRemoved, out, minus, intersect)
	if err != nil {
		out.Removed = minus(names, refused)
		return fmt.Errorf("SCM did not remove %s from ACME account %d, and reading the account to check failed: %w", list(refused), id, err)
	}
	// A name reported as not removed that is gone counts as removed: the client repeats a removal
	// whose answer was lost (it is safe to repeat), and the repeat finds the name already gone.
	out.Removed = minus(names, still)
	if len(still) > 0 {
		return fmt.Errorf("SCM did not remove %s from ACME account %d although the account holds them; check that "+
			"this admin may change the account", list(still), id)
	}
	return nil
}

// settle takes SCM's answer to a write of names: the names it reports as not done are its refusals.
// When there are none, the mapping is projected (done: union for an add, minus for a removal);
// otherwise the account is read again and notDone picks the refusals the read shows still not done.
func (r *applier) settle(ctx context.Context, id int, names, reported []string, out *outcome,
	done, notDone func(a, b []string) []string) (refused, left []string, err error) {
	refused = intersect(normalList(reported), names)
	if len(refused) == 0 {
		out.After = done(out.After, names)
		return refused, nil, nil
	}
	left, err = r.recheck(ctx, id, refused, out, notDone)
	return refused, left, err
}

// recheck reads the account again and returns the names notDone picks given the read: minus for the
// names an add left missing, intersect for those a removal left on the account. When the read fails,
// every name is in doubt.
func (r *applier) recheck(ctx context.Context, id int, names []string, out *outcome, notDone func(names, now []string) []string) ([]string, error) {
	now, _, err := readDomains(ctx, r.acme, id)
	if err != nil {
		return names, err
	}
	out.After = now
	return notDone(names, now), nil
}

// removalLost explains a removal whose answer was lost, after the account was read again; nil when the
// read shows every name gone.
func removalLost(what string, cause, readErr error, still []string) error {
	switch {
	case readErr != nil:
		return fmt.Errorf("%s: %w; reading the account afterwards failed too (%v); re-running the task is safe", what, cause, readErr)
	case len(still) > 0:
		return fmt.Errorf("%s: %w; %s still on the account; re-running the task is safe", what, cause, list(still))
	}
	return nil
}

func orgNote(o observed) string {
	if o.OrgID == 0 {
		return ""
	}
	return fmt.Sprintf(" (id %d)", o.OrgID)
}

// spelled maps normalised names back to SCM's spelling for the removal.
func spelled(o observed, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if s, ok := o.Spelled[n]; ok {
			out[i] = s
		}
	}
	return out
}

func normalList(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = dnsname.Lenient(n)
	}
	return out
}

func list(names []string) string { return strings.Join(names, ", ") }
