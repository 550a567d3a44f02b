package acmeaccount

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scm"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// secrets records what a Finder registers.
type secrets struct {
	mu   sync.Mutex
	seen []string
}

func (s *secrets) add(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, v)
}

// findCase is one lookup and what it must cost and return.
type findCase struct {
	desc      string
	key       Key
	wantID    int
	wantReads int
	wantErr   string
}

// startFindWorld seeds the accounts every lookup test searches.
func startFindWorld(t *testing.T) *simtest.Sim {
	t.Helper()
	sim := simtest.Start(t, scmsim.Options{})
	seed(t, sim,
		account(7001, "web", "OV", 1001),
		account(7002, "web", "DV", 1001),
		account(7003, "web", "OV", 1002),        // a department of 1001: listed with 1001, not its account
		account(7004, "web-backup", "OV", 1001), // matched by a substring filter, not by name
		account(7005, "twin", "OV", 1001),
		account(7006, "twin", "OV", 1001),
	)
	return sim
}

func TestFinder_Find(t *testing.T) {
	t.Parallel()
	sim := startFindWorld(t)
	ov := sim.URL + "/acme/v2/OV"
	runFindCases(t, sim, false, []findCase{
		{desc: "by URL: one listing, no server listing", key: Key{Name: "web", Server: ov, OrgID: 1001}, wantID: 7001, wantReads: 1},
		{desc: "by URL, other case and a trailing slash", key: Key{Name: "web-backup", Server: strings.ToUpper(sim.URL) + "/acme/v2/OV/", OrgID: 1001}, wantID: 7004, wantReads: 1},
		{desc: "by server name: the server listing too", key: Key{Name: "web", Server: "Sectigo DV ACME (demo)", OrgID: 1001}, wantID: 7002, wantReads: 2},
		{desc: "department account", key: Key{Name: "web", Server: ov, OrgID: 1002}, wantID: 7003, wantReads: 1},
		{desc: "absent name", key: Key{Name: "nope", Server: ov, OrgID: 1001}, wantReads: 1},
		{desc: "absent on that server", key: Key{Name: "web-backup", Server: sim.URL + "/acme/v2/DV", OrgID: 1001}, wantReads: 1},
		{desc: "absent on that server, by name", key: Key{Name: "web-backup", Server: "Sectigo DV ACME (demo)", OrgID: 1001}, wantReads: 2},
		{desc: "ambiguous", key: Key{Name: "twin", Server: ov, OrgID: 1001}, wantReads: 1,
			wantErr: `name: ACME account "twin" on "` + ov + `" for organization 1001 is ambiguous: SCM has 2 such accounts (ids 7005, 7006)`},
		{desc: "unknown server", key: Key{Name: "web", Server: "OV", OrgID: 1001}, wantReads: 2,
			wantErr: `acme_server: "OV" is not an ACME server`},
	})
}

func TestFinder_FindFiltered(t *testing.T) {
	t.Parallel()
	sim := startFindWorld(t)
	runFindCases(t, sim, true, []findCase{
		{desc: "by server name: one request", key: Key{Name: "web", Server: "Sectigo DV ACME (demo)", OrgID: 1001}, wantID: 7002, wantReads: 1},
		{desc: "by URL", key: Key{Name: "web", Server: sim.URL + "/acme/v2/OV", OrgID: 1001}, wantID: 7001, wantReads: 1},
		{desc: "ambiguous", key: Key{Name: "twin", Server: "Sectigo OV ACME (demo)", OrgID: 1001}, wantReads: 1,
			wantErr: "is ambiguous: SCM has 2 such accounts (ids 7005, 7006)"},
		{desc: "absent: checked without the filter", key: Key{Name: "web-backup", Server: "Sectigo DV ACME (demo)", OrgID: 1001}, wantReads: 3},
		{desc: "unknown server", key: Key{Name: "web", Server: "OV", OrgID: 1001}, wantReads: 3,
			wantErr: `acme_server: "OV" is not an ACME server`},
	})
}

func runFindCases(t *testing.T, sim *simtest.Sim, filtered bool, cases []findCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			client := newClient(t, sim)
			var got secrets
			f := &Finder{Accounts: client.ACME, Servers: NewServers(client.ACME), Secret: got.add}
			find := f.Find
			if filtered {
				find = f.FindFiltered
			}
			mark := sim.Mark()
			acct, err := find(t.Context(), tc.key)
			assert.Len(t, sim.JournalSince(mark), tc.wantReads)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, tc.desc == "ambiguous", IsAmbiguous(err))
				return
			}
			require.NoError(t, err)
			if tc.wantID == 0 {
				assert.Nil(t, acct)
				return
			}
			require.NotNil(t, acct)
			assert.Equal(t, tc.wantID, acct.ID)
			assert.Contains(t, got.seen, acct.MacKey)
			if tc.key.Name == "web" && tc.key.OrgID == 1001 && !filtered {
				assert.Contains(t, got.seen, account(7004, "", "", 0).MacKey, "keys of every listed account are registered")
			}
		})
	}
}

func TestRef_Check(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		ref     Ref
		wantErr string
	}{
		{desc: "complete", ref: Ref{Name: "web", ACMEServer: "OV", Organization: "Demo"}},
		{desc: "by id", ref: Ref{Name: "web", ACMEServer: "OV", OrganizationID: 5}},
		{desc: "blank name", ref: Ref{Name: "  ", ACMEServer: "OV", OrganizationID: 5}, wantErr: "name: the account name must not be empty"},
		{desc: "newline in name", ref: Ref{Name: "a\nb", ACMEServer: "OV", OrganizationID: 5}, wantErr: "control characters"},
		{desc: "no server", ref: Ref{Name: "web", OrganizationID: 5}, wantErr: "acme_server: give"},
		{desc: "no organization", ref: Ref{Name: "web", ACMEServer: "OV"}, wantErr: "one of organization, department or organization_id"},
		{desc: "negative id", ref: Ref{Name: "web", ACMEServer: "OV", OrganizationID: -1}, wantErr: "organization_id: -1"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			err := tc.ref.Check()
			if tc.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

// filterBlind is an SCM that ignores the acmeServer filter of the account listing.
type filterBlind struct{ accounts []scm.ACMEAccount }

func (f filterBlind) ListAllAccounts(_ context.Context, _ *scm.ListACMEAccountsOptions) ([]scm.ACMEAccount, error) {
	return f.accounts, nil
}

func (f filterBlind) ListAllServers(_ context.Context, _ *scm.ListACMEServersOptions) ([]scm.ACMEServer, error) {
	return []scm.ACMEServer{
		{Name: "OV server", URL: "https://acme.example/v2/OV"},
		{Name: "DV server", URL: "https://acme.example/v2/DV"},
	}, nil
}

// TestFinder_FindFiltered_filterIgnored: accounts on different servers in a filtered answer mean SCM
// did not filter; the server is then compared by the module, not taken on SCM's word.
func TestFinder_FindFiltered_filterIgnored(t *testing.T) {
	t.Parallel()
	scmBlind := filterBlind{accounts: []scm.ACMEAccount{
		{ID: 1, Name: "web", OrganizationID: 5, ACMEServer: "https://acme.example/v2/DV"},
		{ID: 2, Name: "web", OrganizationID: 5, ACMEServer: "https://acme.example/v2/OV"},
	}}
	f := &Finder{Accounts: scmBlind, Servers: NewServers(scmBlind)}
	acct, err := f.FindFiltered(t.Context(), Key{Name: "web", Server: "OV server", OrgID: 5})
	require.NoError(t, err)
	require.NotNil(t, acct)
	assert.Equal(t, 2, acct.ID)
}
