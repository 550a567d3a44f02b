package scmdcv

import (
	"slices"
	"strings"
)

type actionKind int

const (
	actStart actionKind = iota
	actSubmit
	actClear
)

// action is one SCM write for one validated domain.
type action struct {
	Kind   actionKind
	Method string
	Email  string // submit with method email
}

// describe is the action as the result's `actions` lists show it.
func (a action) describe(target string) string {
	switch a.Kind {
	case actStart:
		return "start " + a.Method + " validation of " + target
	case actSubmit:
		if a.Email != "" {
			return "submit email validation of " + target + " to " + a.Email
		}
		return "submit " + a.Method + " validation of " + target
	default:
		return "clear the pending validation order of " + target
	}
}

// item is one domain SCM validates, with the task's names that map to it: what SCM holds, what the
// plan does, and (after a real run) what happened.
type item struct {
	Target string
	Wants  []want
	Before observed

	Actions []action
	// NeedStatus asks for the status call before the item can be planned: an order with the task's
	// method is under way, and only the status call carries its instructions.
	NeedStatus bool
	// RelistEmail asks SCM again for the candidate addresses of an email order that is waiting for
	// submission; SCM hands them out only from its start call (see apply).
	RelistEmail bool

	After observed // predicted by plan; replaced by what SCM answered after a real run
	Done  []action
	Err   error
}

// plan decides every item from what SCM holds. It is pure: no I/O, no clock.
func plan(t *task, items []*item) {
	for _, it := range items {
		it.Actions, it.NeedStatus, it.RelistEmail = nil, false, false
		if t.Present {
			planPresent(t, it)
		} else if it.Before.pending() {
			it.Actions = []action{{Kind: actClear}}
		}
		it.After = project(it.Before, it.Actions)
	}
}

func planPresent(t *task, it *item) {
	o := it.Before
	if t.satisfied(o) {
		return
	}
	if o.pending() && o.OrderMethod == t.Method {
		if !o.Detailed {
			it.NeedStatus = true
			return
		}
		if t.submits() && (o.OrderStatus == orderAwaiting || t.newAddress(o)) {
			it.Actions = append(it.Actions, t.submitAction())
		}
		it.RelistEmail = t.Method == methodEmail && o.OrderStatus == orderAwaiting && !t.Submit
		return
	}
	if t.Method != methodTXT {
		it.Actions = append(it.Actions, action{Kind: actStart, Method: t.Method})
	}
	if t.submits() {
		it.Actions = append(it.Actions, t.submitAction())
	}
}

func (t *task) submitAction() action {
	return action{Kind: actSubmit, Method: t.Method, Email: t.Email}
}

// satisfied is "nothing to do": validated, and usable for min_days_valid days more or longer, that is
// not expiring within min_days_valid days and, when SCM reported the validation date, not reaching the
// end of the CA/Browser Forum's reuse period within them either (observed.UsableDays). A validated
// domain of which neither is known counts as satisfied.
func (t *task) satisfied(o observed) bool {
	return o.Status == statusValidated && (o.UsableDays == nil || *o.UsableDays >= t.MinDays)
}

// newAddress reports a submitted email order whose mail went to another address than the task names:
// submitting again sends it to the new one.
func (t *task) newAddress(o observed) bool {
	return t.Method == methodEmail && o.OrderStatus == orderSubmitted && o.Instr.ValidationEmail != "" &&
		!strings.EqualFold(o.Instr.ValidationEmail, t.Email)
}

// project applies actions to what SCM holds: the state a run leads to (check mode shows this).
// Validation itself is SCM's to decide, so a submit leads to SUBMITTED, not VALIDATED.
func project(o observed, actions []action) observed {
	for _, a := range actions {
		switch a.Kind {
		case actStart:
			o.OrderStatus, o.OrderMethod, o.Instr = orderAwaiting, a.Method, instructions{}
		case actSubmit:
			o.OrderStatus, o.OrderMethod = orderSubmitted, a.Method
			o.Instr.ValidationEmail = a.Email
		case actClear:
			o.OrderStatus, o.OrderMethod, o.Instr = orderNone, "", instructions{}
		}
	}
	return o
}

// changed reports whether any item has an action.
func changed(items []*item) bool {
	for _, it := range items {
		if len(it.Actions) > 0 {
			return true
		}
	}
	return false
}

// validatedNames are the names of the items whose plan starts or submits a validation: the ones a CAA
// record set could make pointless.
func validatedNames(items []*item) []string {
	var names []string
	for _, it := range items {
		if !slices.ContainsFunc(it.Actions, func(a action) bool { return a.Kind == actStart || a.Kind == actSubmit }) {
			continue
		}
		for _, w := range it.Wants {
			names = append(names, w.Name)
		}
	}
	return names
}
