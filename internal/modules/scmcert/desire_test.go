package scmcert

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/scm"
)

func TestDesire(t *testing.T) {
	t.Parallel()
	keys(t)
	csr := csrPEM(t, ecKey, "WWW.Example.COM", "Example.com", "xn--bcher-kva.example.com")
	dir := t.TempDir()
	csrFile := filepath.Join(dir, "req.csr")
	require.NoError(t, os.WriteFile(csrFile, []byte(csr), 0o600))
	present := Params{State: "present", CommonName: "www.example.com.", RemainingPercentage: 33,
		SubjectAltNames: []string{"Example.com", "bücher.example.com", "www.example.com"}, Profile: " OV ", CSR: csr}
	tests := []struct {
		desc      string
		p         Params
		wantNames []string
		wantSANs  []string
		wantErr   string
	}{
		{desc: "names normalised (case, dot, IDN) and the CN may repeat", p: present,
			wantNames: []string{"example.com", "www.example.com", "xn--bcher-kva.example.com"},
			wantSANs:  []string{"example.com", "xn--bcher-kva.example.com"}},
		{desc: "CSR from a file", p: with2(present, func(p *Params) { p.CSR, p.CSRPath = "", csrFile }),
			wantNames: []string{"example.com", "www.example.com", "xn--bcher-kva.example.com"}},
		{desc: "wildcard common name", p: Params{State: "present", CommonName: "*.example.com", CSR: csrPEM(t, ecKey, "*.example.com"), RemainingPercentage: 33},
			wantNames: []string{"*.example.com"}},
		{desc: "bad common name", p: with2(present, func(p *Params) { p.CommonName = "www..example.com" }),
			wantErr: `common_name: invalid domain name "www..example.com": empty label`},
		{desc: "SANs without common name", p: Params{State: "revoked", SSLID: 1, SubjectAltNames: []string{"a.example.com"}, RemainingPercentage: 33},
			wantErr: "subject_alt_names needs common_name"},
		{desc: "CSR without common name", p: with2(present, func(p *Params) { p.CSR = csrPEM(t, ecKey, "", "www.example.com") }),
			wantErr: "csr: the CSR has no common name; SCM takes it from the CSR, so it must be www.example.com"},
		{desc: "custom field must be a scalar", p: with2(present, func(p *Params) { p.CustomFields = map[string]any{"x": []any{1}} }),
			wantErr: "custom_fields.x must be a string, number or boolean"},
		{desc: "negative term", p: with2(present, func(p *Params) { p.Term = -1 }), wantErr: "term must be a positive number of days"},
		{desc: "remaining_percentage 99", p: with2(present, func(p *Params) { p.RemainingPercentage = 99 }),
			wantNames: []string{"example.com", "www.example.com", "xn--bcher-kva.example.com"}},
		{desc: "remaining_percentage 1", p: with2(present, func(p *Params) { p.RemainingPercentage = 1 }),
			wantNames: []string{"example.com", "www.example.com", "xn--bcher-kva.example.com"}},
		{desc: "remaining_percentage 0", p: with2(present, func(p *Params) { p.RemainingPercentage = 0 }),
			wantErr: "remaining_percentage must be between 1 and 99 (a share of the certificate's lifetime), got 0"},
		{desc: "remaining_percentage 100", p: with2(present, func(p *Params) { p.RemainingPercentage = 100 }),
			wantErr: "remaining_percentage must be between 1 and 99 (a share of the certificate's lifetime), got 100"},
		{desc: "negative remaining_days", p: with2(present, func(p *Params) { p.RemainingDays = -1 }),
			wantErr: "remaining_days must not be negative, got -1"},
		{desc: "revoke by id alone", p: Params{State: "revoked", SSLID: 5, RemainingPercentage: 33}},
		{desc: "revoke by id with half an identity", p: Params{State: "revoked", SSLID: 5, CommonName: "a.example.com", RemainingPercentage: 33},
			wantErr: "state=revoked with ssl_id: give common_name, profile and the organization together"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			w, err := desire(tc.p)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantNames, w.Names)
			if tc.wantSANs != nil {
				assert.Equal(t, tc.wantSANs, w.SANs)
			}
		})
	}
}

func TestDesire_customFieldsSortedAsStrings(t *testing.T) {
	t.Parallel()
	w, err := desire(Params{State: "revoked", SSLID: 1, RemainingPercentage: 33, CustomFields: map[string]any{"b": 42.0, "a": true, "c": "x"}})
	require.NoError(t, err)
	assert.Equal(t, []scm.CustomFieldValue{{Name: "a", Value: "true"}, {Name: "b", Value: "42"}, {Name: "c", Value: "x"}}, w.CustomFields)
	assert.Equal(t, 0, w.RevokeCode)
}

func with2(p Params, f func(*Params)) Params {
	f(&p)
	return p
}

// TestDesire_waitTime: the shared opening adds WaitTime to scm_timeout, so only a task that waits
// gets the longer deadline.
func TestDesire_waitTime(t *testing.T) {
	t.Parallel()
	waits, err := desire(Params{State: "revoked", SSLID: 1, RemainingPercentage: 33, Wait: true, WaitTimeout: 90})
	require.NoError(t, err)
	assert.Equal(t, 90*time.Second, waits.WaitTime())
	noWait, err := desire(Params{State: "revoked", SSLID: 1, RemainingPercentage: 33, WaitTimeout: 90})
	require.NoError(t, err)
	assert.Zero(t, noWait.WaitTime())
}
