package dnsname

import "strings"

// Lenient returns the form in which to compare a name that needs no
// validation: a name SCM returned, or a shell pattern over such names. A name
// that NormalizeWith accepts (wildcards allowed) gets its canonical form, so it
// compares equal to the same name typed by a user. Anything else (SCM may hold
// names this collection would refuse, such as "_dmarc.example.org") is trimmed
// of white space and one trailing dot and lower-cased, so that it still
// compares, can be shown and can be removed.
//
// Lenient never fails. User input must go through Normalize, NormalizeWith or
// NormalizeList instead, so that a bad name is rejected with its reason.
func Lenient(name string) string {
	if s, err := NormalizeWith(name, Options{AllowWildcard: true}); err == nil {
		return s
	}
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}
