package acmeaccount

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

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

// account is a seeded account with made-up, distinct EAB credentials.
func account(id int, name, serverKey string, org int) scmsim.ACMEAccount {
	return scmsim.ACMEAccount{ID: id, Name: name, ServerKey: serverKey, OrgID: org, Status: "pending",
		CertValidationType: "OV", MacID: fmt.Sprintf("kid-%022d", id), MacKey: fmt.Sprintf("hmac-secret-%074d", id)}
}

// seed replaces the emulator's world with its default world plus accounts.
func seed(t *testing.T, sim *simtest.Sim, accounts ...scmsim.ACMEAccount) {
	t.Helper()
	w := sim.World()
	w.ACMEAccounts = append(w.ACMEAccounts, accounts...)
	require.NoError(t, sim.Seed(w))
}
