package scmcert

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// writer is reader plus the SSL writes. Only the applier holds one.
type writer interface {
	scm.SSLReader
	Enroll(ctx context.Context, req *scm.EnrollRequest) (*scm.EnrollResponse, error)
	RenewByID(ctx context.Context, sslID int, req *scm.RenewRequest) (int, error)
	Revoke(ctx context.Context, sslID int, req *scm.RevokeRequest) error
}

// applier sends the decided write, waits for issuance when asked, and writes the files. It is built
// only outside check mode.
type applier struct {
	ssl      writer
	w        *want
	env      *ansible.Env
	clock    common.Clock
	parallel int
}

func newApplier(s *common.Session, w *want) *applier {
	return &applier{ssl: s.Client.SSL, w: w, env: s.Env, clock: s.Clock, parallel: s.Parallel}
}

// outcome is what apply did.
type outcome struct {
	Order     *scm.Certificate // the order the run ended with (the new one after an enroll or renewal)
	Issued    *issuedCert      // its certificate, once issued
	Ordered   bool             // an enroll or renewal reached SCM
	RenewedBy string           // renew or enroll
	Revoked   []int
	Written   []string
}

// apply makes the decided change. It never runs in check mode.
func (r *applier) apply(ctx context.Context, o *observed, d decision) (*outcome, error) {
	switch d.Op {
	case opRevoke:
		return r.revokeAll(ctx, d)
	case opEnroll, opRenew:
		return r.order(ctx, o, d)
	}
	out := &outcome{Order: o.Current, Issued: o.Issued}
	if o.Current != nil && o.Issued == nil && r.w.Wait {
		return out, r.finish(ctx, out, o.Current.ID, o.Files)
	}
	var err error
	out.Written, err = writeFiles(d.Files, r.w.Attrs)
	return out, err
}

// order enrolls or renews, then collects the new certificate.
func (r *applier) order(ctx context.Context, o *observed, d decision) (*outcome, error) {
	out := &outcome{}
	var id int
	var err error
	if d.Op == opRenew {
		id, out.RenewedBy, err = r.renew(ctx, o, d)
	} else {
		id, err = r.enroll(ctx, o, d)
	}
	if err != nil {
		return out, err
	}
	out.Ordered = true
	return out, r.finish(ctx, out, id, o.Files)
}

// finish reads the order, collects it (waiting when asked) and writes the files once it is issued.
func (r *applier) finish(ctx context.Context, out *outcome, id int, files []fileState) error {
	order, ic, err := r.await(ctx, id)
	if order == nil {
		// The order exists but could not be read back: report its id at least.
		order = &scm.Certificate{ID: id, Status: "Unknown"}
	}
	out.Order = order
	out.Issued = ic
	if err != nil || ic == nil {
		return err
	}
	out.Written, err = writeFiles(planFiles(files, ic, r.w.Attrs), r.w.Attrs)
	return err
}

// enroll places the order, carrying the task's marker in its comments after the user's own
// (marker.go). An uncertain answer (timeout, 5xx, dropped connection) is settled by looking for the
// order by its marker, never by sending it blindly: that could be a second order. Only when SCM
// answered 503 and the search shows no order is the enroll sent again (scm.AnsweredUnavailable), at
// most common.LostWriteAttempts times in all.
func (r *applier) enroll(ctx context.Context, o *observed, d decision) (int, error) {
	req := &scm.EnrollRequest{
		OrgID: o.Ident.OrgID, CSR: r.w.CSR.PEM, CertType: o.Profile.ID, Term: d.Term,
		SubjAltNames: strings.Join(r.w.SANs, ","), Comments: withMarker(r.w.Comments, r.w.Marker),
		ExternalRequester: r.w.ExternalRequester, CustomFields: r.w.CustomFields,
	}
	for attempt := 1; ; attempt++ {
		resp, err := r.ssl.Enroll(ctx, req)
		switch {
		case err == nil:
			return resp.SSLID, nil
		case !errors.Is(err, scm.ErrMayHaveBeenApplied):
			return 0, fmt.Errorf("enroll %s: %w", r.w.CN, err)
		}
		id, again, err := r.settleEnroll(ctx, o, err, attempt)
		if !again {
			return id, err
		}
	}
}

