package scmdcv

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
	"github.com/scmkit/sectigo/internal/testutil/bind"
)

// dnsSim starts a real named for zones and an emulator in dns mode that checks records there.
func dnsSim(t *testing.T, zones ...string) (*bind.Server, *simtest.Sim) {
	t.Helper()
	ns := bind.Start(t, bind.Options{Zones: zones})
	sim := startSim(t, func(k *scmsim.Knobs) { k.DCVMode, k.DNSServer = scmsim.DCVModeDNS, ns.Addr }, zones)
	return ns, sim
}

// publish puts the module's records into named with nsupdate, exactly as the result gives them (fqdn,
// type, value), which is what a playbook does with community.general.nsupdate.
func publish(t *testing.T, ns *bind.Server, records []any) {
	t.Helper()
	require.NotEmpty(t, records)
	for _, r := range records {
		rec := r.(map[string]any)
		ns.Publish(t, bind.Record{Name: rec["fqdn"].(string), Type: rec["type"].(string), Value: rec["value"].(string)})
	}
}

// TestDNS_CNAMEandTXT: start (CNAME) or submit (TXT), publish the returned record in BIND with
// nsupdate, submit with wait, and SCM (the emulator, looking the record up in BIND) validates.
func TestDNS_CNAMEandTXT(t *testing.T) {
	t.Parallel()
	ns, sim := dnsSim(t, "cname.example", "txt.example", "late.example")

	t.Run("cname", func(t *testing.T) {
		args := sim.Conn(map[string]any{"domain": "www.cname.example", "method": "cname"})
		started := ansibletest.Run(t, Module, args)
		require.False(t, started.Failed(), started.Msg())
		publish(t, ns, started["dns_records"].([]any))

		args["submit"], args["wait"] = true, true
		res := runWith(t, newFakeClock(), args)
		require.False(t, res.Failed(), res.Msg())
		assert.Equal(t, []any{"submit cname validation of cname.example"}, res["actions"])
		assert.Equal(t, "VALIDATED", domainOf(res)["status"])
		assert.Equal(t, "cname", domainOf(res)["method"])
	})

	t.Run("record published while the module waits", func(t *testing.T) {
		args := sim.Conn(map[string]any{"domain": "late.example", "method": "cname"})
		started := ansibletest.Run(t, Module, args)
		require.False(t, started.Failed(), started.Msg())
		var once sync.Once
		clk := newFakeClock()
		clk.onSleep = func() { once.Do(func() { publish(t, ns, started["dns_records"].([]any)) }) }

		args["submit"], args["wait"] = true, true
		res := runWith(t, clk, args)
		require.False(t, res.Failed(), res.Msg())
		assert.Equal(t, "VALIDATED", domainOf(res)["status"])
		assert.Equal(t, []time.Duration{2 * time.Second}, clk.sleeps(), "validated at the first poll after the record appeared")
	})

	t.Run("txt", func(t *testing.T) {
		args := sim.Conn(map[string]any{"domain": "txt.example", "method": "txt"})
		submitted := ansibletest.Run(t, Module, args)
		require.False(t, submitted.Failed(), submitted.Msg())
		assert.Equal(t, "NOT_VALIDATED", domainOf(submitted)["status"], "nothing published yet")
		recs := submitted["dns_records"].([]any)
		publish(t, ns, recs)

		args["wait"] = true
		res := runWith(t, newFakeClock(), args)
		require.False(t, res.Failed(), res.Msg())
		assert.False(t, res.Changed(), "the TXT order was submitted by the first run")
		assert.Equal(t, "VALIDATED", domainOf(res)["status"])
		assert.Empty(t, res["dns_records"], "a validated domain needs no record")
	})
}

// TestDNS_noRecord_waitTimesOut: nothing is published, so the domain stays NOT_VALIDATED and the wait
// ends at wait_timeout with a message naming it.
func TestDNS_noRecord_waitTimesOut(t *testing.T) {
	t.Parallel()
	ns, sim := dnsSim(t, "none.example")
	clk := newFakeClock()
	res := runWith(t, clk, sim.Conn(map[string]any{"domain": "none.example", "method": "cname",
		"submit": true, "wait": true, "wait_timeout": 60}))
	require.True(t, res.Failed())
	assert.Equal(t, "wait_timeout: 60 s passed and SCM has not validated 1 domain(s): none.example (NOT_VALIDATED, order SUBMITTED)",
		res.Msg())
	assert.Equal(t, "NOT_VALIDATED", domainOf(res)["status"])
	assert.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second},
		clk.sleeps(), "the interval grows to 30 s and the last one stops at the deadline")

	rec := recordsOf(domainOf(res))
	require.Len(t, rec, 1)
	_, err := ns.Resolver().LookupCNAME(t.Context(), rec[0].(map[string]any)["fqdn"].(string))
	assert.True(t, strings.Contains(err.Error(), "no such host"), "the record really is absent: %v", err)
}
