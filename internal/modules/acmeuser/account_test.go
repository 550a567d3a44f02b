package acmeuser

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scm"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// newClient is an SCM client for the emulator's MRAO admin.
func newClient(t *testing.T, sim *simtest.Sim) *scm.Client {
	t.Helper()
	c, err := scm.New(sim.URL+"/api", scm.Credentials{Login: "mrao", Password: "mrao-secret", CustomerURI: "demo"},
		scm.WithTLS(scm.TLSConfig{CAFile: sim.CAFile}))
	require.NoError(t, err)
	return c
}

// seedAccounts adds accounts with made-up, distinct EAB credentials to the emulator's default world.
func seedAccounts(t *testing.T, sim *simtest.Sim, accounts ...scmsim.ACMEAccount) {
	t.Helper()
	w := sim.World()
	for _, a := range accounts {
		a.Status, a.CertValidationType = "pending", a.ServerKey
		a.MacID, a.MacKey = fmt.Sprintf("kid-%018d", a.ID), fmt.Sprintf("hmac-key-%040d", a.ID)
		w.ACMEAccounts = append(w.ACMEAccounts, a)
	}
	require.NoError(t, sim.Seed(w))
}

func ids(accounts []scm.ACMEAccount) []int {
	out := make([]int, len(accounts))
	for i, a := range accounts {
		out[i] = a.ID
	}
	return out
}

// TestNewAccounts: observe's lookup returns the account on the server and every id of that name in the
// organization; after a lost create, only accounts on the server that observe did not see are new.
func TestNewAccounts(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	seedAccounts(t, sim,
		scmsim.ACMEAccount{ID: 7101, Name: "web", ServerKey: "DV", OrgID: 1001},
		scmsim.ACMEAccount{ID: 7102, Name: "web", ServerKey: "OV", OrgID: 1002},        // a department's: not this key
		scmsim.ACMEAccount{ID: 7103, Name: "web-backup", ServerKey: "OV", OrgID: 1001}, // another name
	)
	client := newClient(t, sim)
	srv, err := acmeaccount.NewServers(client.ACME).Resolve(t.Context(), ovName)
	require.NoError(t, err)
	key := acmeaccount.Key{Name: "web", Server: ovName, OrgID: 1001}
	var secrets []string
	secret := func(v string) { secrets = append(secrets, v) }

	mark := sim.Mark()
	acct, seen, err := findAccount(t.Context(), client.ACME, secret, key, srv)
	require.NoError(t, err)
	assert.Nil(t, acct, "none on the OV server")
	assert.Equal(t, []int{7101}, seen, "the DV account of that name was there before")
	assert.Len(t, sim.JournalSince(mark), 1, "one listing")

	// Accounts of that name appear on both servers, as SCM allows.
	seedAccounts(t, sim,
		scmsim.ACMEAccount{ID: 7104, Name: "web", ServerKey: "OV", OrgID: 1001},
		scmsim.ACMEAccount{ID: 7105, Name: "web", ServerKey: "DV", OrgID: 1001},
	)
	found, err := newAccounts(t.Context(), client.ACME, secret, key, srv, seen)
	require.NoError(t, err)
	assert.Equal(t, []int{7104}, ids(found), "new, and on the OV server")
	assert.Equal(t, "hmac-key-0000000000000000000000000000000000007104", found[0].MacKey, "with the listing's credentials")
	assert.Contains(t, secrets, found[0].MacKey, "registered as a secret")

	found, err = newAccounts(t.Context(), client.ACME, secret, key, srv, []int{7104})
	require.NoError(t, err)
	assert.Empty(t, found, "an account observe saw is never new")

	_, seen, err = findAccount(t.Context(), client.ACME, secret, key, srv)
	require.NoError(t, err)
	assert.ElementsMatch(t, []int{7101, 7104, 7105}, seen)
}
