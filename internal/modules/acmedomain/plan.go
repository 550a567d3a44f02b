package acmedomain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/scm"
)

type actionKind int

const (
	actCreate actionKind = iota
	actDelete
	actActivate
	actSuspend
	actDelegate
	actUndelegate
	actApprove
)

// action is one SCM write for one domain.
type action struct {
	Kind      actionKind
	Name      string
	OrgID     int
	CertTypes []string
}

// String is the action as the result's `actions` list shows it.
func (a action) String() string {
	switch a.Kind {
	case actCreate:
		return "create " + a.Name
	case actDelete:
		return "delete " + a.Name
	case actActivate:
		return "activate " + a.Name
	case actSuspend:
		return "suspend " + a.Name
	case actDelegate:
		return fmt.Sprintf("delegate %s to %d (%s)", a.Name, a.OrgID, strings.Join(a.CertTypes, ", "))
	case actUndelegate:
		return fmt.Sprintf("remove delegation of %s to %d", a.Name, a.OrgID)
	default:
		return fmt.Sprintf("approve delegation of %s to %d", a.Name, a.OrgID)
	}
}

// item is the plan for one domain.
type item struct {
	w        *want
	actions  []action
	warnings []string
	// needDetails is set when listings alone cannot tell what to do (list form): the domain's details
	// are read and the item is planned again.
	needDetails bool
}

// Plan is the ordered list of per-domain plans. It is empty when nothing needs doing.
type Plan struct{ items []item }

func (pl Plan) empty() bool {
	for _, it := range pl.items {
		if len(it.actions) > 0 {
			return false
		}
	}
	return true
}

// needingDetails lists the names whose items need the domain's details.
func (pl Plan) needingDetails() []string {
	var names []string
	for _, it := range pl.items {
		if it.needDetails {
			names = append(names, it.w.Name)
		}
	}
	return names
}

// plan compares every want with what SCM holds. It is pure: no I/O, no clock.
func plan(wants []*want, cur map[string]*observed) (Plan, error) {
	var pl Plan
	for _, w := range wants {
		it, err := planOne(w, cur[w.Name])
		if err != nil {
			return Plan{}, err
		}
		pl.items = append(pl.items, it)
	}
	return pl, nil
}

func planOne(w *want, o *observed) (item, error) {
	it := item{w: w}
	switch {
	case !w.Present && o.Exists:
		it.actions = append(it.actions, action{Kind: actDelete, Name: w.Name})
	case !w.Present:
	case !o.Exists:
		if len(w.delegs) == 0 {
			return it, fmt.Errorf("%s: domain %s does not exist and no delegations are given; SCM needs at least one to create it", w.Param, w.Name)
		}
		it.actions = append(it.actions, action{Kind: actCreate, Name: w.Name})
	default:
		planExisting(&it, w, o)
	}
	return it, nil
}

func planExisting(it *item, w *want, o *observed) {
	if w.Active && o.State == scm.DomainSuspended {
		it.actions = append(it.actions, action{Kind: actActivate, Name: w.Name})
	}
	if !w.Active && o.State == scm.DomainActive {
		it.actions = append(it.actions, action{Kind: actSuspend, Name: w.Name})
	}
	if w.Description != nil && o.Description != nil && *w.Description != *o.Description {
		it.warnings = append(it.warnings, fmt.Sprintf("%s: SCM holds the description %q; SCM's API cannot change the description of an existing domain, so it was left as it is", w.Name, *o.Description))
	}
	if w.delegs != nil {
		planDelegations(it, w, o)
	}
	if w.Approve && o.HasRequested {
		planApprovals(it, w, o)
	}
}

func planDelegations(it *item, w *want, o *observed) {
	for _, wd := range w.delegs {
		d := o.delegationTo(wd.OrgID)
		switch {
		case d == nil:
			it.actions = append(it.actions, action{Kind: actDelegate, Name: w.Name, OrgID: wd.OrgID, CertTypes: wd.CertTypes})
		case d.CertTypes == nil && !slices.Equal(wd.CertTypes, []string{"SSL"}):
			it.needDetails = true
		case d.CertTypes != nil && !isSubset(wd.CertTypes, d.CertTypes):
			it.actions = append(it.actions, action{Kind: actDelegate, Name: w.Name, OrgID: wd.OrgID,
				CertTypes: sortedCopy(append(slices.Clone(d.CertTypes), wd.CertTypes...))})
		}
	}
	if !w.Purge {
		return
	}
	for _, d := range o.Delegations {
		if wantsOrg(w, d.OrgID) {
			continue
		}
		if d.CertTypes == nil {
			it.needDetails = true
			continue
		}
		it.actions = append(it.actions, action{Kind: actUndelegate, Name: w.Name, OrgID: d.OrgID, CertTypes: d.CertTypes})
	}
}

func planApprovals(it *item, w *want, o *observed) {
	if !o.Detailed {
		it.needDetails = true
		return
	}
	for _, d := range o.Delegations {
		if d.Status == scm.DelegationRequested {
			it.actions = append(it.actions, action{Kind: actApprove, Name: w.Name, OrgID: d.OrgID})
		}
	}
}

func wantsOrg(w *want, orgID int) bool {
	for _, wd := range w.delegs {
		if wd.OrgID == orgID {
			return true
		}
	}
	return false
}

func isSubset(sub, set []string) bool {
	for _, s := range sub {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}
