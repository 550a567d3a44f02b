package acmeuserdomains

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
)

func TestDesire(t *testing.T) {
	t.Parallel()
	ref := acmeaccount.Ref{Name: "web", ACMEServer: "OV", OrganizationID: 1001}
	id := func(n int) *int { return &n }
	tests := []struct {
		desc      string
		p         Params
		wantNames []string
		wantErr   string
	}{
		{desc: "normalised set", p: Params{Ref: ref, State: "present",
			Domains: []string{"WWW.Example.ORG.", "www.example.org", "*.Example.org", "bücher.example.org"}},
			wantNames: []string{"*.example.org", "www.example.org", "xn--bcher-kva.example.org"}},
		{desc: "by account id", p: Params{AccountID: id(7001), Domains: []string{"a.example"}}, wantNames: []string{"a.example"}},
		{desc: "empty list", p: Params{AccountID: id(7001), Domains: []string{}}, wantNames: []string{}},
		{desc: "every bad name at once", p: Params{Ref: ref, Domains: []string{"ok.example", "a..example", "*.*.example"}},
			wantErr: "domains[1]: "},
		{desc: "account id not positive", p: Params{AccountID: id(0), Domains: []string{"a.example"}},
			wantErr: "account_id: 0 is not an account id"},
		{desc: "name without organization", p: Params{Ref: acmeaccount.Ref{Name: "web", ACMEServer: "OV"}},
			wantErr: "one of organization, department or organization_id is required with name"},
		{desc: "exclusive with absent", p: Params{Ref: ref, State: "absent", Exclusive: true, Domains: []string{"a.example"}},
			wantErr: "exclusive: only applies with state=present"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			w, err := desire(tc.p)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantNames, w.Names)
		})
	}
}

func TestDesire_namesEveryBadEntry(t *testing.T) {
	t.Parallel()
	_, err := desire(Params{AccountID: new(7), Domains: []string{"a..example", "ok.example", "-x.example"}})
	require.Error(t, err)
	assert.Regexp(t, `^domains\[0\]: .*; domains\[2\]: `, err.Error())
	assert.NotContains(t, err.Error(), "\n")
}
