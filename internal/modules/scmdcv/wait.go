package scmdcv

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// The wait polls at a growing interval: SCM checks a submitted order on its own schedule (about every
// ten minutes, per nextCheck), so polling fast for long only adds load.
const (
	firstPoll = 2 * time.Second
	maxPoll   = 30 * time.Second
)

// poller waits for SCM to validate what apply submitted. It holds a reader only: the wait never
// writes, it reads the status call and sleeps on the session's clock.
type poller struct {
	dcv      scm.DCVReader
	t        *task
	clock    common.Clock
	parallel int
}

func newPoller(s *common.Session, t *task) *poller {
	return &poller{dcv: s.Client.DCV, t: t, clock: s.Clock, parallel: s.Parallel}
}

// wait polls the status call of every item that is not validated yet until each is, or wait_timeout
// passes. It reads only; an order that SCM stops checking (not submitted, cleared, rejected) ends the
// wait at once with an error naming the domain, because waiting longer cannot help.
func (r *poller) wait(ctx context.Context, items []*item) error {
	if err := notSubmitted(items, r.t); err != nil {
		return err
	}
	deadline := r.clock.Now().Add(r.t.WaitTimeout)
	interval := firstPoll
	for {
		waiting := r.unsatisfied(items)
		if len(waiting) == 0 {
			return nil
		}
		now := r.clock.Now()
		if !now.Before(deadline) {
			return r.timeoutErr(waiting)
		}
		if err := r.clock.Sleep(ctx, min(interval, deadline.Sub(now))); err != nil {
			return fmt.Errorf("%w (%v)", r.timeoutErr(waiting), err)
		}
		interval = min(2*interval, maxPoll)
		if err := r.poll(ctx, waiting); err != nil {
			return err
		}
	}
}

func (r *poller) unsatisfied(items []*item) []*item {
	var out []*item
	for _, it := range items {
		if !r.t.satisfied(it.After) {
			out = append(out, it)
		}
	}
	return out
}

// poll reads the status of the waiting items in parallel, and stops at an order SCM no longer checks.
func (r *poller) poll(ctx context.Context, waiting []*item) error {
	return readStatuses(ctx, r.dcv, r.clock.Now(), r.parallel, waiting, func(it *item, o observed) error {
		o.Instr = it.After.Instr.merge(o.Instr)
		if o.Status == statusValidated && !o.pending() {
			o.ValidatedBy = orDefault(o.ValidatedBy, it.After.OrderMethod)
		}
		it.After = o
		return stuck(it, r.t)
	})
}

// stuck reports an item that cannot become validated by waiting: no submitted order, or a validation
// that is done but shorter than min_days_valid.
func stuck(it *item, t *task) error {
	o := it.After
	if t.satisfied(o) || o.OrderStatus == orderSubmitted {
		return nil
	}
	if o.Status == statusValidated && !o.pending() && o.UsableDays != nil {
		hint := ""
		if *o.UsableDays > 0 {
			hint = fmt.Sprintf("; set min_days_valid below %d", *o.UsableDays)
		}
		return fmt.Errorf("wait: %s is validated, but can be used for %d days only (until %s), fewer than "+
			"min_days_valid=%d, so waiting cannot help%s", it.Target, *o.UsableDays,
			o.UsableUntil.Format(time.DateOnly), t.MinDays, hint)
	}
	if o.OrderStatus == orderAwaiting {
		return fmt.Errorf("wait: the %s validation of %s is waiting for submission, so SCM does not check it; "+
			"run with submit=true", o.OrderMethod, it.Target)
	}
	return fmt.Errorf("wait: %s is %s and no validation order is under way (order status %s); SCM will not "+
		"validate it by itself", it.Target, o.Status, o.OrderStatus)
}

func notSubmitted(items []*item, t *task) error {
	var errs []error
	for _, it := range items {
		errs = append(errs, stuck(it, t))
	}
	return errors.Join(errs...)
}

// timeoutErr names every domain still not validated and where it stands.
func (r *poller) timeoutErr(waiting []*item) error {
	parts := make([]string, len(waiting))
	for i, it := range waiting {
		parts[i] = fmt.Sprintf("%s (%s, order %s)", it.Target, it.After.Status, it.After.OrderStatus)
	}
	return fmt.Errorf("wait_timeout: %d s passed and SCM has not validated %d domain(s): %s",
		int(r.t.WaitTimeout/time.Second), len(waiting), strings.Join(parts, ", "))
}
