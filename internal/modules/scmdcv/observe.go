package scmdcv

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// reader is every SCM read the module makes. observe only ever sees this interface, so a write during
// observation does not compile.
type reader interface {
	ListAll(ctx context.Context, opts *scm.ListDCVOptions) ([]scm.DCVValidation, error)
	Status(ctx context.Context, domain string) (*scm.DCVStatus, error)
}

// observed is what SCM says about one validated domain, normalised.
type observed struct {
	Status      string // VALIDATED, NOT_VALIDATED, EXPIRED
	OrderStatus string // NOT_INITIATED, AWAITING_SUBMISSION, SUBMITTED, ...
	OrderMethod string // method of the order SCM holds ("" when none)
	ValidatedBy string // method that validated the domain, when SCM says
	Expires     string // yyyy-mm-dd; "" when unknown
	DaysLeft    *int   // whole days until Expires; nil when unknown
	// Detailed is set when the status call was read: it carries the order's instructions, which the
	// list does not.
	Detailed bool
	Instr    instructions
}

// runner carries what one module run needs between its steps.
type runner struct {
	dcv      writer
	t        *task
	env      *ansible.Env
	clock    clock
	parallel int
}

// observe reads the DCV list once (paged: one request per 200 domains, whatever the number of names
// in the task) and groups the task's names by the domain SCM validates for them, in input order.
func (r *runner) observe(ctx context.Context) ([]*item, error) {
	rows, err := r.dcv.ListAll(ctx, &scm.ListDCVOptions{})
	if err != nil {
		return nil, fmt.Errorf("list DCV statuses: %w", err)
	}
	byName := make(map[string]scm.DCVValidation, len(rows))
	entries := make([]string, 0, len(rows))
	for _, row := range rows {
		n := normalName(row.Domain)
		byName[n] = row
		entries = append(entries, n)
	}
	return groupByTarget(r.t.Wants, entries, byName, r.clock.Now())
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
	o.setExpires(row.ExpirationDate, now)
	return o.defaults()
}

// fromStatus reads the status call's answer, which is fresher than the list and carries the order's
// instructions.
func fromStatus(st *scm.DCVStatus, now time.Time) observed {
	o := observed{Status: normEnum(st.Status), OrderStatus: normEnum(st.OrderStatus),
		OrderMethod: orderMethod(st.OrderMode), Detailed: true,
		Instr: instructions{Host: st.Host, Point: st.Point, URL: st.URL, FirstLine: st.FirstLine,
			SecondLine: st.SecondLine, ValidationEmail: st.ValidationEmail}}
	o.setExpires(st.ExpirationDate, now)
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

func (o *observed) setExpires(date string, now time.Time) {
	o.Expires = strings.TrimSpace(date)
	exp, err := time.Parse(time.DateOnly, o.Expires)
	if err != nil {
		o.Expires, o.DaysLeft = "", nil
		return
	}
	days := int(math.Floor(exp.Sub(now).Hours() / 24))
	o.DaysLeft = &days
}

// pending reports an order under way: started and waiting for submission, or submitted.
func (o observed) pending() bool {
	return o.OrderStatus == orderAwaiting || o.OrderStatus == orderSubmitted
}

// readStatus reads one domain's status call.
func readStatus(ctx context.Context, rd reader, target string, now time.Time) (observed, error) {
	st, err := rd.Status(ctx, target)
	if err != nil {
		return observed{}, explain(fmt.Errorf("read the DCV status of %s: %w", target, err), target)
	}
	return fromStatus(st, now), nil
}

// readStatuses reads the status call of the items at idx, in parallel, into Before.
func (r *runner) readStatuses(ctx context.Context, items []*item, idx []int) error {
	now := r.clock.Now()
	errs := common.ForEach(ctx, len(idx), r.parallel, func(ctx context.Context, i int) error {
		it := items[idx[i]]
		o, err := readStatus(ctx, r.dcv, it.Target, now)
		if err == nil {
			it.Before = o
		}
		return err
	})
	return errors.Join(errs...)
}

// explain adds what to do to SCM's -723 ("not a high-level domain"), which means the SCM domain the
// module chose is not the one SCM validates.
func explain(err error, target string) error {
	var apiErr *scm.APIError
	if errors.As(err, &apiErr) && apiErr.Code == -723 {
		return fmt.Errorf("%w; SCM does not validate %s itself: add the registrable domain above it to SCM "+
			"(scmkit.sectigo.acme_domain) and run the task again", err, target)
	}
	return err
}

func normalName(n string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(n), "."))
}

// planWithStatus plans, reads the status call of the items that need it (an order under way whose
// instructions only that call carries), and plans those again.
func (r *runner) planWithStatus(ctx context.Context, items []*item) ([]*item, error) {
	plan(r.t, items)
	var idx []int
	for i, it := range items {
		if it.NeedStatus {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return items, nil
	}
	if err := r.readStatuses(ctx, items, idx); err != nil {
		return nil, err
	}
	plan(r.t, items)
	return items, nil
}
