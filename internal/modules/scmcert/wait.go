package scmcert

import (
	"context"
	"fmt"
	"time"

	"github.com/scmkit/sectigo/internal/scm"
)

// Polling for issuance: the first wait is short because SCM often issues within seconds; the
// interval then doubles up to a ceiling that keeps a long wait from hammering SCM.
const (
	firstPoll = 2 * time.Second
	maxPoll   = 30 * time.Second
)

// await collects order id once; with wait=true it polls until the certificate is issued, SCM turns
// the order down, or wait_timeout passes. It returns the order as last read and its certificate when
// issued. Polling is not retrying: every round is a fresh read, and nothing is ever sent again.
func (r *applier) await(ctx context.Context, id int) (*scm.Certificate, *issuedCert, error) {
	start := r.clock.Now()
	interval := firstPoll
	for {
		ic, err := collectIfIssued(ctx, r.ssl, id)
		if err != nil {
			return nil, nil, err
		}
		order, err := getOrder(ctx, r.ssl, id)
		if err != nil || ic != nil || !r.w.Wait {
			return order, ic, err
		}
		if refused(order) || isRevoked(order) {
			return order, nil, fmt.Errorf("certificate %d is %s: SCM will not issue it", id, order.Status)
		}
		left := r.w.WaitTimeout - r.clock.Now().Sub(start)
		if left <= 0 {
			return order, nil, fmt.Errorf("certificate %d is still %s after wait_timeout (%s); a later run "+
				"collects it without ordering again", id, order.Status, r.w.WaitTimeout)
		}
		r.env.Tracef("certificate %d is %s; polling again in %s", id, order.Status, min(interval, left))
		if err := r.clock.Sleep(ctx, min(interval, left)); err != nil {
			return order, nil, fmt.Errorf("waiting for certificate %d: %w", id, err)
		}
		interval = min(interval*2, maxPoll)
	}
}
