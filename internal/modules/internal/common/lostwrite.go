package common

import (
	"context"
	"errors"
	"fmt"

	"github.com/scmkit/sectigo/internal/scm"
)

// LostWriteAttempts is how often a module sends a write whose answer is lost every time (a timeout, a
// 5xx, a dropped connection) while SCM, read before each new attempt, shows it not applied. Only writes
// that cannot duplicate anything are sent again (DESIGN.md, invariant 3): a domain create (names are
// unique), a delegation add or approval, a DCV start, submit or clear, names added to an ACME account.
// The read before each attempt is what keeps the re-send from being blind.
const LostWriteAttempts = 4

// LostWrite is one write that may be sent again, and how to tell from SCM whether it took effect.
type LostWrite struct {
	// What names the write in traces and errors ("create example.com").
	What string
	// Send sends the write once.
	Send func(ctx context.Context) error
	// Applied reads SCM after an uncertain answer and tells whether the write's effect is there. It may
	// narrow what the next Send sends (the names still missing, say).
	Applied func(ctx context.Context) (bool, error)
	// Absent says what Applied saw when the effect was not there, for the final error ("the domain was
	// not found", "status NOT_VALIDATED").
	Absent func() string
	// Uncertain tells which failures leave the outcome unknown; nil means scm.ErrMayHaveBeenApplied.
	Uncertain func(error) bool
	// Tracef receives a line for every uncertain answer.
	Tracef func(format string, args ...any)
}

// Reconcile sends the write. When its answer is uncertain it reads SCM instead of re-sending blindly:
// if the effect is there, the write is done (adopted); if not, SCM did not apply it and the write is
// sent again, at most LostWriteAttempts times in all. It never re-sends without reading first.
func (lw LostWrite) Reconcile(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		err := lw.Send(ctx)
		if err == nil || !lw.uncertain(err) {
			return err
		}
		applied, readErr := lw.Applied(ctx)
		switch {
		case readErr != nil:
			return fmt.Errorf("%w; reading SCM afterwards also failed (%v); re-running the task is safe", err, readErr)
		case applied:
			lw.Tracef("%s: uncertain answer (%v); SCM shows it applied, adopted", lw.What, err)
			return nil
		case attempt == LostWriteAttempts:
			return fmt.Errorf("%w; %s afterwards (%d attempts), so it was not applied; re-running the task is safe",
				err, lw.Absent(), attempt)
		}
		lw.Tracef("%s: uncertain answer (%v) and SCM shows it not applied (%s); sending it again", lw.What, err, lw.Absent())
	}
}

func (lw LostWrite) uncertain(err error) bool {
	if lw.Uncertain != nil {
		return lw.Uncertain(err)
	}
	return errors.Is(err, scm.ErrMayHaveBeenApplied)
}

// SendAgain tells whether a write that must never be sent blindly (an enroll, a renewal, an ACME
// account create: SCM would place a second one) may be sent again after an uncertain answer that a
// read of SCM then showed not applied: only when SCM answered 503 (scm.AnsweredUnavailable), and
// while attempts remain. After any other uncertain answer the write may still land after the read.
func SendAgain(cause error, attempt int) bool {
	return scm.AnsweredUnavailable(cause) && attempt < LostWriteAttempts
}
