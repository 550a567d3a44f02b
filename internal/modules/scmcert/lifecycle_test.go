package scmcert

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

func setKnobs(t testing.TB, sim *simtest.Sim, f func(*scmsim.Knobs)) {
	t.Helper()
	k := sim.Knobs()
	f(&k)
	require.NoError(t, sim.SetKnobs(k))
}

// TestModule_PendingThenIssued: the run that orders is the only one that changes anything in SCM;
// later runs look at the same order until it is issued, then write the files once.
func TestModule_PendingThenIssued(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	setKnobs(t, sim, func(k *scmsim.Knobs) { k.SSLIssueAfterCollects = 100 })
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	mark := sim.Mark()

	first := runOK(t, m, sim, args)
	assert.True(t, first.Changed())
	assert.Equal(t, "enrolled", first["action"])
	assert.Equal(t, "pending", first["status"])
	assert.Equal(t, "Applied", first["scm_status"])
	sslID := id(first["ssl_id"])
	require.NotZero(t, sslID)
	assert.Equal(t, []any{}, first["files_written"])
	assert.NoFileExists(t, args["path"].(string))

	again := runOK(t, m, sim, args)
	assert.False(t, again.Changed())
	assert.Equal(t, "none", again["action"])
	assert.Equal(t, "pending", again["status"])
	assert.Equal(t, sslID, id(again["ssl_id"]))

	require.NoError(t, sim.IssueCertificate(sslID, nil))
	check := runOK(t, m, sim, args, ansibletest.CheckMode())
	assert.True(t, check.Changed())
	assert.Equal(t, "collected", check["action"])
	assert.NoFileExists(t, args["path"].(string), "check mode writes no file")

	collected := runOK(t, m, sim, args)
	assert.True(t, collected.Changed())
	assert.Equal(t, "collected", collected["action"])
	assert.Equal(t, "issued", collected["status"])
	assert.Equal(t, sslID, id(collected["ssl_id"]))
	assert.FileExists(t, args["path"].(string))

	assert.False(t, runOK(t, m, sim, args).Changed())
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"))
}

// TestModule_WaitPollsWithGrowingInterval: wait=true polls collect until issued, 2 s then 4 s ...
// The third collect is the one the emulator waits for: it answers "not ready", the read after it finds
// the order Issued, and the module collects again at once instead of sleeping 8 s more.
func TestModule_WaitPollsWithGrowingInterval(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	setKnobs(t, sim, func(k *scmsim.Knobs) { k.SSLIssueAfterCollects = 3 })
	m, clk := module(sim)
	args := with(baseArgs(t, t.TempDir()), "wait", true)
	res := runOK(t, m, sim, args)
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, "issued", res["status"])
	assert.Len(t, res["files_written"], 3)
	assert.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second}, clk.sleeps())
}

// TestModule_WaitTimeout: an order that is never approved ends the wait at wait_timeout, with the
// order reported; a later run waits on the same order instead of ordering again.
func TestModule_WaitTimeout(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	setKnobs(t, sim, func(k *scmsim.Knobs) { k.SSLApproval = true })
	m, clk := module(sim)
	args := with(baseArgs(t, t.TempDir()), "wait", true, "wait_timeout", 20)
	mark := sim.Mark()
	res := ansibletest.Run(t, m, sim.Conn(args))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "certificate 5001 is still Requested after wait_timeout (20s)")
	assert.True(t, res.Changed(), "the order was placed")
	assert.Equal(t, "pending", res["status"])
	assert.Equal(t, 5001, id(res["ssl_id"]))
	assert.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 6 * time.Second}, clk.sleeps())

	m2, clk2 := module(sim)
	clk2.onSleep = func(n int) {
		if n == 2 {
			assert.NoError(t, sim.IssueCertificate(5001, nil))
		}
	}
	res = runOK(t, m2, sim, args)
	assert.Equal(t, "collected", res["action"])
	assert.Equal(t, "issued", res["status"])
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"))
}

// TestModule_RenewalByWindow: at 19 days left (the clock moved 180 days) the default window, a third
// of the lifetime, renews by id with the task's CSR; the files follow, and the renewed certificate is
// left in peace.
func TestModule_RenewalByWindow(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, clk := module(sim)
	args := baseArgs(t, t.TempDir())
	first := runOK(t, m, sim, args)
	require.Equal(t, "issued", first["status"])
	oldSerial := first["serial_number"]

	clk.shift(180 * 24 * time.Hour)
	mark := sim.Mark()
	check := runOK(t, m, sim, args, ansibletest.CheckMode(), ansibletest.Diff())
	assert.Equal(t, "renewed", check["action"])
	assert.Equal(t, "renew", check["renewed_by"])
	assert.Contains(t, check["reason"], "less than 33% of the lifetime of 199.0 days (65.7 days)")
	assert.Equal(t, "remaining_percentage", check["renewal"].(map[string]any)["rule"])
	assert.Zero(t, sim.MutatingSince(mark))

	res := runOK(t, m, sim, args)
	assert.True(t, res.Changed())
	assert.Equal(t, "renewed", res["action"])
	assert.Equal(t, "renew", res["renewed_by"])
	assert.Equal(t, 5001, id(res["previous_ssl_id"]))
	assert.Equal(t, 5002, id(res["ssl_id"]))
	assert.NotEqual(t, oldSerial, res["serial_number"])
	assert.Equal(t, 199, id(res["days_left"]))
	leaf := parsePEM(t, readFile(t, args["path"].(string)))
	require.Len(t, leaf, 1)
	assert.Equal(t, res["serial_number"], serialOf(leaf[0]))

	again := runOK(t, m, sim, args)
	assert.False(t, again.Changed(), again["reason"])
	assert.Equal(t, 5002, id(again["ssl_id"]))
	byOldID := runOK(t, m, sim, with(args, "ssl_id", 5001))
	assert.False(t, byOldID.Changed(), "ssl_id leads to its renewal")
	assert.Equal(t, 5002, id(byOldID["ssl_id"]))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/renewById/5001"))
	assert.Zero(t, requests(sim, mark, "POST", "/ssl/v1/enroll"))
}

