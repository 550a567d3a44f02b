package common

import (
	"context"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

// Session is what the shared opening hands a module's steps once the options are understood: the
// task's environment, a client for SCM, the clock and the bound on requests in flight.
type Session struct {
	Env      *ansible.Env
	Client   *scm.Client
	Clock    Clock
	Parallel int
	// Hints are what the controller remembers of the tenant (nil with scm_cache off).
	Hints *Hints
}

// Orgs is a resolver of organization names for this task, with the remembered tree.
func (s *Session) Orgs() *Orgs { return NewOrgs(s.Client.Organizations).WithHints(s.Hints) }

// Steps describes one module to the shared opening. Every module of the collection is built from one,
// so they all begin the same way (DESIGN.md, "One module skeleton"):
//
//  1. Desire turns the options into what the task wants, with no request, so bad input fails before
//     anything is sent;
//  2. the connection options are checked and the client is built;
//  3. the deadline is set: scm_timeout, plus the want's WaitTime when it waits;
//  4. Run observes, plans and, outside check mode, applies, then builds the result;
//  5. any failure gains the connection hints and SCM's failure fields.
type Steps[P connected, W any] struct {
	Name string
	Spec ansible.Spec
	// Writes is false for the info modules: nothing is written, so check mode is the same run, and
	// there is no diff to show.
	Writes bool
	Desire func(p P) (W, error)
	Run    RunStep[W]
}

// RunStep is a module's own part of a run: observe, plan, apply (outside check mode) and result.
type RunStep[W any] func(ctx context.Context, s *Session, w W) (*ansible.Result, error)

// WriteSteps describes a module that changes SCM: it supports check mode and diff.
func WriteSteps[P connected, W any](name string, spec ansible.Spec, desire func(P) (W, error), run RunStep[W]) Steps[P, W] {
	return Steps[P, W]{Name: name, Spec: spec, Writes: true, Desire: desire, Run: run}
}

// InfoSteps describes a module that only reads: check mode is the same run, and there is no diff.
func InfoSteps[P connected, W any](name string, spec ansible.Spec, desire func(P) (W, error), run RunStep[W]) Steps[P, W] {
	return Steps[P, W]{Name: name, Spec: spec, Desire: desire, Run: run}
}

// waiter is a want that waits after its writes (issuance, validation); the wait is not talking to SCM
// and must not eat the time scm_timeout gives the requests.
type waiter interface{ WaitTime() time.Duration }

// Module builds the module on clock: the real one in the executables, a fake one in tests.
func (st Steps[P, W]) Module(clock Clock) ansible.Module[P] {
	return ansible.Module[P]{
		Name:              st.Name,
		Spec:              st.Spec,
		SupportsCheckMode: true,
		SupportsDiff:      st.Writes,
		Run: func(ctx context.Context, env *ansible.Env, p P) (*ansible.Result, error) {
			conn := p.ConnectionOptions()
			res, err := st.open(ctx, env, conn, p, clock)
			return res, FailureFields(conn.Explain(err))
		},
	}
}

func (st Steps[P, W]) open(ctx context.Context, env *ansible.Env, conn Connection, p P, clock Clock) (*ansible.Result, error) {
	w, err := st.Desire(p)
	if err != nil {
		return nil, err
	}
	client, err := conn.client(env, clock)
	if err != nil {
		return nil, err
	}
	timeout := time.Duration(conn.Timeout) * time.Second
	if wt, ok := any(w).(waiter); ok {
		timeout += wt.WaitTime()
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hints := newHints(env, conn, clock.Now)
	defer hints.save()
	res, err := st.Run(ctx, &Session{Env: env, Client: client, Clock: clock, Parallel: conn.MaxParallel, Hints: hints}, w)
	if st.Writes && scm.Transient(err) && !client.WritesSent() {
		err = unchanged{err}
	}
	return res, err
}

// unchanged is a transient failure (SCM unavailable, no answer) of a module that writes, before it sent
// any write: the message says SCM was left as it was, which is what a user deciding whether to re-run
// needs to know on a bad SCM day.
type unchanged struct{ error }

func (u unchanged) Error() string {
	return u.error.Error() + " (no change was sent to SCM, so re-running the task is safe)"
}

func (u unchanged) Unwrap() error { return u.error }