// settleEnroll adopts the order an enroll whose answer was lost placed: the one new order for the
// common name that carries the marker (findEnrolled). again says the search found nothing after SCM
// answered 503, so the enroll may be sent once more. When the search fails, finds several, or finds
// nothing after an answer that may still land, the task fails and says what a re-run does: its
// observe finds the order by the same identity and marker instead of enrolling again.
func (r *applier) settleEnroll(ctx context.Context, o *observed, cause error, attempt int) (id int, again bool, err error) {
	f, err := findEnrolled(ctx, r.ssl, o.Ident, r.w.CSR, r.w.Marker, o.MaxID, r.parallel)
	for _, note := range f.Others {
		r.env.Tracef("enroll %s: %s: not adopted", r.w.CN, note)
	}
	switch {
	case err != nil:
		return 0, false, fmt.Errorf("enroll %s: %w; looking for the order afterwards failed too (%v), so whether SCM "+
			"placed it is unknown; re-run the task: it looks for an order carrying the marker %s before enrolling, "+
			"and adopts it instead of enrolling again", r.w.CN, cause, err, r.w.Marker)
	case len(f.Ours) == 1:
		r.env.Tracef("enroll %s: %v; adopted order %d, which carries the marker %s", r.w.CN, cause, f.Ours[0].ID, r.w.Marker)
		return f.Ours[0].ID, false, nil
	case len(f.Ours) > 1:
		return 0, false, fmt.Errorf("enroll %s: %w; SCM shows %d new orders carrying the marker %s: %s; the module "+
			"adopts none of them: keep one, and revoke or decline the others in SCM", r.w.CN, cause, len(f.Ours),
			r.w.Marker, f.ids())
	case common.SendAgain(cause, attempt):
		r.env.Tracef("enroll %s: %v; SCM shows no order carrying the marker %s: enrolling again", r.w.CN, cause, r.w.Marker)
		return 0, true, nil
	case scm.AnsweredUnavailable(cause):
		return 0, false, fmt.Errorf("enroll %s: %w; SCM answered 503 to all %d attempts and shows no order carrying the "+
			"marker %s; re-running the task is safe: it looks for the order before placing one", r.w.CN, cause,
			attempt, r.w.Marker)
	}
	return 0, false, fmt.Errorf("enroll %s: %w; SCM shows no new order carrying the marker %s yet, but the answer was "+
		"lost on the way, so the order may still be placed; re-run the task: it looks for an order carrying the "+
		"marker before enrolling, and adopts it instead of enrolling again", r.w.CN, cause, r.w.Marker)
}

// renew renews by id with the task's CSR; where SCM refuses that for the order (a profile without
// renewal, -180; an order renewed already, -105; a state it cannot renew from, -130), a new enroll
// does the renewal. Those refusals are definite answers, so nothing was placed twice. An uncertain
// answer is settled by reading SCM (settleRenew), and the renewal is sent again only after a 503 that
// the read shows placed nothing.
func (r *applier) renew(ctx context.Context, o *observed, d decision) (int, string, error) {
	if !d.RenewByEnroll {
		for attempt := 1; ; attempt++ {
			id, err := r.ssl.RenewByID(ctx, o.Current.ID, &scm.RenewRequest{CSR: r.w.CSR.PEM})
			switch {
			case err == nil && id != 0:
				return id, "renew", nil
			case err == nil:
				// Some servers answer 204 without the new id.
				id, _, err = r.settleRenew(ctx, o, nil, attempt)
				return id, "renew", err
			case errors.Is(err, scm.ErrMayHaveBeenApplied):
				id, again, err := r.settleRenew(ctx, o, err, attempt)
				if !again {
					return id, "renew", err
				}
				continue
			case !renewRefused(err):
				return 0, "", fmt.Errorf("renew certificate %d: %w", o.Current.ID, err)
			}
			r.env.Tracef("renew %d refused (%v); enrolling instead", o.Current.ID, err)
			break
		}
	}
	id, err := r.enroll(ctx, o, d)
	return id, "enroll", err
}

func renewRefused(err error) bool {
	var ae *scm.APIError
	return errors.As(err, &ae) && ae.StatusCode < 500 && slices.Contains([]int{-180, -105, -130}, ae.Code)
}

