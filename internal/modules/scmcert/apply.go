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

// enroll places the order once. An answer lost on the way back (timeout, 5xx, dropped connection) is
// reconciled by looking for the order, never by sending it again: that would be a second order.
func (r *applier) enroll(ctx context.Context, o *observed, d decision) (int, error) {
	req := &scm.EnrollRequest{
		OrgID: o.Ident.OrgID, CSR: r.w.CSR.PEM, CertType: o.Profile.ID, Term: d.Term,
		SubjAltNames: strings.Join(r.w.SANs, ","), Comments: r.w.Comments,
		ExternalRequester: r.w.ExternalRequester, CustomFields: r.w.CustomFields,
	}
	resp, err := r.ssl.Enroll(ctx, req)
	switch {
	case err == nil:
		return resp.SSLID, nil
	case errors.Is(err, scm.ErrMayHaveBeenApplied):
		return r.adopt(ctx, o, "enroll", err)
	}
	return 0, fmt.Errorf("enroll %s: %w", r.w.CN, err)
}

// renew renews by id with the task's CSR; where SCM refuses that for the order (a profile without
// renewal, -180; an order renewed already, -105; a state it cannot renew from, -130), a new enroll
// does the renewal. Those refusals are definite answers, so nothing was placed twice.
func (r *applier) renew(ctx context.Context, o *observed, d decision) (int, string, error) {
	if !d.RenewByEnroll {
		id, err := r.ssl.RenewByID(ctx, o.Current.ID, &scm.RenewRequest{CSR: r.w.CSR.PEM})
		switch {
		case err == nil && id != 0:
			return id, "renew", nil
		case err == nil:
			// Some servers answer 204 without the new id.
			id, err = r.adopt(ctx, o, "renew", nil)
			return id, "renew", err
		case errors.Is(err, scm.ErrMayHaveBeenApplied):
			id, err = r.adopt(ctx, o, "renew", err)
			return id, "renew", err
		case !renewRefused(err):
			return 0, "", fmt.Errorf("renew certificate %d: %w", o.Current.ID, err)
		}
		r.env.Tracef("renew %d refused (%v); enrolling instead", o.Current.ID, err)
	}
	id, err := r.enroll(ctx, o, d)
	return id, "enroll", err
}

func renewRefused(err error) bool {
	var ae *scm.APIError
	return errors.As(err, &ae) && ae.StatusCode < 500 && slices.Contains([]int{-180, -105, -130}, ae.Code)
}

// adopt looks for an order placed after observe (an id above every id seen then) and takes it as
// the one just placed. cause is the uncertain answer, or nil when SCM answered without an id.
func (r *applier) adopt(ctx context.Context, o *observed, what string, cause error) (int, error) {
	if cause == nil {
		cause = fmt.Errorf("SCM accepted the %s without naming the new order", what)
	}
	orders, err := listOrders(ctx, r.ssl, o.Ident, r.parallel)
	if err == nil {
		for _, c := range orders { // newest first
			if c.ID > o.MaxID {
				r.env.Tracef("%s: %v; adopted order %d", what, cause, c.ID)
				return c.ID, nil
			}
		}
	}
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w; looking for the order afterwards failed too (%v); re-run the task: "+
			"it looks for the order before placing one", what, r.w.CN, cause, err)
	}
	return 0, fmt.Errorf("%s %s: %w; no new order was found afterwards, so SCM did not place it; re-running "+
		"the task is safe: it looks for the order before placing one", what, r.w.CN, cause)
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

// revokeOne sends the revoke once. A lost answer is settled by reading the order, not by sending the
// revoke again (so not through common.LostWrite): an order that does not show revoked is reported,
// and the re-run, which reads before it writes, does the rest.
func (r *applier) revokeOne(ctx context.Context, id int, req *scm.RevokeRequest) error {
	err := r.ssl.Revoke(ctx, id, req)
	var ae *scm.APIError
	if err == nil || (errors.As(err, &ae) && ae.Code == -159) {
		return nil
	}
	if errors.Is(err, scm.ErrMayHaveBeenApplied) {
		if c, gerr := getOrder(ctx, r.ssl, id); gerr == nil && isRevoked(c) {
			return nil
		}
		return fmt.Errorf("revoke certificate %d: %w; re-running the task is safe", id, err)
	}
	return fmt.Errorf("revoke certificate %d: %w", id, err)
}
