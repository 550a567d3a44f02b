package scmcert

import (
	"fmt"
	"strings"
	"time"

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
	// RenewByEnroll: renewById cannot do this renewal (the current order was renewed already, its
	// renewal was refused or lost, or renewById would keep a term above today's cap), so a new enroll
	// renews it.
	RenewByEnroll bool
	Revoke        []*scm.Certificate
	// Files are the file changes for the current certificate (opNone only: after an enroll or a
	// renewal the files are planned for the new certificate).
	Files []fileChange
	// Term is the term an enroll uses; TermChosen says how the module chose it when the task gave
	// none ("" when it did).
	Term       int
	TermChosen string
	// Renewal is the verdict on the current certificate (state=present only).
	Renewal  renewal
	Warnings []string
}

// renewal says whether the certificate found is renewed, by which rule, and why (the result's
// renewal; its renew_after is added from the certificate the run ends with).
type renewal struct {
	Needed bool
	Rule   string // a rule* value, or "" when nothing is renewed
	Reason string
}

// The rules that renew a certificate, as the result's renewal.rule names them: the window rules and
// expiry come from certutil (certutil.RuleExpired, RulePercentage, RuleDays); these are the module's.
const (
	ruleRevoked = "revoked" // the newest order was revoked: a new one replaces it
	ruleCSRKey  = "csr_key" // the certificate is for another key than the CSR's
	ruleForce   = "force"   // force=true
)

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
		d := decision{Op: opEnroll, Reason: "no issued or pending certificate matches the task"}
		d.Renewal = renewal{Reason: "no certificate to renew: a first one is enrolled"}
		if n := newestOrder(o.Orders); n != nil && isRevoked(n) {
			d.Reason = fmt.Sprintf("certificate %d is revoked, and no other issued or pending certificate matches the task", n.ID)
			d.Renewal = renewal{Needed: true, Rule: ruleRevoked, Reason: fmt.Sprintf("certificate %d is revoked: a new one replaces it", n.ID)}
		}
		return d
	case o.Issued == nil && isIssued(c):
		why := fmt.Sprintf("order %d is Issued in SCM, but SCM does not hand out its certificate yet: "+
			"a later run (or wait=true) collects it", c.ID)
		return decision{Reason: why, Renewal: renewal{Reason: why}}
	case o.Issued == nil:
		why := fmt.Sprintf("order %d is %s: waiting for issuance", c.ID, c.Status)
		return decision{Reason: why, Renewal: renewal{Reason: why}}
	}
	rn, note := renewalOf(w, o.Issued, now)
	d := decision{Reason: rn.Reason, Renewal: rn}
	if note != "" {
		d.Warnings = append(d.Warnings, note)
	}
	if rn.Needed {
		d.Op, d.RenewByEnroll = opRenew, c.Renewed
		return d
	}
	d.Files = planFiles(o.Files, o.Issued, w.Attrs)
	return d
}

// renewalOf: expiry and the renewal windows (certutil.RenewalPolicy: remaining_percentage or
// remaining_days, whichever is wider), then a CSR for another key — a certificate that does not match
// the key the CSR was made from is of no use to its server — then force. The first that applies is
// the rule reported. note explains a remaining_days that was not applied.
func renewalOf(w *want, ic *issuedCert, now time.Time) (rn renewal, note string) {
	v := w.Renewal.Check(ic.Leaf.Leaf, now)
	switch {
	case v.Needed:
		return renewal{Needed: true, Rule: v.Rule, Reason: v.Reason}, v.Note
	case w.CSR != nil && !w.CSR.MatchesKey(ic.Leaf.Leaf):
		return renewal{Needed: true, Rule: ruleCSRKey, Reason: "the certificate is for another key than the CSR's"}, v.Note
	case w.Force:
		return renewal{Needed: true, Rule: ruleForce, Reason: "force=true"}, v.Note
	}
	return renewal{Reason: v.Reason}, v.Note
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
