package acmeuserdomains

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// outcome is what apply did, and the mapping it left.
type outcome struct {
	Added, Removed []string
	// After is the mapping after the run: read again when SCM's answer left a question open, projected
	// from the answers otherwise.
	After []string
}

// apply sends the add, then the removal. A failure of one does not stop the other; both are reported.
func (r *runner) apply(ctx context.Context, o observed, pl plan) (outcome, error) {
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

// add sends one add request. Names SCM reports as not added are checked against a fresh read: another
// run may have added them meanwhile (SCM reports a name already there as not added), which is success.
// An add whose answer was lost is not sent again blindly: a fresh read tells what happened, and only the
// names the account still lacks are sent again (adding a name twice leaves the same account).
func (r *runner) add(ctx context.Context, o observed, names []string, out *outcome) error {
	id := o.AccountID
	send := names
	var notAdded []string
	var err error
	for attempt := 1; ; attempt++ {
		notAdded, err = r.acme.AddDomains(ctx, id, send)
		if !errors.Is(err, scm.ErrMayHaveBeenApplied) {
			break
		}
		missing, rerr := r.missingAfter(ctx, id, names, out)
		if rerr != nil || len(missing) == 0 || attempt == common.LostWriteAttempts {
			out.Added = minus(names, missing)
			return lostAnswer(fmt.Sprintf("add %s to ACME account %d", list(names), id), err, rerr, missing, "not on the account")
		}
		r.env.Tracef("add to ACME account %d: uncertain answer (%v); %s not on the account, sending again", id, err, list(missing))
		send = missing
	}
	if err != nil {
		return fmt.Errorf("add %s to ACME account %d: %w", list(names), id, err)
	}
	refused := intersect(normalList(notAdded), names)
	out.Added = minus(names, refused)
	if len(refused) == 0 {
		out.After = union(out.After, names)
		return nil
	}
	missing, err := r.missingAfter(ctx, id, refused, out)
	if err != nil {
		return fmt.Errorf("SCM did not add %s to ACME account %d, and reading the account to check failed: %w", list(refused), id, err)
	}
	if len(missing) > 0 {
		return fmt.Errorf("SCM did not add %s to ACME account %d: SCM only adds a name that is an SCM domain, or lies "+
			"below one, delegated to the account's organization%s and validated; check the domain with "+
			"scmkit.sectigo.acme_domain (delegations) and scmkit.sectigo.scm_dcv (validation)", list(missing), id, orgNote(o))
	}
	return nil
}

// remove sends one removal request. Names SCM reports as not removed are checked against a fresh read:
// an earlier attempt of the same request, or another run, may have removed them meanwhile.
func (r *runner) remove(ctx context.Context, o observed, names []string, out *outcome) error {
	id := o.AccountID
	notRemoved, err := r.acme.RemoveDomains(ctx, id, spelled(o, names))
	if errors.Is(err, scm.ErrMayHaveBeenApplied) {
		still, rerr := r.presentAfter(ctx, id, names, out)
		out.Removed = minus(names, still)
		return lostAnswer(fmt.Sprintf("remove %s from ACME account %d", list(names), id), err, rerr, still, "still on the account")
	}
	if err != nil {
		return fmt.Errorf("remove %s from ACME account %d: %w", list(names), id, err)
	}
	refused := intersect(normalList(notRemoved), names)
	out.Removed = minus(names, refused)
	if len(refused) == 0 {
		out.After = minus(out.After, names)
		return nil
	}
	still, err := r.presentAfter(ctx, id, refused, out)
	if err != nil {
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

// missingAfter reads the account again and returns which of names it lacks.
func (r *runner) missingAfter(ctx context.Context, id int, names []string, out *outcome) ([]string, error) {
	now, _, err := r.domains(ctx, id)
	if err != nil {
		return names, err
	}
	out.After = now
	return minus(names, now), nil
}

// presentAfter reads the account again and returns which of names it still holds.
func (r *runner) presentAfter(ctx context.Context, id int, names []string, out *outcome) ([]string, error) {
	now, _, err := r.domains(ctx, id)
	if err != nil {
		return names, err
	}
	out.After = now
	return intersect(names, now), nil
}

// lostAnswer explains a write whose answer was lost, after the account was read again.
func lostAnswer(what string, cause, readErr error, left []string, state string) error {
	switch {
	case readErr != nil:
		return fmt.Errorf("%s: %w; reading the account afterwards failed too (%v); re-running the task is safe", what, cause, readErr)
	case len(left) > 0:
		return fmt.Errorf("%s: %w; %s %s; re-running the task is safe", what, cause, list(left), state)
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
		out[i] = normalName(n)
	}
	return out
}

func list(names []string) string { return strings.Join(names, ", ") }
