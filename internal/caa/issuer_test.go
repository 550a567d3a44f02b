package caa

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseIssueValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		want  issueValue
	}{
		{`sectigo.com`, issueValue{domain: "sectigo.com", valid: true}},
		{`  Sectigo.COM  `, issueValue{domain: "sectigo.com", valid: true}},
		{"\tsectigo.com;accounturi=https://x.example/acct/1", issueValue{domain: "sectigo.com", valid: true}},
		{`sectigo.com; a=1; b=2`, issueValue{domain: "sectigo.com", valid: true}},
		{`sectigo.com; not a parameter`, issueValue{domain: "sectigo.com", valid: true}}, // parameters are not examined
		{`;`, issueValue{valid: true}},
		{` ; policy=ev`, issueValue{valid: true}},
		{``, issueValue{valid: true}},
		{`sectigo.com.`, issueValue{domain: "sectigo.com.", valid: false}},
		{`sectigo..com`, issueValue{domain: "sectigo..com", valid: false}},
		{`-sectigo.com`, issueValue{domain: "-sectigo.com", valid: false}},
		{`sectigo.com-`, issueValue{domain: "sectigo.com-", valid: false}},
		{`sectigo com`, issueValue{domain: "sectigo com", valid: false}},
		{`sec_tigo.com`, issueValue{domain: "sec_tigo.com", valid: false}},
		{`xn--bcher-kva.example`, issueValue{domain: "xn--bcher-kva.example", valid: true}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, parseIssueValue(tt.value), "value %q", tt.value)
	}
}

func TestIssueValueNames(t *testing.T) {
	t.Parallel()
	assert.True(t, parseIssueValue("SECTIGO.com; x=y").names("sectigo.com"))
	assert.True(t, parseIssueValue("comodoca.com").names("sectigo.com"), "Sectigo's older issuer domains authorise it")
	assert.True(t, parseIssueValue("usertrust.com").names("sectigo.com"))
	assert.False(t, parseIssueValue("comodoca.com").names("letsencrypt.org"), "aliases belong to one issuer only")
	assert.False(t, parseIssueValue("letsencrypt.org").names("sectigo.com"))
	assert.False(t, parseIssueValue("sectigo.com.").names("sectigo.com"), "malformed values authorise nobody")
	assert.False(t, parseIssueValue(";").names("sectigo.com"))
	assert.False(t, parseIssueValue("sub.sectigo.com").names("sectigo.com"), "the domain must match exactly")
}

func TestNormalizeIssuer(t *testing.T) {
	t.Parallel()
	got, err := normalizeIssuer(" Sectigo.COM. ")
	require.NoError(t, err)
	assert.Equal(t, "sectigo.com", got)
	for _, bad := range []string{"", ";", "sectigo com", "*.sectigo.com"} {
		_, err := normalizeIssuer(bad)
		assert.ErrorContains(t, err, "invalid issuer domain", "issuer %q", bad)
	}
}
