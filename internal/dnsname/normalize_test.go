package dnsname

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nameOfLength builds a valid name of exactly n characters ending in
// ".example.org", made of 63-character labels and one shorter filler label.
func nameOfLength(t *testing.T, n int) string {
	t.Helper()
	const zone = "example.org"
	var b strings.Builder
	for left := n - len(zone); left > 0; {
		size := min(left, MaxLabelLength+1) - 1 // each label is followed by a dot
		require.Positive(t, size, "cannot build a name of length %d", n)
		b.WriteString(strings.Repeat("a", size) + ".")
		left -= size + 1
	}
	name := b.String() + zone
	require.Len(t, name, n)
	return name
}

func TestNormalize_valid(t *testing.T) {
	t.Parallel()
	label63 := strings.Repeat("a", 63)
	name253 := nameOfLength(t, 253)
	tests := []struct {
		desc string
		name string
		want string
	}{
		{desc: "already canonical", name: "example.org", want: "example.org"},
		{desc: "upper case and trailing dot", name: "Example.ORG.", want: "example.org"},
		{desc: "surrounding space", name: " \twww.example.org \n", want: "www.example.org"},
		{desc: "digits and inner hyphens", name: "a-1.b2--c.example.org", want: "a-1.b2--c.example.org"},
		{desc: "hyphens at 3rd and 4th place in an ASCII label", name: "r3---sn-ab.example.com", want: "r3---sn-ab.example.com"},
		{desc: "IDN U-label", name: "bücher.example", want: "xn--bcher-kva.example"},
		{desc: "upper-case IDN", name: "BÜCHER.Example", want: "xn--bcher-kva.example"},
		{desc: "IDN with trailing dot", name: "bücher.example.", want: "xn--bcher-kva.example"},
		{desc: "IDN with ideographic full stop", name: "bücher。example", want: "xn--bcher-kva.example"},
		{desc: "A-label kept", name: "xn--bcher-kva.example", want: "xn--bcher-kva.example"},
		{desc: "upper-case A-label lower-cased", name: "XN--BCHER-KVA.Example", want: "xn--bcher-kva.example"},
		{desc: "IDNA2008 keeps sharp s", name: "faß.de", want: "xn--fa-hia.de"},
		{desc: "63-character label", name: label63 + ".example.org", want: label63 + ".example.org"},
		{desc: "253-character name", name: name253, want: name253},
		{desc: "253-character name with trailing dot", name: name253 + ".", want: name253},
		{desc: "numeric labels below a real TLD", name: "1.2.3.example", want: "1.2.3.example"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			got, err := Normalize(tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNormalize_invalid(t *testing.T) {
	t.Parallel()
	label64 := strings.Repeat("a", 64)
	name254 := nameOfLength(t, 254)
	tests := []struct {
		desc       string
		name       string
		wantReason string
	}{
		{desc: "empty", name: "", wantReason: "empty name"},
		{desc: "only space", name: "  ", wantReason: "empty name"},
		{desc: "only a dot", name: ".", wantReason: "empty name"},
		{desc: "empty inner label", name: "a..b", wantReason: "empty label"},
		{desc: "leading dot", name: ".example.org", wantReason: "empty label"},
		{desc: "two trailing dots", name: "example.org..", wantReason: "empty label"},
		{desc: "64-character label", name: label64 + ".example.org",
			wantReason: fmt.Sprintf("label %q is 64 characters; the limit is 63", label64)},
		{desc: "254-character name", name: name254, wantReason: "name is 254 characters; the limit is 253"},
		{desc: "underscore", name: "_acme.example.org",
			wantReason: `label "_acme" contains an underscore, which is not allowed in a host name`},
		{desc: "inner space", name: "my host.example.org",
			wantReason: `label "my host" contains " "; only letters, digits and hyphens are allowed`},
		{desc: "slash", name: "example.org/path",
			wantReason: `label "org/path" contains "/"; only letters, digits and hyphens are allowed`},
		{desc: "control character", name: "a\x00b.example.org",
			wantReason: `label "a\x00b" contains "\x00"; only letters, digits and hyphens are allowed`},
		{desc: "URL", name: "https://example.org",
			wantReason: `label "https://example" contains ":"; only letters, digits and hyphens are allowed`},
		{desc: "leading hyphen", name: "-a.example.org", wantReason: `label "-a" starts with a hyphen`},
		{desc: "trailing hyphen", name: "a-.example.org", wantReason: `label "a-" ends with a hyphen`},
		{desc: "IPv4", name: "192.0.2.1", wantReason: "an IP address, not a domain name"},
		{desc: "IPv4 with trailing dot", name: "192.0.2.1.", wantReason: "an IP address, not a domain name"},
		{desc: "IPv6 in brackets", name: "[::1]", wantReason: "an IP address, not a domain name"},
		{desc: "IPv6 bare", name: "2001:db8::1", wantReason: "an IP address, not a domain name"},
		{desc: "full-width IPv4", name: "１９２.０.２.１", wantReason: "an IP address, not a domain name"},
		{desc: "all-numeric top-level label", name: "256.1.1.1", wantReason: `top-level label "1" is all digits`},
		{desc: "single label", name: "localhost", wantReason: "single label; SCM needs a name with at least one dot"},
		{desc: "top-level domain alone", name: "com.", wantReason: "single label; SCM needs a name with at least one dot"},
		{desc: "invalid UTF-8", name: "\xff.example.org", wantReason: "not valid UTF-8"},
		{desc: "bare ACE prefix", name: "xn--.example.org", wantReason: `label "xn--" ends with a hyphen`},
		{desc: "wildcard not allowed by default", name: "*.example.org", wantReason: "wildcard names are not allowed here"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			got, err := Normalize(tt.name)
			assert.Empty(t, got)
			var nameErr *Error
			require.ErrorAs(t, err, &nameErr)
			assert.Equal(t, tt.name, nameErr.Name)
			assert.Equal(t, tt.wantReason, nameErr.Reason)
		})
	}
}

func TestNormalize_invalidIDN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc       string
		name       string
		wantPrefix string
	}{
		{desc: "bad punycode", name: "xn--zz.example.org", wantPrefix: `label "xn--zz" is not a valid internationalised label: idna: `},
		{desc: "A-label hiding a disallowed rune", name: "xn--a.example.org", wantPrefix: `label "xn--a" is not a valid internationalised label: idna: `},
		{desc: "U-label with hyphens at 3rd and 4th place", name: "ab--ü.example", wantPrefix: `label "xn--ab---3ra" is not a valid internationalised label: idna: `},
		{desc: "disallowed code point", name: "a\u2488.example", wantPrefix: "invalid internationalised name: idna: "},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			_, err := Normalize(tt.name)
			var nameErr *Error
			require.ErrorAs(t, err, &nameErr)
			assert.True(t, strings.HasPrefix(nameErr.Reason, tt.wantPrefix), "reason %q", nameErr.Reason)
			require.Error(t, errors.Unwrap(err), "the idna error is kept as the cause")
		})
	}
}

