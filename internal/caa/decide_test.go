package caa

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func issue(v string) Record     { return Record{Tag: "issue", Value: v} }
func issueWild(v string) Record { return Record{Tag: "issuewild", Value: v} }

func TestDecide(t *testing.T) {
	t.Parallel()
	iodef := Record{Tag: "iodef", Value: "mailto:caa@example.com"}
	critical := Record{Flags: 128, Tag: "tbs", Value: "x"}
	tests := []struct {
		name     string
		rrset    []Record
		wildcard bool
		allowed  bool
		property string
		fallback bool
	}{
		{"empty set", nil, false, true, "issue", false},
		{"issue names the issuer", []Record{issue("sectigo.com")}, false, true, "issue", false},
		{"issue names another CA", []Record{issue("letsencrypt.org")}, false, false, "issue", false},
		{"one of several issue names the issuer", []Record{issue("letsencrypt.org"), issue("sectigo.com")}, false, true, "issue", false},
		{"empty issuer forbids", []Record{issue(";")}, false, false, "issue", false},
		{"empty issuer beside the issuer", []Record{issue(";"), issue("sectigo.com")}, false, true, "issue", false},
		{"only iodef restricts nobody", []Record{iodef}, false, true, "issue", false},
		{"issuewild is ignored for a plain name", []Record{issueWild(";")}, false, true, "issue", false},
		{"wildcard: issuewild names the issuer", []Record{issue(";"), issueWild("sectigo.com")}, true, true, "issuewild", false},
		{"wildcard: issuewild forbids while issue allows", []Record{issue("sectigo.com"), issueWild(";")}, true, false, "issuewild", false},
		{"wildcard: issue governs without issuewild", []Record{issue("letsencrypt.org")}, true, false, "issue", true},
		{"wildcard: issue allows without issuewild", []Record{issue("sectigo.com")}, true, true, "issue", true},
		{"wildcard: issuewild only", []Record{issueWild("sectigo.com")}, true, true, "issuewild", false},
		{"critical unknown tag forbids", []Record{critical, issue("sectigo.com")}, false, false, "issue", false},
		{"critical unknown tag forbids a wildcard", []Record{critical}, true, false, "issue", false},
		{"non-critical unknown tag is ignored", []Record{{Tag: "tbs", Value: "x"}, issue("sectigo.com")}, false, true, "issue", false},
		{"critical known tag is fine", []Record{{Flags: 128, Tag: "issue", Value: "sectigo.com"}}, false, true, "issue", false},
		{"tag case does not matter", []Record{{Tag: "ISSUE", Value: "letsencrypt.org"}}, false, false, "issue", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := decide(tt.rrset, tt.wildcard, "sectigo.com")
			assert.Equal(t, tt.allowed, v.allowed, "allowed")
			assert.Equal(t, tt.property, v.property, "property")
			assert.Equal(t, tt.fallback, v.fallback, "fallback")
		})
	}
}

func TestDecideReportsWhatDecided(t *testing.T) {
	t.Parallel()
	critical := Record{Flags: 128, Tag: "tbs", Value: "x"}
	v := decide([]Record{issue("letsencrypt.org"), critical, issue("sectigo.com")}, false, "sectigo.com")
	assert.False(t, v.allowed)
	assert.Equal(t, []Record{critical}, v.critical)
	assert.Equal(t, []Record{issue("letsencrypt.org"), issue("sectigo.com")}, v.governing)
	if assert.NotNil(t, v.authorising) {
		assert.Equal(t, issue("sectigo.com"), *v.authorising)
	}
}
