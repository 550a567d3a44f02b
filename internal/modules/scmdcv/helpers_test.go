package scmdcv

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// fakeClock starts at the real time (the emulator's dates are real dates) and moves on only when the
// module sleeps, which it does at once.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
	// onSleep, when set, runs at every sleep: the world may change while the module waits.
	onSleep func()
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

// clockAt is a fake clock that starts at now.
func clockAt(now time.Time) *fakeClock { return &fakeClock{now: now} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.slept = append(c.slept, d)
	hook := c.onSleep
	c.mu.Unlock()
	if hook != nil {
		hook()
	}
	return nil
}

func (c *fakeClock) sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

// world is the default world plus SCM domains delegated to Demo University, and DCV records.
func world(domains []string, dcv ...scmsim.DCVRecord) *scmsim.World {
	w := scmsim.DefaultWorld()
	for i, name := range domains {
		w.Domains = append(w.Domains, scmsim.Domain{ID: 2001 + i, Name: name, Created: time.Now(),
			Delegations: []scmsim.Delegation{{OrgID: scmsim.DemoOrgID, CertTypes: []string{"SSL"}, Status: "ACTIVE"}}})
	}
	w.DCV = dcv
	return w
}

// startSim runs an emulator holding domains and dcv, with knobs changed by setKnobs (may be nil).
func startSim(t *testing.T, setKnobs func(*scmsim.Knobs), domains []string, dcv ...scmsim.DCVRecord) *simtest.Sim {
	t.Helper()
	k := scmsim.DefaultKnobs()
	if setKnobs != nil {
		setKnobs(&k)
	}
	return simtest.Start(t, scmsim.Options{World: world(domains, dcv...), Knobs: &k})
}

// startSimAt is startSim with the emulator's business clock pinned at now, for tests on a given day.
// Its real clock stays at the real time, pinned too, because it dates the emulator's TLS certificate,
// which the client checks against the real time; the business clock is that plus an offset.
func startSimAt(t *testing.T, now time.Time, setKnobs func(*scmsim.Knobs), domains []string, dcv ...scmsim.DCVRecord) *simtest.Sim {
	t.Helper()
	k := scmsim.DefaultKnobs()
	if setKnobs != nil {
		setKnobs(&k)
	}
	wall := time.Now()
	sim := simtest.Start(t, scmsim.Options{World: world(domains, dcv...), Knobs: &k, Now: func() time.Time { return wall }})
	sim.SetClockOffset(now.Sub(wall))
	return sim
}

func neverValidate(k *scmsim.Knobs) { k.DCVMode = scmsim.DCVModeNever }

// validated is a DCV record validated now, expiring in daysLeft days.
func validated(domain string, daysLeft int) scmsim.DCVRecord {
	now := time.Now()
	return scmsim.DCVRecord{Domain: domain, Status: "VALIDATED", Method: "CNAME_CSR_HASH",
		Validated: now.AddDate(0, 0, daysLeft-397), Expires: now.AddDate(0, 0, daysLeft)}
}

// awaitingCNAME is a DCV record with a CNAME order started and not submitted.
func awaitingCNAME(domain string) scmsim.DCVRecord {
	return scmsim.DCVRecord{Domain: domain, Status: "NOT_VALIDATED", Order: &scmsim.DCVOrder{
		Mode: "CNAME", Status: "AWAITING_SUBMISSION", Host: "_0123456789abcdef0123456789abcdef." + domain + ".",
		Point: "0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210.sectigo.com.", Started: time.Now()}}
}

// runWith runs a module bound to clk.
func runWith(t *testing.T, clk common.Clock, args map[string]any, opts ...ansibletest.Opt) ansibletest.Output {
	t.Helper()
	return ansibletest.Run(t, steps.Module(clk), args, opts...)
}

// converge runs simtest.Converge and checks that check mode predicted the actions the run took.
func converge(t *testing.T, sim *simtest.Sim, args map[string]any) (check1, apply1, apply2, check2 ansibletest.Output) {
	t.Helper()
	r := simtest.Converge(t, sim, Module, args)
	assert.Equal(t, r.Check1["actions"], r.Apply1["actions"], "check mode predicted what the run did")
	return r.Check1, r.Apply1, r.Apply2, r.Check2
}

// requests lists "METHOD path" (without the /api prefix) of the journal since mark.
func requests(sim *simtest.Sim, mark int) []string {
	var out []string
	for _, e := range sim.JournalSince(mark) {
		out = append(out, e.Method+" "+strings.TrimPrefix(e.Path, "/api"))
	}
	return out
}

// count counts the journal entries since mark whose path ends with suffix.
func count(sim *simtest.Sim, mark int, suffix string) int {
	n := 0
	for _, e := range sim.JournalSince(mark) {
		if strings.HasSuffix(e.Path, suffix) {
			n++
		}
	}
	return n
}

func domainOf(out ansibletest.Output) map[string]any {
	d, _ := out["domain"].(map[string]any)
	return d
}

func recordsOf(d map[string]any) []any {
	r, _ := d["dns_records"].([]any)
	return r
}
