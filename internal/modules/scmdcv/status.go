package scmdcv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// The status call of one domain, read by observe's replan, by apply to confirm a write whose answer was
// lost and to report a validation, and by the wait. They take a reader, so they can never write.

// fromStatus reads the status call's answer, which is fresher than the list and carries the order's
// instructions.
func fromStatus(st *scm.DCVStatus, now time.Time) observed {
	o := observed{Status: normEnum(st.Status), OrderStatus: normEnum(st.OrderStatus),
		OrderMethod: orderMethod(st.OrderMode), Detailed: true,
		Instr: instructions{Host: st.Host, Point: st.Point, URL: st.URL, FirstLine: st.FirstLine,
			SecondLine: st.SecondLine, ValidationEmail: st.ValidationEmail}}
	o.setDates(st.ExpirationDate, st.ValidationDate, now)
	return o.defaults()
}

// readStatus reads one domain's status call.
func readStatus(ctx context.Context, rd scm.DCVReader, target string, now time.Time) (observed, error) {
	st, err := rd.Status(ctx, target)
	if err != nil {
		return observed{}, explain(fmt.Errorf("read the DCV status of %s: %w", target, err), target)
	}
	return fromStatus(st, now), nil
}

// readStatuses reads the status call of items in parallel (at most parallel in flight) and hands each
// answer to use, which runs in the item's own goroutine. Errors, of reads and of use, are joined.
func readStatuses(ctx context.Context, rd scm.DCVReader, now time.Time, parallel int, items []*item,
	use func(it *item, o observed) error) error {
	errs := common.ForEach(ctx, len(items), parallel, func(ctx context.Context, i int) error {
		o, err := readStatus(ctx, rd, items[i].Target, now)
		if err != nil {
			return err
		}
		return use(items[i], o)
	})
	return common.JoinReads(errs)
}

// refresh reads the dates of a domain SCM validated during the run (a submit answer carries none),
// keeping what the run learnt that the status call does not repeat.
func refresh(ctx context.Context, rd scm.DCVReader, target string, o observed, now time.Time) (observed, error) {
	fresh, err := readStatus(ctx, rd, target, now)
	if err != nil {
		return o, err
	}
	fresh.ValidatedBy = orDefault(fresh.ValidatedBy, o.ValidatedBy)
	fresh.Instr = o.Instr.merge(fresh.Instr)
	return fresh, nil
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
