package scmdcv

import (
	"fmt"
	"strings"

	"github.com/scmkit/sectigo/internal/dnsname"
)

// targetFor returns the domain SCM validates for name. SCM validates only high-level domains (-723
// for anything else) and the DCV list shows every SCM domain entry, so the target is the listed entry
// with the fewest labels at or above name's base; a wildcard entry "*.x" stands for x. ok is false
// when no entry is at or above name: SCM does not know the domain (-727).
//
// Why the fewest labels and not a public-suffix rule: the module has no suffix list offline, and an
// SCM entry above the name is what SCM itself validates; when SCM disagrees, the start call's -723
// says so, and the error explains what to do.
func targetFor(name string, entries []string) (string, bool) {
	base := dnsname.Base(name)
	best := ""
	for _, e := range entries {
		eb := dnsname.Base(e)
		if !dnsname.InZone(base, eb) {
			continue
		}
		if best == "" || strings.Count(eb, ".") < strings.Count(best, ".") {
			best = eb
		}
	}
	return best, best != ""
}

// mappingNote explains, for the result, why name is validated through target ("" when they are the
// same).
func mappingNote(name, target string) string {
	switch {
	case name == target:
		return ""
	case dnsname.Base(name) == target:
		return fmt.Sprintf("%s is covered by the validation of %s: a wildcard is validated through its base domain", name, target)
	default:
		return fmt.Sprintf("%s is covered by the validation of %s: SCM validates only high-level domains "+
			"(it answers -723 for others), and %s is the SCM domain with the fewest labels above %s",
			name, target, target, dnsname.Base(name))
	}
}

// Wire values, normalised by normEnum.
const (
	statusValidated    = "VALIDATED"
	statusNotValidated = "NOT_VALIDATED"
	orderNone          = "NOT_INITIATED"
	orderAwaiting      = "AWAITING_SUBMISSION"
	orderSubmitted     = "SUBMITTED"
)

// normEnum turns SCM's enum spellings into one: "Not validated", "NOT_VALIDATED" and
// "not-validated" all become NOT_VALIDATED (OAS writes display names where DOC writes constants). The
// client already does so for the statuses it knows; this covers the method names and unknown values.
func normEnum[T ~string](v T) string {
	s := strings.ToUpper(strings.TrimSpace(string(v)))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// orderMethod maps SCM's order mode (CNAME, HTTP, HTTPS, TXT, EMAIL) to the module's method names.
func orderMethod(mode string) string { return strings.ToLower(normEnum(mode)) }

// validatedBy maps SCM's dcvMethod (what validated the domain: CNAME_CSR_HASH, DNSTXT_RANDOM_VALUE,
// EMAIL, or a plain mode name on some servers) to the module's method names; unknown values are kept,
// lower-cased.
func validatedBy(dcvMethod string) string {
	m := normEnum(dcvMethod)
	switch {
	case m == "":
		return ""
	case strings.Contains(m, "CNAME"):
		return methodCNAME
	case strings.Contains(m, "TXT"):
		return methodTXT
	case strings.Contains(m, "HTTPS"):
		return methodHTTPS
	case strings.Contains(m, "HTTP"):
		return methodHTTP
	case strings.Contains(m, "EMAIL"):
		return methodEmail
	}
	return strings.ToLower(m)
}
