package scmcert

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

// utcDay is 00:00 UTC of a day; the steps of ballot SC-081 begin then.
func utcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestChooseTerm: the term is checked against the profile and the cap of the day (the module's clock),
// on and around each step of ballot SC-081; without a term the longest that fits is taken.
func TestChooseTerm(t *testing.T) {
	t.Parallel()
	lastSecond := func(y int, m time.Month, d int) time.Time { return utcDay(y, m, d).Add(-time.Second) }
	after := time.Date(2026, time.November, 22, 0, 0, 0, 0, time.UTC)
	p := scm.Profile{Name: "OV", Terms: []int{90, 180, 199, 365}}
	short := scm.Profile{Name: "Short", Terms: []int{30, 45, 90}}
	const (
		rule398 = "CA/Browser Forum ballot SC-081: at most 398 days for certificates issued before 2026-03-15"
		rule200 = "CA/Browser Forum ballot SC-081: at most 200 days for certificates issued from 2026-03-15"
		rule100 = "CA/Browser Forum ballot SC-081: at most 100 days for certificates issued from 2027-03-15"
		rule47  = "CA/Browser Forum ballot SC-081: at most 47 days for certificates issued from 2029-03-15"
	)
	tests := []struct {
		desc       string
		p          scm.Profile
		term       int
		now        time.Time
		want       int
		wantChosen string
		wantErr    string
	}{
		// Without a term: the longest term of the profile within the day's cap.
		{desc: "2026-03-14: 398-day cap", p: p, now: utcDay(2026, time.March, 14), want: 365,
			wantChosen: `the longest term of profile "OV" allowed on 2026-03-14 (cap 398 days)`},
		{desc: "2026-03-14, last second", p: p, now: lastSecond(2026, time.March, 15), want: 365},
		{desc: "2026-03-15: 200-day cap", p: p, now: utcDay(2026, time.March, 15), want: 199,
			wantChosen: `the longest term of profile "OV" allowed on 2026-03-15 (cap 200 days)`},
		{desc: "2027-03-14, last second", p: p, now: lastSecond(2027, time.March, 15), want: 199},
		{desc: "2027-03-15: 100-day cap", p: p, now: utcDay(2027, time.March, 15), want: 90,
			wantChosen: `the longest term of profile "OV" allowed on 2027-03-15 (cap 100 days)`},
		{desc: "2029-03-14, last second", p: p, now: lastSecond(2029, time.March, 15), want: 90},
		{desc: "2029-03-15: 47-day cap", p: short, now: utcDay(2029, time.March, 15), want: 45,
			wantChosen: `the longest term of profile "Short" allowed on 2029-03-15 (cap 47 days)`},
		{desc: "2029-03-15: no term of the profile fits", p: p, now: utcDay(2029, time.March, 15),
			wantErr: `term: no term of profile "OV" (90, 180, 199, 365 days) is allowed for a certificate issued on 2029-03-15 (` + rule47 + `); choose a profile with a term of at most 47 days`},
		{desc: "profile without terms needs one", p: scm.Profile{Name: "X"}, now: after,
			wantErr: `term: profile "X" lists no terms; give term (at most 200 days for a certificate issued on 2026-11-22: ` + rule200 + `)`},

		// A term given: one of the profile's, and within the day's cap.
		{desc: "365 on 2026-03-14", p: p, term: 365, now: utcDay(2026, time.March, 14), want: 365},
		{desc: "365 on 2026-03-14, last second", p: p, term: 365, now: lastSecond(2026, time.March, 15), want: 365},
		{desc: "365 on 2026-03-15", p: p, term: 365, now: utcDay(2026, time.March, 15),
			wantErr: `term: 365 days is longer than a certificate issued on 2026-03-15 may be valid (` + rule200 + `); give one of the terms of profile "OV" that fit, 90, 180, 199, or leave term out to get the longest`},
		{desc: "199 on 2027-03-14", p: p, term: 199, now: lastSecond(2027, time.March, 15), want: 199},
		{desc: "199 on 2027-03-15", p: p, term: 199, now: utcDay(2027, time.March, 15),
			wantErr: `term: 199 days is longer than a certificate issued on 2027-03-15 may be valid (` + rule100 + `); give one of the terms of profile "OV" that fit, 90, or leave term out to get the longest`},
		{desc: "90 on 2029-03-14", p: p, term: 90, now: lastSecond(2029, time.March, 15), want: 90},
		{desc: "90 on 2029-03-15, no term fits", p: p, term: 90, now: utcDay(2029, time.March, 15),
			wantErr: `term: 90 days is longer than a certificate issued on 2029-03-15 may be valid (` + rule47 + `); profile "OV" has no term that fits (its terms are 90, 180, 199, 365): choose a profile with a term of at most 47 days`},
		{desc: "45 on 2029-03-15", p: short, term: 45, now: utcDay(2029, time.March, 15), want: 45},
		{desc: "a profile term within the cap", p: p, term: 90, now: after, want: 90},
		{desc: "not a profile term: the ones allowed today are named", p: p, term: 100, now: after,
			wantErr: `term: 100 days is not a term of profile "OV"; its terms are 90, 180, 199, 365, of which 90, 180, 199 are allowed on 2026-11-22 (` + rule200 + `)`},
		{desc: "not a profile term, all allowed", p: p, term: 100, now: utcDay(2026, time.March, 14),
			wantErr: `term: 100 days is not a term of profile "OV"; its terms are 90, 180, 199, 365`},
		{desc: "profile without terms takes any within the cap", p: scm.Profile{Name: "X"}, term: 100, now: after, want: 100},
		{desc: "profile without terms, above the cap", p: scm.Profile{Name: "X"}, term: 365, now: after,
			wantErr: `term: 365 days is longer than a certificate issued on 2026-11-22 may be valid (` + rule200 + `); give at most 200 days`},
		{desc: "398 before the first step", p: scm.Profile{Name: "X"}, term: 399, now: utcDay(2026, time.March, 14),
			wantErr: `(` + rule398 + `); give at most 398 days`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got, chosen, err := chooseTerm(tc.p, tc.term, tc.now)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				if !strings.HasPrefix(tc.wantErr, "(") {
					require.EqualError(t, err, tc.wantErr)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.term == 0, chosen != "", "chosen is said only when the module chose")
			if tc.wantChosen != "" {
				assert.Equal(t, tc.wantChosen, chosen)
			}
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
