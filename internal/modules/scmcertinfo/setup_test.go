package scmcertinfo

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scm"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// fixture is an emulator and a module that share one pinned clock, so days_left is exact, plus an SCM
// client for the test's own set-up writes.
type fixture struct {
	sim    *simtest.Sim
	mod    ansible.Module[Params]
	clock  time.Time
	client *scm.Client
	ids    map[string]int // common name → ssl id
}

func start(t *testing.T) *fixture {
	t.Helper()
	clock := time.Now().UTC().Truncate(time.Second)
	f := &fixture{clock: clock, ids: map[string]int{}}
	f.sim = simtest.Start(t, scmsim.Options{Now: func() time.Time { return clock }})
	f.mod = steps.Module(simClock{f.sim})
	var err error
	f.client, err = scm.New(f.sim.URL+"/api", scm.Credentials{Login: "mrao", Password: "mrao-secret", CustomerURI: "demo"},
		scm.WithTLS(scm.TLSConfig{CAFile: f.sim.CAFile}))
	require.NoError(t, err)
	return f
}

// simClock is the emulator's business clock (pinned, plus any offset a test sets), so days_left is
// exact. An info module never waits, so Sleep returns at once.
type simClock struct{ sim *simtest.Sim }

func (c simClock) Now() time.Time { return c.sim.Now() }

func (simClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// seed orders certificates that expire at known dates:
//
//	www.example.org      (+ example.org)  Web         issued, 20 days left
//	api.example.org                         Demo Univ.  issued, 200 days left
//	old.example.org                         Demo Univ.  issued, then revoked
//	pending.example.org                     Demo Univ.  requested, awaiting approval
//	shop.partner.example                    Partner     issued, 3 days left
//	gone.example.org                        Demo Univ.  expired 2 days ago
func (f *fixture) seed(t *testing.T) {
	t.Helper()
	w := f.sim.World()
	w.Domains = append(w.Domains,
		scmsim.Domain{ID: 3001, Name: "*.example.org", Delegations: []scmsim.Delegation{{OrgID: 1001, CertTypes: []string{"SSL"}, Status: "ACTIVE"}}},
		scmsim.Domain{ID: 3002, Name: "*.partner.example", Delegations: []scmsim.Delegation{{OrgID: 1004, CertTypes: []string{"SSL"}, Status: "ACTIVE"}}})
	require.NoError(t, f.sim.Seed(w))
	require.NoError(t, f.sim.ValidateDCV("example.org"))
	require.NoError(t, f.sim.ValidateDCV("partner.example"))

	f.issue(t, "www.example.org", []string{"example.org"}, 1002, 20)
	f.issue(t, "api.example.org", nil, 1001, 200)
	f.issue(t, "old.example.org", nil, 1001, 5)
	require.NoError(t, f.client.SSL.Revoke(t.Context(), f.ids["old.example.org"], &scm.RevokeRequest{ReasonCode: 4, Reason: "superseded"}))
	k := f.sim.Knobs()
	k.SSLApproval = true
	require.NoError(t, f.sim.SetKnobs(k))
	f.enroll(t, "pending.example.org", nil, 1001)
	k.SSLApproval = false
	require.NoError(t, f.sim.SetKnobs(k))
	f.issue(t, "shop.partner.example", nil, 1004, 3)
	f.issue(t, "gone.example.org", nil, 1001, -2)
}

// issue enrolls a certificate and has the emulator issue it with the given days left.
func (f *fixture) issue(t *testing.T, cn string, sans []string, org, daysLeft int) {
	t.Helper()
	id := f.enroll(t, cn, sans, org)
	require.NoError(t, f.sim.IssueCertificate(id, &scmsim.IssueOptions{
		NotBefore: f.clock.AddDate(0, 0, daysLeft-365), NotAfter: f.clock.AddDate(0, 0, daysLeft)}))
}

func (f *fixture) enroll(t *testing.T, cn string, sans []string, org int) int {
	t.Helper()
	res, err := f.client.SSL.Enroll(t.Context(), &scm.EnrollRequest{OrgID: org, CSR: csr(t, cn, sans), CertType: 101,
		Term: 365, SubjAltNames: strings.Join(sans, ",")})
	require.NoError(t, err)
	f.ids[cn] = res.SSLID
	return res.SSLID
}

func csr(t *testing.T, cn string, sans []string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: cn}, DNSNames: append([]string{cn}, sans...)}, key)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func (f *fixture) run(t *testing.T, args map[string]any, opts ...ansibletest.Opt) ansibletest.Output {
	t.Helper()
	return simtest.RunInfo(t, f.sim, f.mod, args, opts...)
}

func cnsOf(t *testing.T, res ansibletest.Output) []string {
	return simtest.Strings(t, res, "certificates", "common_name")
}

func byCN(t *testing.T, res ansibletest.Output) map[string]map[string]any {
	return simtest.Index(t, res, "certificates", "common_name")
}
