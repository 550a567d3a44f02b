package scmdcv

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observed is what SCM says about one validated domain, normalised.
type observed struct {
	Status      string // VALIDATED, NOT_VALIDATED, EXPIRED
	OrderStatus string // NOT_INITIATED, AWAITING_SUBMISSION, SUBMITTED, ...
	OrderMethod string // method of the order SCM holds ("" when none)
	ValidatedBy string // method that validated the domain, when SCM says
	Expires     string // yyyy-mm-dd; "" when unknown
	DaysLeft    *int   // calendar days (UTC) until Expires, common.DaysLeft; nil when unknown
	Validated   string // yyyy-mm-dd, from the status call; "" when unknown (the DCV list does not carry it)
	// UsableUntil is the last day (UTC) the validation can be used: SCM's expiry or, when Validated is
	// known, the last day the CA/Browser Forum's reuse period allows (reuseEnds), whichever comes first;
	// zero when neither is known. UsableDays counts the calendar days until it, like DaysLeft.
	UsableUntil time.Time
	UsableDays  *int
	// Detailed is set when the status call was read: it carries the order's instructions, which the
	// list does not.
	Detailed bool
	Instr    instructions
}

// observer reads what SCM holds. It is built in run and holds a reader only: observe and replan
// cannot write, because nothing they can reach has a write method.
type observer struct {
	dcv      scm.DCVReader
	clock    common.Clock
	parallel int
}

func newObserver(s *common.Session) *observer {
	return &observer{dcv: s.Client.DCV, clock: s.Clock, parallel: s.Parallel}
}

// observe reads the DCV list once (paged: one request per 200 domains, whatever the number of names
// in the task) and groups the task's names by the domain SCM validates for them, in input order.
func (r *observer) observe(ctx context.Context, t *task) ([]*item, error) {
	rows, err := r.dcv.ListAll(ctx, &scm.ListDCVOptions{})
	if err != nil {
		return nil, fmt.Errorf("list DCV statuses: %w", err)
	}
	byName := make(map[string]scm.DCVValidation, len(rows))
	entries := make([]string, 0, len(rows))
	for _, row := range rows {
		n := dnsname.Lenient(row.Domain)
		byName[n] = row
		entries = append(entries, n)
	}
	return groupByTarget(t.Wants, entries, byName, r.clock.Now())
}

func groupByTarget(wants []want, entries []string, byName map[string]scm.DCVValidation, now time.Time) ([]*item, error) {
	var items []*item
	index := map[string]*item{}
	var unknown []string
	for _, w := range wants {
		target, ok := targetFor(w.Name, entries)
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%s: %s", w.Param, w.Name))
			continue
		}
		it := index[target]
		if it == nil {
			it = &item{Target: target, Before: fromRow(rowFor(target, byName), now)}
			index[target] = it
			items = append(items, it)
		}
		it.Wants = append(it.Wants, w)
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("%s: not in SCM, or not visible to this admin: no SCM domain is at or above it, "+
			"so SCM cannot validate it (-727); add the domain with scmkit.sectigo.acme_domain first",
			strings.Join(unknown, "; "))
	}
	return items, nil
}

// rowFor finds the list entry of target itself, or of its wildcard twin when only "*.target" is an SCM
// domain (both carry target's validation).
func rowFor(target string, byName map[string]scm.DCVValidation) scm.DCVValidation {
	if row, ok := byName[target]; ok {
		return row
	}
	return byName["*."+target]
}

func fromRow(row scm.DCVValidation, now time.Time) observed {
	o := observed{Status: normEnum(row.DCVStatus), OrderStatus: normEnum(row.DCVOrderStatus),
		OrderMethod: orderMethod(row.DCVOrderMethod), ValidatedBy: validatedBy(row.DCVMethod)}
	o.setDates(row.ExpirationDate, scm.Date{}, now)
	return o.defaults()
}

// defaults fills what SCM leaves out: no status means not validated, no order status means no order.
func (o observed) defaults() observed {
	if o.Status == "" {
		o.Status = statusNotValidated
	}
	if o.OrderStatus == "" {
		o.OrderStatus = orderNone
	}
	if !o.pending() {
		o.OrderMethod = ""
	}
	return o
}

// setDates takes SCM's expiry and validation dates; none, or one that cannot be read, leaves it unknown.
func (o *observed) setDates(expires, validated scm.Date, now time.Time) {
	o.Expires, o.DaysLeft, o.Validated, o.UsableUntil, o.UsableDays = "", nil, "", time.Time{}, nil
	if !expires.Time.IsZero() {
		o.Expires = expires.Time.Format(time.DateOnly)
		days := common.DaysLeft(expires.Time, now)
		o.DaysLeft = &days
		o.UsableUntil = utcDay(expires.Time)
	}
	if !validated.Time.IsZero() {
		o.Validated = validated.Time.Format(time.DateOnly)
		if end := reuseEnds(validated.Time); o.UsableUntil.IsZero() || end.Before(o.UsableUntil) {
			o.UsableUntil = end
		}
	}
	if !o.UsableUntil.IsZero() {
		days := common.DaysLeft(o.UsableUntil, now)
		o.UsableDays = &days
	}
}

// revalidateAfter is the last day (yyyy-mm-dd) a validated domain is left alone with minDays as
// min_days_valid: a run on any later day validates it again (see task.satisfied). "" when the domain is
// not validated or the last day it can be used is unknown.
func (o observed) revalidateAfter(minDays int) string {
	if o.Status != statusValidated || o.UsableUntil.IsZero() {
		return ""
	}
	return o.UsableUntil.AddDate(0, 0, -minDays).Format(time.DateOnly)
}

// pending reports an order under way: started and waiting for submission, or submitted.
func (o observed) pending() bool {
	return o.OrderStatus == orderAwaiting || o.OrderStatus == orderSubmitted
}

// replan plans, reads the status call of the items that need it (an order under way whose
// instructions only that call carries), and plans those again.
func (r *observer) replan(ctx context.Context, t *task, items []*item) error {
	plan(t, items)
	var need []*item
	for _, it := range items {
		if it.NeedStatus {
			need = append(need, it)
		}
	}
	if len(need) == 0 {
		return nil
	}
	err := readStatuses(ctx, r.dcv, r.clock.Now(), r.parallel, need, func(it *item, o observed) error {
		it.Before = o
		return nil
	})
	if err != nil {
		return err
	}
	plan(t, items)
	return nil
}
