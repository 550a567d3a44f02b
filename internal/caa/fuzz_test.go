package caa

import (
	"strings"
	"testing"
)

// FuzzVerdict checks the invariants the modules rely on for any RRset of up
// to two records: no panic; a refusal always has a reason naming the RRset's
// owner and a fix; an authorisation has no fix; and adding the suggested
// record (when the fix is one) really turns the refusal into an allowance.
func FuzzVerdict(f *testing.F) {
	f.Add(uint8(0), "issue", "letsencrypt.org", uint8(0), "iodef", "mailto:x@example.com", false)
	f.Add(uint8(128), "tbs", "x", uint8(0), "issuewild", ";", true)
	f.Add(uint8(0), "ISSUE", " sectigo.com ; a=b", uint8(0), "issue", "", false)
	f.Fuzz(func(t *testing.T, f1 uint8, t1, v1 string, f2 uint8, t2, v2 string, wildcard bool) {
		rrset := []Record{{Flags: f1, Tag: t1, Value: v1}, {Flags: f2, Tag: t2, Value: v2}}
		tg := target{name: "www.example.com", base: "www.example.com", wildcard: wildcard}
		if wildcard {
			tg.name = "*.www.example.com"
		}
		v := decide(rrset, wildcard, "sectigo.com")
		reason, fix := explain(tg, "example.com", "example.com", v, "sectigo.com")
		if !strings.HasPrefix(reason, "CAA at example.com") {
			t.Fatalf("reason %q does not name the RRset", reason)
		}
		if v.allowed != (fix == "") {
			t.Fatalf("allowed=%v but fix %q", v.allowed, fix)
		}
		if v.allowed || strings.HasPrefix(fix, "remove ") {
			return
		}
		property := tagIssue
		if wildcard {
			property = tagIssueWild
		}
		fixed := append(rrset, Record{Tag: property, Value: "sectigo.com"})
		if !decide(fixed, wildcard, "sectigo.com").allowed {
			t.Fatalf("adding %q to %v does not allow issuance", fix, rrset)
		}
	})
}
