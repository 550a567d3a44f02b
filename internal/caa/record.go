package caa

import (
	"fmt"
	"strings"
)

// Record is one CAA resource record: its flags byte and its property (tag and
// value). Value holds the raw bytes of the value, not its zone-file
// presentation.
type Record struct {
	Flags uint8
	Tag   string
	Value string
}

// criticalFlag is the Issuer Critical flag: bit 0 of the flags byte, counted
// from the most significant bit (RFC 8659 §4.1). The other bits are reserved
// and ignored.
const criticalFlag = 0x80

// Property tags this package gives a meaning to (RFC 8659 §4.2, §4.3).
const (
	tagIssue     = "issue"
	tagIssueWild = "issuewild"
)

// knownTags are the property tags a CA like Sectigo understands. A critical
// record with any other tag forbids issuance (RFC 8659 §4.1). The list is
// wider than the tags this package acts on: a critical iodef or issuemail
// record does not stop a CA that understands it, so it must not stop this
// check either.
var knownTags = map[string]bool{
	tagIssue:       true, // RFC 8659 §4.2
	tagIssueWild:   true, // RFC 8659 §4.3
	"iodef":        true, // RFC 8659 §4.4
	"issuemail":    true, // RFC 9495 (S/MIME)
	"issuevmc":     true, // CA/B Forum requirements for Verified Mark Certificates
	"contactemail": true, // CA/B Forum Baseline Requirements, appendix A
	"contactphone": true, // CA/B Forum Baseline Requirements, appendix A
}

// hasTag reports whether r carries tag. Tags match case-insensitively
// (RFC 8659 §4.1).
func (r Record) hasTag(tag string) bool { return strings.EqualFold(r.Tag, tag) }

// critical reports whether the Issuer Critical flag is set.
func (r Record) critical() bool { return r.Flags&criticalFlag != 0 }

// unknownCritical reports whether r forbids issuance on its own: a critical
// record whose tag the CA does not understand.
func (r Record) unknownCritical() bool {
	return r.critical() && !knownTags[strings.ToLower(r.Tag)]
}

// String renders the record's RDATA as a zone file does, `0 issue "sectigo.com"`,
// so that a message can be pasted into a zone or compared with dig's output.
func (r Record) String() string {
	return fmt.Sprintf("%d %s %s", r.Flags, r.Tag, quote(r.Value))
}

// quote writes a value as a DNS character string in presentation form:
// double quotes around it, a backslash before `"` and `\`, and \DDD for
// bytes that are not printable ASCII (RFC 1035 §5.1), so that a hostile
// value cannot forge or break up a message.
func quote(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c > 0x7e:
			fmt.Fprintf(&b, "\\%03d", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// describe lists records for a message: `0 issue "a.example", 0 iodef "mailto:x"`.
func describe(recs []Record) string {
	parts := make([]string, len(recs))
	for i, r := range recs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}
