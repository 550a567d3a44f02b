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
//
// The order is read after the collect, so it may read Issued although the collect found nothing: SCM
// issued it in between. The certificate is then collected once more at once, so that the result does
// not show an issued order without its certificate and files; when SCM still does not hand it out,
// the order is reported as pending (viewOf), and a later run (or the next poll) collects it.
func (r *applier) await(ctx context.Context, id int) (*scm.Certificate, *issuedCert, error) {
	start := r.clock.Now()
	interval := firstPoll
	for {
		ic, err := collectIfIssued(ctx, r.ssl, id)
		if err != nil {
			return nil, nil, err
		}
		order, err := getOrder(ctx, r.ssl, id)
		if err == nil && ic == nil && isIssued(order) {
			r.env.Tracef("certificate %d was issued after the collect found it not ready; collecting it again", id)
			if ic, err = collectIfIssued(ctx, r.ssl, id); err == nil && ic == nil {
				r.env.Tracef("certificate %d is Issued, but SCM does not hand it out yet", id)
			}
		}
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