func TestNormalizeWith_wildcard(t *testing.T) {
	t.Parallel()
	allow := Options{AllowWildcard: true}
	tests := []struct {
		desc       string
		name       string
		want       string
		wantReason string
	}{
		{desc: "wildcard", name: "*.example.org", want: "*.example.org"},
		{desc: "wildcard upper case and trailing dot", name: "*.Example.ORG.", want: "*.example.org"},
		{desc: "wildcard over IDN", name: "*.Bücher.example", want: "*.xn--bcher-kva.example"},
		{desc: "plain name still fine", name: "www.example.org", want: "www.example.org"},
		{desc: "star alone", name: "*", wantReason: `"*" alone is not a domain name`},
		{desc: "star with trailing dot", name: "*.", wantReason: `"*" alone is not a domain name`},
		{desc: "star inside a label", name: "*a.b.example", wantReason: `the wildcard "*" must be the whole left-most label`},
		{desc: "star in the middle", name: "a.*.b", wantReason: `the wildcard "*" is allowed only as the left-most label`},
		{desc: "two stars", name: "*.*.b", wantReason: `the wildcard "*" is allowed only as the left-most label`},
		{desc: "wildcard over a TLD", name: "*.com", wantReason: `wildcard over the single label "com"; SCM needs at least one dot below the wildcard`},
		{desc: "wildcard over an IP", name: "*.192.0.2.1", wantReason: "an IP address, not a domain name"},
		{desc: "wildcard over a bad label", name: "*._x.example", wantReason: `label "_x" contains an underscore, which is not allowed in a host name`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			got, err := NormalizeWith(tt.name, allow)
			if tt.wantReason != "" {
				var nameErr *Error
				require.ErrorAs(t, err, &nameErr)
				assert.Equal(t, tt.wantReason, nameErr.Reason)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNormalizeWith_wildcardLength(t *testing.T) {
	t.Parallel()
	// The "*." counts towards the 253 limit: it is part of the name in a SAN.
	base251 := nameOfLength(t, 251)
	got, err := NormalizeWith("*."+base251, Options{AllowWildcard: true})
	require.NoError(t, err)
	assert.Len(t, got, 253)

	base252 := nameOfLength(t, 252)
	_, err = NormalizeWith("*."+base252, Options{AllowWildcard: true})
	require.EqualError(t, err, fmt.Sprintf(`invalid domain name "*.%s": name is 254 characters; the limit is 253`, base252))
}

func TestError_Error(t *testing.T) {
	t.Parallel()
	_, err := Normalize("a..b")
	require.EqualError(t, err, `invalid domain name "a..b": empty label`)
	assert.NoError(t, errors.Unwrap(err), "a rule violation has no underlying cause")
}

func TestCheckALabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc       string
		label      string
		wantReason string
	}{
		{desc: "canonical", label: "xn--bcher-kva", wantReason: ""},
		// Normalize lower-cases first, so only a direct call can show that the
		// round trip rejects a second spelling of the same label.
		{desc: "mixed-case annotation", label: "xn--Bcher-kva", wantReason: `label "xn--Bcher-kva" is not a canonical punycode label`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			reason, _ := checkALabel(tt.label)
			assert.Equal(t, tt.wantReason, reason)
		})
	}
}
