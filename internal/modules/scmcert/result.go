package scmcert

import (
	"fmt"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// view is one certificate as the result and the diff show it.
type view struct {
	SSLID     int
	Status    string // issued, pending, expired, revoked, absent, or SCM's word in lower case
	SCMStatus string
	Serial    string
	Names     []string
	Issued    *issuedCert
}

func viewOf(c *scm.Certificate, ic *issuedCert) view {
	if c == nil {
		return view{Status: "absent"}
	}
	v := view{SSLID: c.ID, Status: statusWord(c, ic), SCMStatus: string(c.Status), Serial: c.SerialNumber,
		Names: nameSet(c.CommonName, c.SubjectAlternativeNames), Issued: ic}
	if ic != nil {
		v.Serial = ic.Leaf.SerialHex
	}
	return v
}

// orderView is an order as state=revoked shows it: by SCM's status alone, since that task collects
// nothing (an issued order is "issued" there, without its certificate).
func orderView(c *scm.Certificate) view {
	v := viewOf(c, nil)
	if c != nil && isIssued(c) {
		v.Status = "issued"
	}
	return v
}

// statusWord is the result's status. "issued" means the certificate is in hand: an order SCM marks
// Issued whose certificate could not be collected (SCM issued it a moment ago, or hands it out late)
// is "pending", like an order not issued yet, because a playbook acting on "issued" would find no
// certificate in the result and no file written.
func statusWord(c *scm.Certificate, ic *issuedCert) string {
	switch {
	case isIssued(c) && ic == nil:
		return "pending"
	case isIssued(c):
		return "issued"
	case isExpired(c):
		return "expired"
	case isRevoked(c):
		return "revoked"
	case isPending(c):
		return "pending"
	}
	return strings.ToLower(strings.ReplaceAll(string(c.Status), " ", ""))
}

// states are the certificate before and after the run (predicted in check mode), and the files the
// run wrote (or would write).
type states struct {
	before, after view
	written       []string
}

func runStates(w *want, o *observed, d decision, out *outcome) states {
	if !w.Present {
		return revokeStates(o, d, out)
	}
	s := states{before: viewOf(o.Current, o.Issued), after: viewOf(o.Current, o.Issued)}
	switch {
	case out == nil && d.placesOrder():
		s.after = view{Status: "pending", Names: w.Names}
		for _, f := range w.Files {
			s.written = append(s.written, f.Path)
		}
	case out == nil:
		for _, fc := range d.Files {
			if fc.changed() {
				s.written = append(s.written, fc.State.Spec.Path)
			}
		}
	default:
		s.after, s.written = viewOf(out.Order, out.Issued), out.Written
	}
	return s
}

// revokeStates: the certificate shown is the first one revoked, or the newest order found.
func revokeStates(o *observed, d decision, out *outcome) states {
	subject := newestOrder(o.Orders)
	if len(d.Revoke) > 0 {
		subject = d.Revoke[0]
	}
	s := states{before: orderView(subject), after: orderView(subject)}
	if d.Op == opRevoke && (out == nil || len(out.Revoked) > 0) {
		s.after.Status, s.after.SCMStatus = "revoked", string(scm.SSLRevoked)
	}
	return s
}

func actionOf(d decision, out *outcome, written []string) string {
	check := out == nil
	switch {
	case d.Op == opEnroll && (check || out.Ordered):
		return "enrolled"
	case d.Op == opRenew && (check || out.Ordered):
		return "renewed"
	case d.Op == opRevoke && (check || len(out.Revoked) > 0):
		return "revoked"
	case len(written) > 0:
		return "collected"
	}
	return "none"
}

// buildResult assembles the result; out is nil in check mode.
func buildResult(env *ansible.Env, w *want, o *observed, d decision, out *outcome, now time.Time) *ansible.Result {
	s := runStates(w, o, d, out)
	act := actionOf(d, out, s.written)
	res := &ansible.Result{Changed: act != "none", Warnings: d.Warnings}
	if v := s.after; v.SCMStatus == string(scm.SSLIssued) && v.Issued == nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("SCM shows certificate %d as Issued but did not hand it out "+
			"yet, so status is pending and no file was written; a later run (or wait=true) collects it", v.SSLID))
	}
	res.Data = resultData(w, o, d, out, s, act, now)
	if env.Diff && res.Changed {
		res.Diff = &ansible.Diff{Before: s.before.diffMap(), After: s.after.diffMap()}
		addFileDiff(res.Diff, o.Files, s, w.Attrs)
	}
	return res
}

