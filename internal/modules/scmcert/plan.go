package scmcert

import (
	"fmt"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

// op is the one SCM write a run may make (revoke may touch several orders).
type op int

const (
	opNone op = iota
	opEnroll
	opRenew
	opRevoke
)

// decision is what the run does, and why.
type decision struct {
	Op     op
	Reason string
	// RenewByEnroll: the current order was renewed already (its renewal was refused or lost), so
	// renewById would fail; a new enroll renews it.
	RenewByEnroll bool
	Revoke        []*scm.Certificate
	// Files are the file changes for the current certificate (opNone only: after an enroll or a
	// renewal the files are planned for the new certificate).
	Files    []fileChange
	Term     int // the term an enroll uses
	Warnings []string
}

// placesOrder tells whether the run places an order (an enroll, or a renewal that may become one).
func (d decision) placesOrder() bool { return d.Op == opEnroll || d.Op == opRenew }

// plan decides from the task and what was observed, at now. It is pure.
func plan(w *want, o *observed, now time.Time) (decision, error) {
	if !w.Present {
		return planRevoke(w, o)
	}
	d := planPresent(w, o, now)
	if n := newestOrder(o.Orders); n != nil && refused(n) && (o.Current == nil || n.ID > o.Current.ID) {
		d.Warnings = append(d.Warnings, fmt.Sprintf("the newest order for these names, %d, is %s in SCM", n.ID, n.Status))
	}
	return d, nil
}

func planPresent(w *want, o *observed, now time.Time) decision {
	c := o.Current
	switch {
	case c == nil:
		return decision{Op: opEnroll, Reason: "no issued or pending certificate matches the task"}
	case o.Issued == nil:
		return decision{Reason: fmt.Sprintf("order %d is %s: waiting for issuance", c.ID, c.Status)}
	}
	why, renew := renewalReason(w, o.Issued, now)
	if renew {
		return decision{Op: opRenew, Reason: why, RenewByEnroll: c.Renewed}
	}
	return decision{Reason: why, Files: planFiles(o.Files, o.Issued, w.Attrs)}
}

// renewalReason: force, the renewal window (certutil.CheckRenewal), or a CSR for another key — a
// certificate that does not match the key the CSR was made from is of no use to its server.
func renewalReason(w *want, ic *issuedCert, now time.Time) (string, bool) {
	need, why := certutil.CheckRenewal(ic.Leaf.Leaf, now, w.RemainingDays)
	switch {
	case w.Force:
		return "force=true", true
	case need:
		return why, true
	case w.CSR != nil && !w.CSR.MatchesKey(ic.Leaf.Leaf):
		return "the certificate is for another key than the CSR's", true
	}
	return why, false
}

// planRevoke revokes every issued order of the identity (or the ssl_id's order, also when expired):
// state=revoked means no usable certificate of the task's identity is left.
func planRevoke(w *want, o *observed) (decision, error) {
	var d decision
	for _, c := range o.Orders {
		switch {
		case isIssued(c) || (w.SSLID != 0 && isExpired(c)):
			d.Revoke = append(d.Revoke, c)
		case isPending(c) && w.SSLID != 0:
			return d, fmt.Errorf("certificate %d is %s: SCM revokes only issued certificates", c.ID, c.Status)
		case isPending(c):
			d.Warnings = append(d.Warnings, fmt.Sprintf("order %d is %s and cannot be revoked until it is issued", c.ID, c.Status))
		}
	}
	if len(d.Revoke) == 0 {
		d.Reason = "no issued certificate to revoke"
		return d, nil
	}
	ids := make([]string, len(d.Revoke))
	for i, c := range d.Revoke {
		ids[i] = fmt.Sprint(c.ID)
	}
	d.Op, d.Reason = opRevoke, fmt.Sprintf("revoke %s (%s)", strings.Join(ids, ", "), w.RevokeReason)
	return d, nil
}

func newestOrder(orders []*scm.Certificate) *scm.Certificate {
	if len(orders) == 0 {
		return nil
	}
	return orders[0]
}

// refused: SCM or an administrator turned the order down; it will never be issued.
func refused(c *scm.Certificate) bool {
	switch c.Status {
	case scm.SSLDeclined, scm.SSLRejected, scm.SSLInvalid:
		return true
	}
	return false
}
