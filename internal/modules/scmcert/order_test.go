package scmcert

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

func TestChooseTerm(t *testing.T) {
	t.Parallel()
	before := time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC) // public maximum 398 days
	after := time.Date(2026, time.November, 22, 0, 0, 0, 0, time.UTC)
	p := scm.Profile{Name: "OV", Terms: []int{90, 180, 199, 365}}
	tests := []struct {
		desc     string
		p        scm.Profile
		term     int
		now      time.Time
		want     int
		wantWarn bool
		wantErr  string
	}{
		{desc: "default: the longest allowed today", p: p, now: after, want: 199},
		{desc: "default before SC-081's first step", p: p, now: before, want: 365},
		{desc: "default when every term is too long: the shortest", p: scm.Profile{Terms: []int{730, 365}}, now: after, want: 365, wantWarn: true},
		{desc: "a profile term", p: p, term: 90, now: after, want: 90},
		{desc: "a long term warns", p: p, term: 365, now: after, want: 365, wantWarn: true},
		{desc: "not a profile term", p: p, term: 100, now: after, wantErr: `term: 100 days is not a term of profile "OV"; its terms are 90, 180, 199, 365`},
		{desc: "profile without terms takes any", p: scm.Profile{Name: "X"}, term: 100, now: after, want: 100},
		{desc: "profile without terms needs one", p: scm.Profile{Name: "X"}, now: after, wantErr: `profile "X" lists no terms`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got, warns, err := chooseTerm(tc.p, tc.term, tc.now)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantWarn, len(warns) == 1)
		})
	}
}

func TestCheckKey(t *testing.T) {
	t.Parallel()
	keys(t)
	parse := func(pemText string) *certutil.CSR {
		c, err := certutil.ParseCSR([]byte(pemText))
		require.NoError(t, err)
		return c
	}
	rsa := parse(csrPEM(t, rsaKey, "a.example.com"))
	ec := parse(csrPEM(t, ecKey, "a.example.com"))
	tests := []struct {
		desc    string
		kt      map[string][]string
		csr     *certutil.CSR
		wantErr string
	}{
		{desc: "RSA allowed", kt: map[string][]string{"RSA": {"2048"}}, csr: rsa},
		{desc: "EC allowed", kt: map[string][]string{"EC": {"P-256"}}, csr: ec},
		{desc: "ECDSA spelling", kt: map[string][]string{"ECDSA": {"p-256"}}, csr: ec},
		{desc: "no list: no check", csr: ec},
		{desc: "size not allowed", kt: map[string][]string{"RSA": {"3072", "4096"}}, csr: rsa,
			wantErr: `the CSR's key (RSA 2048) is not allowed by profile "P", which takes RSA 3072/4096`},
		{desc: "algorithm not allowed", kt: map[string][]string{"RSA": {"2048"}}, csr: ec, wantErr: "(EC P-256) is not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			err := checkKey(scm.Profile{Name: "P", KeyTypes: tc.kt}, tc.csr)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestCheckCustomFields(t *testing.T) {
	t.Parallel()
	defined := []scm.CustomField{{Name: "costCenter", Mandatory: true}, {Name: "ticket"}, {Name: "owner", Mandatory: true}}
	tests := []struct {
		desc    string
		given   []scm.CustomFieldValue
		wantErr string
	}{
		{desc: "all mandatory given", given: []scm.CustomFieldValue{{Name: "costCenter", Value: "1"}, {Name: "owner", Value: "me"}}},
		{desc: "missing ones are named", given: []scm.CustomFieldValue{{Name: "ticket", Value: "1"}},
			wantErr: "custom_fields: SCM requires the mandatory custom field(s) costCenter, owner for an order"},
		{desc: "blank is missing", given: []scm.CustomFieldValue{{Name: "costCenter", Value: " "}, {Name: "owner", Value: "me"}},
			wantErr: "custom_fields: SCM requires the mandatory custom field(s) costCenter for an order"},
		{desc: "unknown name", given: []scm.CustomFieldValue{{Name: "Owner", Value: "me"}},
			wantErr: "custom_fields: SCM has no custom field Owner; its fields are costCenter, ticket, owner"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			err := checkCustomFields(defined, tc.given)
			if tc.wantErr != "" {
				require.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestPickProfile(t *testing.T) {
	t.Parallel()
	profiles := []scm.Profile{{ID: 1, Name: "OV"}, {ID: 2, Name: "EV"}, {ID: 3, Name: "Twin"}, {ID: 4, Name: "twin"}}
	tests := []struct {
		desc    string
		ref     string
		want    int
		wantErr string
	}{
		{desc: "by name, any case", ref: "ov", want: 1},
		{desc: "by id", ref: "2", want: 2},
		{desc: "unknown id", ref: "9", wantErr: `profile: "9" is not among the profiles this organization may order: OV (1), EV (2)`},
		{desc: "ambiguous name", ref: "TWIN", wantErr: `profile: the name "TWIN" is ambiguous (ids 3, 4); give the id`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			p, err := pickProfile(profiles, tc.ref)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.ID)
		})
	}
}
