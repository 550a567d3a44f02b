package scmdcv

import (
	"context"
	"errors"
	"fmt"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// writer is reader plus the DCV writes. Only the applier holds one.
type writer interface {
	scm.DCVReader
	StartCNAME(ctx context.Context, domain string) (*scm.CNAMEInstructions, error)
	StartHTTP(ctx context.Context, domain string, https bool) (*scm.HTTPInstructions, error)
	StartEmail(ctx context.Context, domain string) (*scm.EmailInstructions, error)
	SubmitCNAME(ctx context.Context, domain string) (*scm.SubmitResult, error)
	SubmitHTTP(ctx context.Context, domain string, https bool) (*scm.SubmitResult, error)
	SubmitTXT(ctx context.Context, domain string) (*scm.SubmitResult, error)
	SubmitEmail(ctx context.Context, domain, email string) (*scm.SubmitResult, error)
	Clear(ctx context.Context, domain string) (*scm.SubmitResult, error)
}

// applier sends the plan's writes. It is built only outside check mode.
type applier struct {
	dcv      writer
	t        *task
	env      *ansible.Env
	clock    common.Clock
	parallel int
}

func newApplier(s *common.Session, t *task) *applier {
	return &applier{dcv: s.Client.DCV, t: t, env: s.Env, clock: s.Clock, parallel: s.Parallel}
}

// apply runs each item's actions in order, items in parallel (at most scm_max_parallel requests in
// flight). A failure stops that item only; every item's outcome is reported.
func (r *applier) apply(ctx context.Context, items []*item) error {
	errs := common.ForEach(ctx, len(items), r.parallel, func(ctx context.Context, i int) error {
		return r.applyItem(ctx, items[i])
	})
	var failed []error
	for _, err := range errs {
		if err != nil {
			failed = append(failed, err)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d domains failed: %w", len(failed), len(items), errors.Join(failed...))
}

func (r *applier) applyItem(ctx context.Context, it *item) error {
	o := it.Before
	defer func() { it.After = o }()
	for _, a := range it.Actions {
		next, err := r.write(ctx, it.Target, a, o)
		if err != nil {
			it.Err = fmt.Errorf("%s: %w", a.describe(it.Target), explain(err, it.Target))
			return it.Err
		}
		o = next
		it.Done = append(it.Done, a)
	}
	if it.RelistEmail {
		emails, err := r.dcv.StartEmail(ctx, it.Target)
		if err != nil {
			it.Err = fmt.Errorf("list the validation addresses of %s: %w", it.Target, err)
			return it.Err
		}
		o.Instr.Emails = candidateEmails(emails)
	}
	if len(it.Done) > 0 && o.Status == statusValidated {
		o = r.refresh(ctx, it.Target, o)
	}
	return nil
}

// write sends one action and returns what SCM holds afterwards. A start, submit or clear whose answer
// was lost (timeout, 5xx, dropped connection) is not sent again blindly: the status call tells whether
// it was applied, and the module adopts that. When the status shows it was not applied, it is sent again,
// built on what the status showed: a domain has at most one DCV order, and each of these sets its state,
// so nothing can be duplicated.
func (r *applier) write(ctx context.Context, target string, a action, o observed) (observed, error) {
	next := o
	err := common.LostWrite{
		What: a.describe(target),
		Send: func(ctx context.Context) (err error) {
			next, err = r.send(ctx, target, a, o)
			return err
		},
		Applied: func(ctx context.Context) (bool, error) {
			seen, err := readStatus(ctx, r.dcv, target, r.clock.Now())
			if err != nil {
				return false, err
			}
			o, next = seen, seen
			return r.applied(a, seen), nil
		},
		Absent: func() string { return fmt.Sprintf("the status showed %s, order %s", o.Status, o.OrderStatus) },
		Tracef: r.env.Tracef,
	}.Reconcile(ctx)
	return next, err
}

func (r *applier) send(ctx context.Context, target string, a action, o observed) (observed, error) {
	switch a.Kind {
	case actStart:
		return r.start(ctx, target, a.Method, o)
	case actSubmit:
		return r.submit(ctx, target, a, o)
	default:
		return r.clear(ctx, target, o)
	}
}

// applied tells whether the status s shows the effect of action a.
func (r *applier) applied(a action, s observed) bool {
	switch a.Kind {
	case actStart:
		return s.pending() && s.OrderMethod == a.Method
	case actSubmit:
		return (s.OrderStatus == orderSubmitted && s.OrderMethod == a.Method) || (!s.pending() && r.t.satisfied(s))
	default:
		return !s.pending()
	}
}

func (r *applier) start(ctx context.Context, target, method string, o observed) (observed, error) {
	var in instructions
	switch method {
	case methodCNAME:
		res, err := r.dcv.StartCNAME(ctx, target)
		if err != nil {
			return o, err
		}
		in.Host, in.Point = res.Host, res.Point
	case methodHTTP, methodHTTPS:
		res, err := r.dcv.StartHTTP(ctx, target, method == methodHTTPS)
		if err != nil {
			return o, err
		}
		in.URL, in.FirstLine, in.SecondLine = res.URL, res.FirstLine, res.SecondLine
	case methodEmail:
		res, err := r.dcv.StartEmail(ctx, target)
		if err != nil {
			return o, err
		}
		in.Emails = candidateEmails(res)
	default:
		return o, fmt.Errorf("method %s has no start step", method)
	}
	o.OrderStatus, o.OrderMethod, o.Instr = orderAwaiting, method, in
	return o, nil
}

func (r *applier) submit(ctx context.Context, target string, a action, o observed) (observed, error) {
	var res *scm.SubmitResult
	var err error
	switch a.Method {
	case methodCNAME:
		res, err = r.dcv.SubmitCNAME(ctx, target)
	case methodHTTP, methodHTTPS:
		res, err = r.dcv.SubmitHTTP(ctx, target, a.Method == methodHTTPS)
	case methodTXT:
		res, err = r.dcv.SubmitTXT(ctx, target)
	default:
		res, err = r.dcv.SubmitEmail(ctx, target, a.Email)
	}
	if err != nil {
		return o, err
	}
	return afterSubmit(o, a, res), nil
}

// afterSubmit is what SCM holds after a submit: its answer's statuses (SCM may validate at once), and
// the record for TXT, which only the submit hands out.
func afterSubmit(o observed, a action, res *scm.SubmitResult) observed {
	o.Status, o.OrderStatus, o.OrderMethod = orDefault(normEnum(res.Status), o.Status), orderSubmitted, a.Method
	if s := normEnum(res.OrderStatus); s != "" {
		o.OrderStatus = s
	}
	o.Instr = o.Instr.merge(instructions{Host: res.Host, Point: res.Point, ValidationEmail: a.Email})
	if o.Status == statusValidated && !o.pending() {
		o.ValidatedBy, o.OrderMethod = a.Method, ""
	}
	return o
}

func (r *applier) clear(ctx context.Context, target string, o observed) (observed, error) {
	res, err := r.dcv.Clear(ctx, target)
	if err != nil {
		return o, err
	}
	o.Status = orDefault(normEnum(res.Status), o.Status)
	o.OrderStatus, o.OrderMethod, o.Instr = orderNone, "", instructions{}
	return o, nil
}

// refresh reads the dates of a domain SCM validated during the run. It only serves the report, so a
// failure leaves the answer as it was and is traced.
func (r *applier) refresh(ctx context.Context, target string, o observed) observed {
	fresh, err := refresh(ctx, r.dcv, target, o, r.clock.Now())
	if err != nil {
		r.env.Tracef("re-read %s after validation: %v", target, err)
	}
	return fresh
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
