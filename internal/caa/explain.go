package caa

import (
	"fmt"
	"strings"
)

// explain words a verdict for the person running the playbook: the reason
// (which records, at which name, and why) and, when issuance is forbidden,
// the fix. at is where the climb stopped and owner the end of its CNAME
// chain; both are "" when no CAA record was found.
func explain(t target, at, owner string, v verdict, issuer string) (reason, fix string) {
	if at == "" {
		return fmt.Sprintf("no CAA records at %s or any parent: any CA may issue", t.base), ""
	}
	head := where(t, at, owner)
	if v.allowed {
		return head + ": " + allowedBecause(t, v, issuer), ""
	}
	return head + ": " + strings.Join(problems(t, v, issuer), "; "), fixFor(t, owner, v, issuer)
}

// where names the RRset and how it relates to the name checked:
// "CAA at example.com (inherited by www.example.com)".
func where(t target, at, owner string) string {
	var notes []string
	if owner != at {
		notes = append(notes, "CNAME target of "+at)
	}
	switch at {
	case t.name:
	case t.base:
		notes = append(notes, "for "+t.name)
	default:
		notes = append(notes, "inherited by "+t.name)
	}
	if len(notes) == 0 {
		return "CAA at " + owner
	}
	return fmt.Sprintf("CAA at %s (%s)", owner, strings.Join(notes, ", "))
}

// allowedBecause says why an RRset lets the issuer issue.
func allowedBecause(t target, v verdict, issuer string) string {
	if v.authorising != nil {
		return fmt.Sprintf("%s authorises %s", v.authorising, issuer)
	}
	if t.wildcard {
		return "no issue or issuewild record, so any CA may issue"
	}
	return "no issue record, so any CA may issue"
}

// problems lists everything in the RRset that forbids issuance, so that one
// run reports all of it rather than one problem per attempt.
func problems(t target, v verdict, issuer string) []string {
	var out []string
	if len(v.critical) > 0 {
		out = append(out, fmt.Sprintf("%s: critical flag on a tag the CA does not understand, which forbids issuance",
			describe(v.critical)))
	}
	if v.authorising != nil || len(v.governing) == 0 {
		return out
	}
	out = append(out, notNamed(v.governing, issuer))
	for _, r := range v.governing {
		if val := parseIssueValue(r.Value); !val.valid {
			out = append(out, fmt.Sprintf("%s is not a valid issuer domain", quote(val.domain)))
		}
	}
	if v.fallback {
		out = append(out, fmt.Sprintf("there is no issuewild record, so issue governs %s", t.name))
	}
	return out
}

// notNamed says that the governing records leave the issuer out.
func notNamed(governing []Record, issuer string) string {
	if len(governing) == 1 {
		return fmt.Sprintf("%s does not name %s", governing[0], issuer)
	}
	return fmt.Sprintf("none of %s names %s", describe(governing), issuer)
}

// fixFor says what to change at the RRset's owner. Adding one record is
// enough for a restricting RRset (any matching record authorises); issuewild
// for a wildcard, since adding it there leaves plain names untouched. A
// critical unknown tag cannot be outweighed, so it has to go first.
func fixFor(t target, owner string, v verdict, issuer string) string {
	var steps []string
	for _, r := range v.critical {
		steps = append(steps, fmt.Sprintf("remove %s. CAA %s or clear its critical flag", owner, r))
	}
	if v.authorising != nil || len(v.governing) == 0 {
		return strings.Join(steps, "; ")
	}
	property := tagIssue
	if t.wildcard {
		property = tagIssueWild
	}
	add := fmt.Sprintf("%s. CAA 0 %s %s", owner, property, quote(issuer))
	if len(steps) == 0 {
		return add
	}
	return strings.Join(append(steps, "then add "+add), "; ")
}