// TestModule_RenewalWhereProfileForbidsIt: renewById answers -180, so the renewal is a new enroll,
// and the result says so. The profile's one term, 365 days, is allowed only before 2026-03-15.
func TestModule_RenewalWhereProfileForbidsIt(t *testing.T) {
	t.Parallel()
	sim := startSimAt(t, time.Date(2026, time.February, 1, 12, 0, 0, 0, time.UTC))
	m, _ := module(sim)
	args := with(baseArgs(t, t.TempDir()), "profile", "OV Legacy (no renew)", "term", 365)
	first := runOK(t, m, sim, args)
	assert.Empty(t, first.Warnings())
	assert.Equal(t, 365, id(first["term"]))

	mark := sim.Mark()
	res := runOK(t, m, sim, with(args, "force", true))
	assert.Equal(t, "renewed", res["action"])
	assert.Equal(t, "enroll", res["renewed_by"])
	assert.Equal(t, "force=true", res["reason"])
	assert.Equal(t, 5002, id(res["ssl_id"]))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/renewById/5001"))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"))

	for _, a := range []map[string]any{args, with(args, "ssl_id", 5001)} {
		again := runOK(t, m, sim, a)
		assert.False(t, again.Changed())
		assert.Equal(t, 5002, id(again["ssl_id"]), "the newest order is the current one")
	}
}

// TestModule_DeclinedOrderIsReplaced: a declined order will never be issued; the next run orders
// again and says why.
func TestModule_DeclinedOrderIsReplaced(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	setKnobs(t, sim, func(k *scmsim.Knobs) { k.SSLApproval = true })
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	assert.Equal(t, "pending", runOK(t, m, sim, args)["status"])
	require.NoError(t, sim.DeclineCertificate(5001))
	res := runOK(t, m, sim, args)
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, 5002, id(res["ssl_id"]))
	assert.Equal(t, []string{"the newest order for these names, 5001, is Declined in SCM"}, res.Warnings())
}

// TestModule_NewKeyRenews: a CSR for another key makes the certificate useless to its server.
func TestModule_NewKeyRenews(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	runOK(t, m, sim, args)
	res := runOK(t, m, sim, with(args, "csr", csrPEM(t, ecKey2, "www.example.com", "example.com")))
	assert.Equal(t, "renewed", res["action"])
	assert.Equal(t, "the certificate is for another key than the CSR's", res["reason"])
}

// TestModule_RevokeTwice: revoked by finding the certificate, then nothing left to do, by name or
// by id.
func TestModule_RevokeTwice(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	sslID := id(runOK(t, m, sim, args)["ssl_id"])

	revoke := with(without(args, "csr", "path", "chain_path", "fullchain_path"), "state", "revoked",
		"revoke_reason", "keyCompromise")
	check, res := converge(t, m, sim, revoke)
	assert.Equal(t, "revoked", check["action"])
	assert.Equal(t, "issued", check["diff"].(map[string]any)["before"].(map[string]any)["status"], "SCM's status before the revoke")
	assert.Equal(t, []any{float64(sslID)}, check["revoked_ids"])
	assert.Equal(t, "revoked", res["action"])
	assert.Equal(t, "revoked", res["status"])
	assert.Equal(t, []any{float64(sslID)}, res["revoked_ids"])

	byID := runOK(t, m, sim, map[string]any{"ssl_id": sslID, "state": "revoked"})
	assert.False(t, byID.Changed())
	assert.Equal(t, "revoked", byID["status"])
	assert.Equal(t, "www.example.com", byID["common_name"])
	w := sim.World()
	assert.Equal(t, 1, w.Certificates[0].ReasonCode, "keyCompromise")

	// state=present afterwards orders a new certificate: a revoked one is of no use.
	again := runOK(t, m, sim, args)
	assert.Equal(t, "enrolled", again["action"])
}

// TestModule_RevokeByID revokes exactly the given certificate.
func TestModule_RevokeByID(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	sslID := id(runOK(t, m, sim, baseArgs(t, t.TempDir()))["ssl_id"])
	_, res := converge(t, m, sim, map[string]any{"ssl_id": sslID, "state": "revoked", "revoke_reason": "superseded"})
	assert.Equal(t, sslID, id(res["ssl_id"]))
	assert.Equal(t, "Revoked", res["scm_status"])
	assert.Equal(t, 4, sim.World().Certificates[0].ReasonCode)
}

func TestModule_RevokePendingByIDFails(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	setKnobs(t, sim, func(k *scmsim.Knobs) { k.SSLApproval = true })
	m, _ := module(sim)
	sslID := id(runOK(t, m, sim, baseArgs(t, t.TempDir()))["ssl_id"])
	mark := sim.Mark()
	res := ansibletest.Run(t, m, sim.Conn(map[string]any{"ssl_id": sslID, "state": "revoked"}))
	require.True(t, res.Failed())
	assert.Equal(t, "certificate 5001 is Requested: SCM revokes only issued certificates", res.Msg())
	assert.Zero(t, sim.MutatingSince(mark))
}
