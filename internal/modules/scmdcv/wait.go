package scmdcv

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// clock is the module's time (common.SystemClock outside tests).
type clock = common.Clock

// The wait polls at a growing interval: SCM checks a submitted order on its own schedule (about every
// ten minutes, per nextCheck), so polling fast for long only adds load.
const (
	firstPoll = 2 * time.Second
	maxPoll   = 30 * time.Second
)

// wait polls the status call of every item that is not validated yet until each is, or wait_timeout
// passes. It reads only; an order that SCM stops checking (not submitted, cleared, rejected) ends the
// wait at once with an error naming the domain, because waiting longer cannot help.
func (r *runner) wait(ctx context.Context, items []*item) error {
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

func (r *runner) unsatisfied(items []*item) []*item {
	var out []*item
	for _, it := range items {
		if !r.t.satisfied(it.After) {
			out = append(out, it)
		}
	}
	return out
}

// poll reads the status of the waiting items in parallel, and stops at an order SCM no longer checks.
func (r *runner) poll(ctx context.Context, waiting []*item) error {
	now := r.clock.Now()
	errs := common.ForEach(ctx, len(waiting), r.parallel, func(ctx context.Context, i int) error {
		it := waiting[i]
		o, err := readStatus(ctx, r.dcv, it.Target, now)
		if err != nil {
			return err
		}
		o.Instr = it.After.Instr.merge(o.Instr)
		if o.Status == statusValidated && !o.pending() {
			o.ValidatedBy = orDefault(o.ValidatedBy, it.After.OrderMethod)
		}
		it.After = o
		return stuck(it, r.t)
	})
	return errors.Join(errs...)
}

// stuck reports an item that cannot become validated by waiting: no submitted order.
func stuck(it *item, t *task) error {
	o := it.After
	if t.satisfied(o) || o.OrderStatus == orderSubmitted {
		return nil
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
func (r *runner) timeoutErr(waiting []*item) error {
	parts := make([]string, len(waiting))
	for i, it := range waiting {
		parts[i] = fmt.Sprintf("%s (%s, order %s)", it.Target, it.After.Status, it.After.OrderStatus)
	}
	return fmt.Errorf("wait_timeout: %d s passed and SCM has not validated %d domain(s): %s",
		int(r.t.WaitTimeout/time.Second), len(waiting), strings.Join(parts, ", "))
}
