package dnsname

import (
	"fmt"
	"strings"

	"golang.org/x/net/idna"
)

// acePrefix marks a punycode A-label (RFC 5890 §2.3.2.5).
const acePrefix = "xn--"

// checkLabels validates every label of base (a name without its wildcard
// label) and reports the first problem found.
func checkLabels(orig, base string) error {
	for _, label := range strings.Split(base, ".") {
		if reason, cause := checkLabel(label); reason != "" {
			return &Error{Name: orig, Reason: reason, Err: cause}
		}
	}
	return nil
}

// checkLabel applies the host-name rules (RFC 1123 §2.1: letters, digits and
// hyphens, no hyphen at either end) to one lower-case ASCII label. It returns
// an empty reason when the label is fine.
func checkLabel(label string) (reason string, cause error) {
	if label == "" {
		return "empty label", nil
	}
	if len(label) > MaxLabelLength {
		return fmt.Sprintf("label %q is %d characters; the limit is %d", label, len(label), MaxLabelLength), nil
	}
	if r := badChar(label); r != "" {
		return r, nil
	}
	if label[0] == '-' {
		return fmt.Sprintf("label %q starts with a hyphen", label), nil
	}
	if label[len(label)-1] == '-' {
		return fmt.Sprintf("label %q ends with a hyphen", label), nil
	}
	if strings.HasPrefix(label, acePrefix) {
		return checkALabel(label)
	}
	return "", nil
}

// badChar names the first character that a host-name label may not hold.
// Underscores get their own wording: they are legal in DNS (as in
// "_acme-challenge") and users are often surprised that certificates refuse
// them.
func badChar(label string) string {
	for i := 0; i < len(label); i++ {
		c := label[i]
		switch {
		case c == '_':
			return fmt.Sprintf("label %q contains an underscore, which is not allowed in a host name", label)
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
		default:
			return fmt.Sprintf("label %q contains %q; only letters, digits and hyphens are allowed", label, string(rune(c)))
		}
	}
	return ""
}

// checkALabel verifies a punycode label with the strict IDNA2008 lookup
// profile: it must decode to a valid U-label and encode back to exactly
// itself. The round trip rejects non-canonical encodings, which would make two
// spellings of one name compare unequal. The check is per label, so the
// cross-label part of the Bidi rule (RFC 5893) is not applied.
func checkALabel(label string) (reason string, cause error) {
	u, err := idna.Lookup.ToUnicode(label)
	if err != nil {
		return fmt.Sprintf("label %q is not a valid internationalised label: %v", label, err), err
	}
	a, err := idna.Lookup.ToASCII(u)
	if err != nil || a != label {
		return fmt.Sprintf("label %q is not a canonical punycode label", label), err
	}
	return "", nil
}
