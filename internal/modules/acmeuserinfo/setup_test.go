package acmeuserinfo

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
	"github.com/scmkit/sectigo/internal/scmsim/acmesrv"
)

// fixture is an emulator and a module that share one pinned clock, so days_left is exact.
type fixture struct {
	sim   *simtest.Sim
	mod   ansible.Module[Params]
	clock time.Time
}

func start(t *testing.T) *fixture {
	t.Helper()
	clock := time.Now().UTC().Truncate(time.Second)
	f := &fixture{clock: clock}
	f.sim = simtest.Start(t, scmsim.Options{Now: func() time.Time { return clock }})
	f.mod = steps.Module(simClock{f.sim})
	return f
}

// simClock is the emulator's business clock (pinned, plus any offset a test sets), so days_left is
// exact. An info module never waits, so Sleep returns at once.
type simClock struct{ sim *simtest.Sim }

func (c simClock) Now() time.Time { return c.sim.Now() }

func (simClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func active(org int) []scmsim.Delegation {
	return []scmsim.Delegation{{OrgID: org, CertTypes: []string{"SSL"}, Status: "ACTIVE"}}
}

// seed builds a world of SCM domains and ACME accounts whose domains were added at known dates
// (validUntil = added + 397 days, the emulator's DCV validity):
//
//	7001 "web"   OV, Demo University   *.example.org (added 390 days ago: 7 days left), other.org
//	7002 "web-2" OV, Web department    www.example.org (added today)
//	7003 "dv"    DV, Partner College   partner.example (added 100 days ago)
//
// SCM domains: example.org (validated), *.example.org, www.example.org, other.org (never validated),
// partner.example (validated), lonely.example (on no account).
func (f *fixture) seed(t *testing.T) {
	t.Helper()
	w := f.sim.World()
	w.Domains = append(w.Domains,
		scmsim.Domain{ID: 3001, Name: "example.org", Delegations: active(1001)},
		scmsim.Domain{ID: 3002, Name: "*.example.org", Delegations: active(1001)},
		scmsim.Domain{ID: 3003, Name: "www.example.org", Delegations: active(1002)},
		scmsim.Domain{ID: 3004, Name: "other.org", Delegations: active(1001)},
		scmsim.Domain{ID: 3005, Name: "partner.example", Delegations: active(1004)},
		scmsim.Domain{ID: 3006, Name: "lonely.example", Delegations: active(1004)},
	)
	w.ACMEAccounts = append(w.ACMEAccounts,
		f.account(t, 7001, "web", "OV", 1001, map[string]int{"*.example.org": 390, "other.org": 0}),
		f.account(t, 7002, "web-2", "OV", 1002, map[string]int{"www.example.org": 0}),
		f.account(t, 7003, "dv", "DV", 1004, map[string]int{"partner.example": 100}),
	)
	require.NoError(t, f.sim.Seed(w))
	require.NoError(t, f.sim.ValidateDCV("example.org"))
	require.NoError(t, f.sim.ValidateDCV("partner.example"))
}

func (f *fixture) account(t *testing.T, id int, name, server string, org int, addedDaysAgo map[string]int) scmsim.ACMEAccount {
	t.Helper()
	kid, key, err := acmesrv.MintEAB(rand.Reader)
	require.NoError(t, err)
	a := scmsim.ACMEAccount{ID: id, Name: name, ServerKey: server, OrgID: org, CertValidationType: map[string]string{"OV": "OV", "DV": "DV"}[server],
		MacID: kid, MacKey: key, Status: "pending", Created: f.clock}
	for n, ago := range addedDaysAgo {
		a.Domains = append(a.Domains, scmsim.ACMEDomain{Name: n, Added: f.clock.AddDate(0, 0, -ago)})
	}
	return a
}

func (f *fixture) run(t *testing.T, args map[string]any, opts ...ansibletest.Opt) ansibletest.Output {
	t.Helper()
	return simtest.RunInfo(t, f.sim, f.mod, args, opts...)
}

func accountsOf(t *testing.T, res ansibletest.Output) []map[string]any {
	return simtest.Rows(t, res, "accounts")
}

func idsOf(t *testing.T, res ansibletest.Output) []int {
	t.Helper()
	var ids []int
	for _, a := range accountsOf(t, res) {
		ids = append(ids, int(a["id"].(float64)))
	}
	return ids
}