// settleRenew adopts the order a renewal by id whose answer was lost (or came without the new id)
// placed: SCM is read again, the renewed order and the new orders for the common name (findRenewal).
// again says SCM answered 503 and shows neither, so the renewal may be sent once more. Otherwise,
// when SCM shows nothing or cannot be read, the task fails and says what a re-run does: it reads the
// orders first, so it adopts a renewal that happened.
func (r *applier) settleRenew(ctx context.Context, o *observed, cause error, attempt int) (id int, again bool, err error) {
	old := o.Current.ID
	if cause == nil {
		cause = errors.New("SCM accepted the renewal without naming the new order")
	}
	renewed, f, err := findRenewal(ctx, r.ssl, o.Ident, old, r.w.CSR, r.w.Marker, o.MaxID, r.parallel)
	for _, note := range f.Others {
		r.env.Tracef("renew certificate %d: %s: not adopted", old, note)
	}
	switch {
	case err != nil:
		return 0, false, fmt.Errorf("renew certificate %d: %w; reading SCM afterwards failed too (%v), so whether it "+
			"renewed is unknown; re-run the task: it reads the orders before renewing, and adopts a renewal that "+
			"happened instead of renewing again", old, cause, err)
	case len(f.Ours) == 1:
		r.env.Tracef("renew certificate %d: %v; adopted order %d (SCM marks certificate %d renewed: %t)",
			old, cause, f.Ours[0].ID, old, renewed)
		return f.Ours[0].ID, false, nil
	case len(f.Ours) > 1:
		return 0, false, fmt.Errorf("renew certificate %d: %w; SCM shows %d new orders that may be its renewal: %s; "+
			"the module adopts none of them: keep one, and revoke or decline the others in SCM", old, cause,
			len(f.Ours), f.ids())
	case renewed:
		return 0, false, fmt.Errorf("renew certificate %d: %w; SCM marks it renewed but shows no new order for these "+
			"names; look for the renewal in SCM before re-running the task (a run that finds none enrolls a new "+
			"order)", old, cause)
	case common.SendAgain(cause, attempt):
		r.env.Tracef("renew certificate %d: %v; SCM shows it not renewed and no new order: renewing again", old, cause)
		return 0, true, nil
	case scm.AnsweredUnavailable(cause):
		return 0, false, fmt.Errorf("renew certificate %d: %w; SCM answered 503 to all %d attempts and shows it not "+
			"renewed; re-running the task is safe: it reads the orders before renewing", old, cause, attempt)
	}
	return 0, false, fmt.Errorf("renew certificate %d: %w; SCM shows it not renewed and no new order for these names "+
		"yet, but the answer was lost on the way, so the renewal may still happen; re-run the task: it reads the "+
		"orders before renewing, and adopts a renewal that happened", old, cause)
}

// revokeAll revokes the decided orders in turn. SCM's "already revoked" (-159) is success: that is
// the state asked for.
func (r *applier) revokeAll(ctx context.Context, d decision) (*outcome, error) {
	out := &outcome{}
	req := &scm.RevokeRequest{ReasonCode: r.w.RevokeCode, Reason: "Revoked by scmkit.sectigo.scm_cert: " + r.w.RevokeReason}
	for _, c := range d.Revoke {
		if err := r.revokeOne(ctx, c.ID, req); err != nil {
			return out, err
		}
		out.Revoked = append(out.Revoked, c.ID)
	}
	return out, nil
}

// revokeOne revokes one order. A revoke cannot duplicate anything (SCM answers -159 to a second one),
// so an uncertain answer goes through common.LostWrite: the order is read, adopted when it shows
// Revoked, and the revoke is sent again when it does not.
func (r *applier) revokeOne(ctx context.Context, id int, req *scm.RevokeRequest) error {
	var status scm.SSLStatus
	lw := common.LostWrite{
		What: fmt.Sprintf("revoke certificate %d", id),
		Send: func(ctx context.Context) error {
			err := r.ssl.Revoke(ctx, id, req)
			var ae *scm.APIError
			if errors.As(err, &ae) && ae.Code == -159 { // already revoked: what was asked
				return nil
			}
			return err
		},
		Applied: func(ctx context.Context) (bool, error) {
			c, err := getOrder(ctx, r.ssl, id)
			if err != nil {
				return false, err
			}
			status = c.Status
			return isRevoked(c), nil
		},
		Absent: func() string { return fmt.Sprintf("SCM still shows it %s", status) },
		Tracef: r.env.Tracef,
	}
	if err := lw.Reconcile(ctx); err != nil {
		return fmt.Errorf("revoke certificate %d: %w", id, err)
	}
	return nil
}
