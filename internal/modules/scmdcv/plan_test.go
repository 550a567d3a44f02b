package scmdcv

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func days(n int) *int { return &n }

func TestPlan(t *testing.T) {
	t.Parallel()
	present := func(method string) task { return task{Present: true, Method: method, MinDays: 30} }
	withSubmit := func(tk task) task { tk.Submit = true; return tk }
	notValidated := observed{Status: statusNotValidated, OrderStatus: orderNone}
	// validatedFor is validated, expiring in expiry days and usable for usable days (less when the
	// CA/Browser Forum's reuse period ends first).
	validatedFor := func(expiry, usable int) observed {
		return observed{Status: statusValidated, OrderStatus: orderNone, DaysLeft: days(expiry), UsableDays: days(usable)}
	}
	awaiting := func(method string, detailed bool) observed {
		return observed{Status: statusNotValidated, OrderStatus: orderAwaiting, OrderMethod: method, Detailed: detailed}
	}
	submitted := func(method string) observed {
		return observed{Status: statusNotValidated, OrderStatus: orderSubmitted, OrderMethod: method, Detailed: true}
	}
	tests := []struct {
		desc       string
		task       task
		cur        observed
		wantActs   []string
		wantStatus bool
		wantRelist bool
		wantOrder  string
		wantMethod string
	}{
		{desc: "validated and far from expiry needs nothing", task: present(methodCNAME),
			cur: validatedFor(200, 200), wantOrder: orderNone},
		{desc: "validated without a known expiry needs nothing", task: present(methodCNAME),
			cur: observed{Status: statusValidated, OrderStatus: orderNone}, wantOrder: orderNone},
		{desc: "validated but expiring within min_days_valid is validated again", task: present(methodCNAME),
			cur:      validatedFor(29, 29),
			wantActs: []string{"start cname validation of a.org"}, wantOrder: orderAwaiting, wantMethod: methodCNAME},
		{desc: "expiring exactly at min_days_valid is still fine", task: present(methodCNAME),
			cur: validatedFor(30, 30), wantOrder: orderNone},
		{desc: "reuse period ending within min_days_valid is validated again, whatever SCM's expiry",
			task: present(methodCNAME), cur: validatedFor(150, 29),
			wantActs: []string{"start cname validation of a.org"}, wantOrder: orderAwaiting, wantMethod: methodCNAME},
		{desc: "reuse period ending exactly at min_days_valid is still fine", task: present(methodCNAME),
			cur: validatedFor(150, 30), wantOrder: orderNone},
		{desc: "not validated starts", task: present(methodHTTP), cur: notValidated,
			wantActs: []string{"start http validation of a.org"}, wantOrder: orderAwaiting, wantMethod: methodHTTP},
		{desc: "expired starts and submits", task: withSubmit(present(methodHTTPS)),
			cur:       observed{Status: "EXPIRED", OrderStatus: orderNone},
			wantActs:  []string{"start https validation of a.org", "submit https validation of a.org"},
			wantOrder: orderSubmitted, wantMethod: methodHTTPS},
		{desc: "txt has no start step: it submits without being asked", task: present(methodTXT), cur: notValidated,
			wantActs: []string{"submit txt validation of a.org"}, wantOrder: orderSubmitted, wantMethod: methodTXT},
		{desc: "pending order of the same method seen in the list needs the status call", task: present(methodCNAME),
			cur: awaiting(methodCNAME, false), wantStatus: true, wantOrder: orderAwaiting, wantMethod: methodCNAME},
		{desc: "pending order of the same method is not restarted", task: present(methodCNAME),
			cur: awaiting(methodCNAME, true), wantOrder: orderAwaiting, wantMethod: methodCNAME},
		{desc: "awaiting order is submitted when asked", task: withSubmit(present(methodCNAME)),
			cur: awaiting(methodCNAME, true), wantActs: []string{"submit cname validation of a.org"},
			wantOrder: orderSubmitted, wantMethod: methodCNAME},
		{desc: "submitted order is not submitted again", task: withSubmit(present(methodCNAME)),
			cur: submitted(methodCNAME), wantOrder: orderSubmitted, wantMethod: methodCNAME},
		{desc: "submitted txt order is not submitted again", task: present(methodTXT),
			cur: submitted(methodTXT), wantOrder: orderSubmitted, wantMethod: methodTXT},
		{desc: "pending order of another method is replaced", task: present(methodCNAME),
			cur:      awaiting(methodHTTP, false),
			wantActs: []string{"start cname validation of a.org"}, wantOrder: orderAwaiting, wantMethod: methodCNAME},
		{desc: "awaiting email order lists its addresses again without a change", task: present(methodEmail),
			cur: awaiting(methodEmail, true), wantRelist: true, wantOrder: orderAwaiting, wantMethod: methodEmail},
		{desc: "awaiting email order is submitted to the address given",
			task: task{Present: true, Method: methodEmail, Email: "admin@a.org", Submit: true},
			cur:  awaiting(methodEmail, true), wantActs: []string{"submit email validation of a.org to admin@a.org"},
			wantOrder: orderSubmitted, wantMethod: methodEmail},
		{desc: "email submitted to another address is sent again",
			task: task{Present: true, Method: methodEmail, Email: "admin@a.org", Submit: true},
			cur: observed{Status: statusNotValidated, OrderStatus: orderSubmitted, OrderMethod: methodEmail, Detailed: true,
				Instr: instructions{ValidationEmail: "webmaster@a.org"}},
			wantActs: []string{"submit email validation of a.org to admin@a.org"}, wantOrder: orderSubmitted, wantMethod: methodEmail},
		{desc: "email submitted to the same address is left alone",
			task: task{Present: true, Method: methodEmail, Email: "admin@a.org", Submit: true},
			cur: observed{Status: statusNotValidated, OrderStatus: orderSubmitted, OrderMethod: methodEmail, Detailed: true,
				Instr: instructions{ValidationEmail: "Admin@a.org"}},
			wantOrder: orderSubmitted, wantMethod: methodEmail},
		{desc: "absent clears a pending order whatever its method", task: task{}, cur: submitted(methodHTTP),
			wantActs: []string{"clear the pending validation order of a.org"}, wantOrder: orderNone},
		{desc: "absent without an order needs nothing", task: task{}, cur: notValidated, wantOrder: orderNone},
		{desc: "absent leaves a completed validation alone", task: task{},
			cur: observed{Status: statusValidated, OrderStatus: orderNone}, wantOrder: orderNone},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			tk := tc.task
			it := &item{Target: "a.org", Before: tc.cur}
			plan(&tk, []*item{it})
			var acts []string
			for _, a := range it.Actions {
				acts = append(acts, a.describe(it.Target))
			}
			assert.Equal(t, tc.wantActs, acts)
			assert.Equal(t, tc.wantStatus, it.NeedStatus)
			assert.Equal(t, tc.wantRelist, it.RelistEmail)
			assert.Equal(t, tc.wantOrder, it.After.OrderStatus)
			assert.Equal(t, tc.wantMethod, it.After.OrderMethod)
			assert.Equal(t, len(tc.wantActs) > 0, changed([]*item{it}))
		})
	}
}

// TestPlan_replanIsStable: planning twice from the same state gives the same plan, so the second plan
// after the status call cannot add an action the first one did not foresee for an unchanged state.
func TestPlan_replanIsStable(t *testing.T) {
	t.Parallel()
	tk := &task{Present: true, Method: methodCNAME, Submit: true}
	it := &item{Target: "a.org", Before: observed{Status: statusNotValidated, OrderStatus: orderAwaiting,
		OrderMethod: methodCNAME, Detailed: true}}
	plan(tk, []*item{it})
	first := it.Actions
	plan(tk, []*item{it})
	assert.Equal(t, first, it.Actions)
}

func TestProject_keepsWhatSCMDecides(t *testing.T) {
	t.Parallel()
	o := project(observed{Status: "EXPIRED", OrderStatus: orderNone},
		[]action{{Kind: actStart, Method: methodCNAME}, {Kind: actSubmit, Method: methodCNAME}})
	assert.Equal(t, "EXPIRED", o.Status, "a submit does not validate; SCM does")
	assert.Equal(t, orderSubmitted, o.OrderStatus)
	assert.Equal(t, methodCNAME, o.method())
}
