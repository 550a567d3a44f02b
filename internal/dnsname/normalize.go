package dnsname

import (
	"net/netip"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Length limits from RFC 1035 §2.3.4, measured on the canonical ASCII form
// without the trailing dot (which is how a name is written in a certificate).
const (
	MaxLabelLength = 63
	MaxNameLength  = 253
)

// mapper turns user input that contains non-ASCII characters into ASCII. It
// applies the IDNA2008 lookup mapping (case folding, width folding, ideographic
// full stops) and checks U-labels, but it deliberately lets through the ASCII
// characters that Normalize checks itself ('_', '*', '-' placement, lengths), so
// that those mistakes get the same precise reason whether or not the name also
// contains an internationalised label. A profile is immutable and safe for
// concurrent use.
var mapper = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.StrictDomainName(false),
	idna.CheckHyphens(false),
	idna.VerifyDNSLength(false),
)

// Options adjust what NormalizeWith accepts.
type Options struct {
	// AllowWildcard accepts a wildcard, and only as the whole left-most label
	// of a name with at least two further labels ("*.example.org").
	AllowWildcard bool
}

// Normalize returns the canonical form of a non-wildcard domain name, or an
// *Error saying why the name is not acceptable. See NormalizeWith.
func Normalize(name string) (string, error) {
	return NormalizeWith(name, Options{})
}

// NormalizeWith trims surrounding white space and one trailing dot,
// lower-cases the name, converts internationalised labels to punycode A-labels
// (IDNA2008 lookup profile) and validates the result. It returns an *Error for:
// an empty name or label, a label over 63 or a name over 253 characters, a
// character other than a letter, digit or hyphen (an underscore is named as
// such), a label that starts or ends with a hyphen, an IP address, an invalid
// internationalised label, wildcard misuse, a single-label name, and an
// all-numeric top-level label.
//
// A successful result is idempotent: normalising it again returns it unchanged.
func NormalizeWith(name string, opts Options) (string, error) {
	s, err := toASCII(name)
	if err != nil {
		return "", err
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return "", reject(name, "empty name")
	}
	wild, base, err := splitWildcard(name, s, opts)
	if err != nil {
		return "", err
	}
	if isIPAddress(base) {
		return "", reject(name, "an IP address, not a domain name")
	}
	if err := checkLabels(name, base); err != nil {
		return "", err
	}
	if err := checkShape(name, s, base, wild); err != nil {
		return "", err
	}
	return s, nil
}

// toASCII trims the input and brings it to lower-case ASCII. Pure ASCII input
// skips the IDNA mapping so that the common case stays cheap and its errors
// come only from our own rules.
func toASCII(name string) (string, error) {
	s := strings.TrimSpace(name)
	if s == "" {
		return "", reject(name, "empty name")
	}
	if !utf8.ValidString(s) {
		return "", reject(name, "not valid UTF-8")
	}
	if isASCII(s) {
		return strings.ToLower(s), nil
	}
	a, err := mapper.ToASCII(s)
	if err != nil {
		return "", &Error{Name: name, Reason: "invalid internationalised name: " + err.Error(), Err: err}
	}
	return a, nil
}

// splitWildcard checks the placement of '*' and returns the name without its
// wildcard label. SCM and the CA/B Forum rules accept '*' only as a whole
// left-most label, so anything else is rejected with the specific mistake.
func splitWildcard(orig, s string, opts Options) (wild bool, base string, err error) {
	if !strings.Contains(s, "*") {
		return false, s, nil
	}
	if s == "*" {
		return false, "", reject(orig, `"*" alone is not a domain name`)
	}
	first, rest, _ := strings.Cut(s, ".")
	if strings.Contains(rest, "*") {
		return false, "", reject(orig, `the wildcard "*" is allowed only as the left-most label`)
	}
	if first != "*" {
		return false, "", reject(orig, `the wildcard "*" must be the whole left-most label`)
	}
	if !opts.AllowWildcard {
		return false, "", reject(orig, "wildcard names are not allowed here")
	}
	return true, rest, nil
}

// isIPAddress reports whether s is an IPv4 or IPv6 literal, bracketed or not.
// SCM's SSL and ACME domain APIs take DNS names only.
func isIPAddress(s string) bool {
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = s[1 : len(s)-1]
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

// checkShape applies the whole-name rules, after every label is known to be
// well formed.
func checkShape(orig, full, base string, wild bool) error {
	if len(full) > MaxNameLength {
		return reject(orig, "name is %d characters; the limit is %d", len(full), MaxNameLength)
	}
	if !strings.Contains(base, ".") {
		if wild {
			return reject(orig, "wildcard over the single label %q; SCM needs at least one dot below the wildcard", base)
		}
		return reject(orig, "single label; SCM needs a name with at least one dot")
	}
	tld := base[strings.LastIndexByte(base, '.')+1:]
	if allDigits(tld) {
		// RFC 3696 §2: no top-level domain is all-numeric. Such names are
		// mistyped IP addresses ("10.0.0", "256.1.1.1") more often than not.
		return reject(orig, "top-level label %q is all digits", tld)
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
