package scmdcv

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/scm"
)

// instructions are what SCM hands out for an order: a record (CNAME and TXT: Host and Point), a file
// (HTTP and HTTPS: URL and two lines), or mail addresses (email).
type instructions struct {
	Host, Point                string
	URL, FirstLine, SecondLine string
	Emails                     []string // candidate addresses (email start)
	ValidationEmail            string   // the address the mail went to (email submit)
}

// merge keeps what in knows and takes the rest from newer.
func (in instructions) merge(newer instructions) instructions {
	pick := func(a, b string) string {
		if b != "" {
			return b
		}
		return a
	}
	in.Host, in.Point, in.URL = pick(in.Host, newer.Host), pick(in.Point, newer.Point), pick(in.URL, newer.URL)
	in.FirstLine, in.SecondLine = pick(in.FirstLine, newer.FirstLine), pick(in.SecondLine, newer.SecondLine)
	in.ValidationEmail = pick(in.ValidationEmail, newer.ValidationEmail)
	if len(newer.Emails) > 0 {
		in.Emails = newer.Emails
	}
	return in
}

// dnsRecord is one record to publish, shaped for community.general.nsupdate: Name without and FQDN
// with the trailing dot, and Value as nsupdate takes it.
type dnsRecord struct {
	Name     string `json:"name"`
	FQDN     string `json:"fqdn"`
	Type     string `json:"type"`
	Value    string `json:"value"`
	RawValue string `json:"raw_value"`
}

// dnsRecords returns the record a CNAME or TXT order asks for, or none.
func (in instructions) dnsRecords(method string) []dnsRecord {
	if in.Host == "" || in.Point == "" {
		return []dnsRecord{}
	}
	host := strings.TrimSuffix(in.Host, ".")
	rec := dnsRecord{Name: host, FQDN: host + "."}
	switch method {
	case methodCNAME:
		// A CNAME target without its trailing dot is read relative to the zone by nsupdate.
		rec.Type, rec.Value = "CNAME", strings.TrimSuffix(in.Point, ".")+"."
		rec.RawValue = rec.Value
	case methodTXT:
		rec.Type, rec.Value, rec.RawValue = "TXT", txtPresentation(in.Point), in.Point
	default:
		return []dnsRecord{}
	}
	return []dnsRecord{rec}
}

// maxTXTString is the longest character-string a TXT record holds; longer values are split.
const maxTXTString = 255

// txtPresentation writes a TXT value in DNS presentation form, which community.general.nsupdate
// expects: a backslash and a double quote are escaped, bytes outside printable ASCII become \DDD.
// The module wraps a value in quotes itself, unless it already starts and ends with one, so a value
// over 255 bytes is returned as quoted 255-byte strings ("..." "...") and one that fits is returned
// unquoted.
func txtPresentation(raw string) string {
	if len(raw) <= maxTXTString {
		return escapeTXT(raw)
	}
	var parts []string
	for s := raw; s != ""; {
		n := min(len(s), maxTXTString)
		parts = append(parts, `"`+escapeTXT(s[:n])+`"`)
		s = s[n:]
	}
	return strings.Join(parts, " ")
}

func escapeTXT(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c > 0x7e:
			fmt.Fprintf(&b, "\\%03d", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// httpFile is the file an HTTP or HTTPS order asks for: where it is fetched, its path on the web
// server, and its content (first line, newline, second line, newline).
type httpFile struct {
	URL     string `json:"url"`
	Path    string `json:"path"`
	Content string `json:"content"`
}

// file returns the file an HTTP or HTTPS order asks for; ok is false when there is none.
func (in instructions) file() (httpFile, bool) {
	if in.URL == "" {
		return httpFile{}, false
	}
	f := httpFile{URL: in.URL, Content: in.FirstLine + "\n"}
	if in.SecondLine != "" {
		f.Content += in.SecondLine + "\n"
	}
	if u, err := url.Parse(in.URL); err == nil {
		f.Path = u.EscapedPath()
	}
	return f, true
}

// candidateEmails flattens SCM's email start answer: "emails" when SCM sends it, otherwise every
// address it lists per source, without duplicates, in SCM's order.
func candidateEmails(e *scm.EmailInstructions) []string {
	out := slices.Clone(e.Emails)
	if len(out) == 0 {
		for _, d := range e.DCVEmails {
			out = append(append(append(out, d.AdminEmails...), d.WhoisEmails...), d.DNSTXTEmails...)
		}
	}
	seen := map[string]bool{}
	return slices.DeleteFunc(out, func(s string) bool {
		k := strings.ToLower(s)
		dup := seen[k]
		seen[k] = true
		return dup
	})
}
