package scmdcv

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/scm"
)

func TestDNSRecords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc   string
		method string
		in     instructions
		want   []dnsRecord
	}{
		{desc: "cname with SCM's trailing dots", method: methodCNAME,
			in: instructions{Host: "_abc.example.org.", Point: "x.y.sectigo.com."},
			want: []dnsRecord{{Name: "_abc.example.org", FQDN: "_abc.example.org.", Type: "CNAME",
				Value: "x.y.sectigo.com.", RawValue: "x.y.sectigo.com."}}},
		{desc: "cname without trailing dots gets them", method: methodCNAME,
			in: instructions{Host: "_abc.example.org", Point: "x.y.sectigo.com"},
			want: []dnsRecord{{Name: "_abc.example.org", FQDN: "_abc.example.org.", Type: "CNAME",
				Value: "x.y.sectigo.com.", RawValue: "x.y.sectigo.com."}}},
		{desc: "txt value is escaped, raw value kept", method: methodTXT,
			in: instructions{Host: "_pki-validation.example.org.", Point: `a|b;c\d"e`},
			want: []dnsRecord{{Name: "_pki-validation.example.org", FQDN: "_pki-validation.example.org.", Type: "TXT",
				Value: `a|b;c\\d\"e`, RawValue: `a|b;c\d"e`}}},
		{desc: "http has no record", method: methodHTTP, in: instructions{URL: "http://x/y"}, want: []dnsRecord{}},
		{desc: "unknown instructions", method: methodCNAME, in: instructions{}, want: []dnsRecord{}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.in.dnsRecords(tc.method))
		})
	}
}

func TestTXTPresentation(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("z", 255) + strings.Repeat("y", 45)
	tests := []struct {
		desc, raw, want string
	}{
		{desc: "plain", raw: "abc|def", want: "abc|def"},
		{desc: "spaces and semicolons stay", raw: "a  b;c", want: "a  b;c"},
		{desc: "backslash and quote escaped", raw: `\"`, want: `\\\"`},
		{desc: "control and non-ASCII bytes as \\DDD", raw: "a\tb\xc3", want: `a\009b\195`},
		{desc: "over 255 bytes split into quoted strings", raw: long,
			want: `"` + strings.Repeat("z", 255) + `" "` + strings.Repeat("y", 45) + `"`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, txtPresentation(tc.raw))
		})
	}
}

func TestHTTPFile(t *testing.T) {
	t.Parallel()
	in := instructions{URL: "https://example.org/.well-known/pki-validation/ABC.txt", FirstLine: "f00d", SecondLine: "sectigo.com"}
	f, ok := in.file()
	require.True(t, ok)
	assert.Equal(t, httpFile{URL: in.URL, Path: "/.well-known/pki-validation/ABC.txt", Content: "f00d\nsectigo.com\n"}, f)
	_, ok = instructions{}.file()
	assert.False(t, ok)
}

func TestCandidateEmails(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"a@x.org", "b@x.org"}, candidateEmails(&scm.EmailInstructions{Emails: []string{"a@x.org", "b@x.org", "A@x.org"}}))
	assert.Equal(t, []string{"admin@x.org", "w@x.org", "t@x.org"}, candidateEmails(&scm.EmailInstructions{
		DCVEmails: []scm.DCVEmails{{DomainName: "x.org", AdminEmails: []string{"admin@x.org"},
			WhoisEmails: []string{"w@x.org", "admin@x.org"}, DNSTXTEmails: []string{"t@x.org"}}}}))
}
