package scmcertinfo

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/scm"
)

func intp(n int) *int { return &n }

func TestDesire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		p       Params
		want    filter
		wantErr string
	}{
		{desc: "names normalised, serial in SCM's form, statuses canonical",
			p:    Params{CommonName: "WWW.Example.org.", SAN: "*.Example.org", SerialNumber: "0x0a1b:2C", Status: []string{"issued", "EXPIRED", "Issued"}},
			want: filter{cn: "www.example.org", san: "*.example.org", serial: "0A:1B:2C", statuses: []scm.SSLStatus{scm.SSLIssued, scm.SSLExpired}}},
		{desc: "SAApproved in OAS spelling", p: Params{Status: []string{"SA Approved"}}, want: filter{statuses: []scm.SSLStatus{scm.SSLSAApproved}}},
		{desc: "bad serial", p: Params{SerialNumber: "12:zz"}, wantErr: `serial_number: "12:zz" is not a hexadecimal serial number`},
		{desc: "unknown status names the entry", p: Params{Status: []string{"Issued", "Valid"}}, wantErr: `status[1]: "Valid"`},
		{desc: "bad common name", p: Params{CommonName: "-a.example"}, wantErr: "common_name: "},
		{desc: "bad SAN", p: Params{SAN: "a b.example"}, wantErr: "subject_alternative_name: "},
		{desc: "negative ssl_id", p: Params{SSLID: -1}, wantErr: "ssl_id: -1 is not an id"},
		{desc: "negative window", p: Params{ExpiringWithinDays: intp(-2)}, wantErr: "expiring_within_days must be 0 or more"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			f, err := desire(tc.p)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, f)
		})
	}
}

func TestFilter_listed(t *testing.T) {
	t.Parallel()
	row := scm.CertificateSummary{SSLID: 1, CommonName: "www.example.org", SubjectAlternativeNames: []string{"www.example.org", "Example.org"}, SerialNumber: "0A:1B"}
	tests := []struct {
		desc string
		f    filter
		row  scm.CertificateSummary
		want bool
	}{
		{desc: "no filter", row: row, want: true},
		{desc: "exact common name", f: filter{cn: "www.example.org"}, row: row, want: true},
		{desc: "substring common name is not a match", f: filter{cn: "example.org"}, row: row, want: false},
		{desc: "SAN among the names", f: filter{san: "example.org"}, row: row, want: true},
		{desc: "SAN missing", f: filter{san: "api.example.org"}, row: row, want: false},
		{desc: "serial compared by value", f: filter{serial: "0A:1B"}, row: scm.CertificateSummary{SerialNumber: "0a1b"}, want: true},
		{desc: "other serial", f: filter{serial: "0A:1C"}, row: row, want: false},
		{desc: "a row without the fact waits for the details", f: filter{cn: "x.example", serial: "01"}, row: scm.CertificateSummary{SSLID: 2}, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.f.listed(tc.row))
		})
	}
}

func TestFilter_matches(t *testing.T) {
	t.Parallel()
	issued := &cert{ID: 7, CommonName: "a.example", SANs: []string{"a.example"}, Status: "Issued", ProfileID: 101, OrgID: 1002, DaysLeft: intp(30)}
	tests := []struct {
		desc string
		f    filter
		c    *cert
		want bool
	}{
		{desc: "window includes its last day", f: filter{within: intp(30)}, c: issued, want: true},
		{desc: "outside the window", f: filter{within: intp(29)}, c: issued, want: false},
		{desc: "expired is not expiring", f: filter{within: intp(30)}, c: &cert{Status: "Expired", DaysLeft: intp(-1)}, want: false},
		{desc: "revoked is not expiring", f: filter{within: intp(30)}, c: &cert{Status: "Revoked", DaysLeft: intp(3)}, want: false},
		{desc: "pending has no expiry", f: filter{within: intp(30)}, c: &cert{Status: "Requested"}, want: false},
		{desc: "status", f: filter{statuses: []scm.SSLStatus{scm.SSLExpired, scm.SSLIssued}}, c: issued, want: true},
		{desc: "other status", f: filter{statuses: []scm.SSLStatus{scm.SSLExpired}}, c: issued, want: false},
		{desc: "organization family", f: filter{orgIDs: []int{1001, 1002, 1003}}, c: issued, want: true},
		{desc: "other organization", f: filter{orgIDs: []int{1004}}, c: issued, want: false},
		{desc: "profile", f: filter{profileID: 102}, c: issued, want: false},
		{desc: "ssl_id", f: filter{sslID: 8}, c: issued, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.f.matches(tc.c))
		})
	}
}
