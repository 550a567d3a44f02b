package caa

import (
	"fmt"
	"strings"
)

// issuerAliases are the issuer domains a CA recognises as its own besides the
// one Check is given. Sectigo's published CAA guidance lists its former
// Comodo identities; records naming them still authorise Sectigo, and
// refusing them here would block issuance the CA would allow.
var issuerAliases = map[string][]string{
	"sectigo.com": {"comodoca.com", "comodo.com", "usertrust.com", "trust-provider.com"},
}

// issueValue is the part of an issue or issuewild value that matters here.
type issueValue struct {
	domain string // lower-case issuer domain; "" when the value names no CA
	valid  bool   // false when the domain part breaks the RFC 8659 §4.2 grammar
}

// parseIssueValue extracts the issuer domain from an issue or issuewild
// value (RFC 8659 §4.2: optional white space, the issuer domain, then ";" and
// parameters). Parameters are not examined: Check only asks whether a CA is
// named, and how a CA treats parameters such as accounturi is its own
// business. An empty domain (the value "" or ";") names no CA, which is how a
// domain holder forbids issuance.
func parseIssueValue(value string) issueValue {
	domain, _, _ := strings.Cut(value, ";")
	domain = strings.Trim(domain, " \t")
	if domain == "" {
		return issueValue{valid: true}
	}
	return issueValue{domain: strings.ToLower(domain), valid: isIssuerDomain(domain)}
}

// isIssuerDomain checks the issuer-domain-name grammar: dot-separated labels
// of letters, digits and inner hyphens. A trailing dot is not allowed, so
// "sectigo.com." does not name Sectigo; the reason then says so.
func isIssuerDomain(s string) bool {
	for _, label := range strings.Split(s, ".") {
		if !isLDHLabel(label) {
			return false
		}
	}
	return true
}

// isLDHLabel reports whether label is letters, digits and hyphens, not
// empty, and neither starts nor ends with a hyphen.
func isLDHLabel(label string) bool {
	if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
		return false
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && c != '-' {
			return false
		}
	}
	return true
}

// names reports whether the value authorises issuer (or one of its aliases).
func (v issueValue) names(issuer string) bool {
	if !v.valid || v.domain == "" {
		return false
	}
	if v.domain == issuer {
		return true
	}
	for _, alias := range issuerAliases[issuer] {
		if v.domain == alias {
			return true
		}
	}
	return false
}

// normalizeIssuer brings the caller's issuer to the form values are compared
// in, and rejects one that no record could ever name (a programming error).
func normalizeIssuer(issuer string) (string, error) {
	s := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(issuer), "."))
	if s == "" || !isIssuerDomain(s) {
		return "", fmt.Errorf("caa: invalid issuer domain %q", issuer)
	}
	return s, nil
}
