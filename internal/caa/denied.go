package caa

import (
	"fmt"
	"strings"
)

// DeniedError is what Denied returns: the findings that forbid issuance.
type DeniedError struct {
	Denied []Finding
}

// Error puts every refusal on one line with its fix, for a module's msg:
// `CAA forbids issuance: CAA at example.com (inherited by www.example.com):
// 0 issue "letsencrypt.org" does not name sectigo.com (to allow it, add
// example.com. CAA 0 issue "sectigo.com")`.
func (e *DeniedError) Error() string {
	parts := make([]string, len(e.Denied))
	for i, f := range e.Denied {
		parts[i] = fmt.Sprintf("%s (to allow it, %s)", f.Reason, fixSentence(f.Fix))
	}
	return "CAA forbids issuance: " + strings.Join(parts, "; ")
}

// fixSentence turns a Fix into an instruction: a bare record line is one to add.
func fixSentence(fix string) string {
	if strings.HasPrefix(fix, "remove ") {
		return fix
	}
	return "add " + fix
}

// Denied returns nil when every finding allows issuance, and otherwise a
// *DeniedError listing the refusals, so that scm_cert and scm_dcv fail with
// the same wording.
func Denied(findings []Finding) error {
	var denied []Finding
	for _, f := range findings {
		if !f.Allowed {
			denied = append(denied, f)
		}
	}
	if len(denied) == 0 {
		return nil
	}
	return &DeniedError{Denied: denied}
}