func resultData(w *want, o *observed, d decision, out *outcome, s states, act string, now time.Time) map[string]any {
	m := map[string]any{"action": act, "status": s.after.Status, "reason": d.Reason, "files_written": nonNil(s.written)}
	if v := s.after; v.SSLID != 0 {
		m["ssl_id"], m["scm_status"] = v.SSLID, v.SCMStatus
	}
	if o.Ident.CN != "" {
		m["common_name"], m["org_id"] = o.Ident.CN, o.Ident.OrgID
		m["subject_alt_names"] = nonNil(withoutName(o.Ident.Names, o.Ident.CN))
		m["profile"] = map[string]any{"id": o.Profile.ID, "name": o.Profile.Name}
	}
	if s.after.Serial != "" {
		m["serial_number"] = s.after.Serial
	}
	if ic := s.after.Issued; ic != nil {
		m["not_before"], m["not_after"] = rfc3339(ic.Leaf.NotBefore), rfc3339(ic.Leaf.NotAfter)
		m["days_left"] = common.DaysLeft(ic.Leaf.NotAfter, now)
		m["certificate"], m["chain"] = string(ic.content(kindLeaf)), string(ic.content(kindChain))
	}
	if w.Present {
		m["term"], m["renewal"], m["marker"] = d.Term, renewalData(w, d, s.after.Issued, now), w.Marker
		if d.TermChosen != "" {
			m["term_chosen"] = d.TermChosen
		}
	}
	switch {
	case d.Op == opRenew && out == nil:
		m["previous_ssl_id"], m["renewed_by"] = o.Current.ID, map[bool]string{true: "enroll", false: "renew"}[d.RenewByEnroll]
	case d.Op == opRenew && out.Ordered:
		m["previous_ssl_id"], m["renewed_by"] = o.Current.ID, out.RenewedBy
	case d.Op == opRevoke && out == nil:
		m["revoked_ids"] = orderIDs(d.Revoke)
	case d.Op == opRevoke:
		m["revoked_ids"] = nonNil(out.Revoked)
	}
	return m
}

// renewalData is the result's renewal: the verdict on the certificate the run found (needed, rule,
// reason) and when the certificate the run ends with becomes due, by the same rules (renew_after,
// when the result holds a certificate).
func renewalData(w *want, d decision, ic *issuedCert, now time.Time) map[string]any {
	m := map[string]any{"needed": d.Renewal.Needed, "rule": nil, "reason": d.Renewal.Reason}
	if d.Renewal.Rule != "" {
		m["rule"] = d.Renewal.Rule
	}
	if ic != nil {
		if after := w.Renewal.Check(ic.Leaf.Leaf, now).RenewAfter; !after.IsZero() {
			m["renew_after"] = rfc3339(after)
		}
	}
	return m
}

// diffMap is the certificate's identity for --diff: never a whole PEM.
func (v view) diffMap() map[string]any {
	m := map[string]any{"status": v.Status}
	if v.SSLID != 0 {
		m["ssl_id"] = v.SSLID
	}
	if v.Serial != "" {
		m["serial_number"] = v.Serial
	}
	if v.Issued != nil {
		m["not_after"] = rfc3339(v.Issued.Leaf.NotAfter)
	}
	if len(v.Names) > 0 {
		m["names"] = v.Names
	}
	return m
}

// addFileDiff describes each file before and after by the certificates it holds.
func addFileDiff(diff *ansible.Diff, files []fileState, s states, a fileAttrs) {
	if len(files) == 0 {
		return
	}
	before, after := map[string]any{}, map[string]any{}
	for _, st := range files {
		p := st.Spec.Path
		before[p] = describeFile(st.Exists, st.Content, st.Mode)
		after[p] = before[p]
		if !contains(s.written, p) {
			continue
		}
		if ic := s.after.Issued; ic != nil {
			after[p] = describeFile(true, ic.content(st.Spec.Kind), newMode(st, a))
		} else {
			after[p] = "written once the certificate is issued"
		}
	}
	diff.Before.(map[string]any)["files"] = before
	diff.After.(map[string]any)["files"] = after
}
