package scmcert

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// dropWrites makes the emulator apply every write and then drop the connection without answering,
// as a timeout or a proxy failure after SCM committed would look.
func dropWrites(t testing.TB, sim *simtest.Sim, on bool) {
	t.Helper()
	f := scmsim.DefaultFaults()
	if on {
		f.DropAfterCommitRate, f.Seed = 1, 1
	}
	require.NoError(t, sim.SetFaults(f))
}

// TestModule_faults_DroppedEnrollIsAdopted: the enroll reached SCM but its answer was lost. The module
// looks again and adopts the order; the re-run finds it too, and the journal holds one enroll.
func TestModule_faults_DroppedEnrollIsAdopted(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	mark := sim.Mark()

	dropWrites(t, sim, true)
	res := runOK(t, m, sim, args, ansibletest.Verbosity(3))
	assert.True(t, res.Changed())
	assert.Contains(t, fmt.Sprint(res["trace"]), "adopted order 5001")
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, 5001, id(res["ssl_id"]))
	assert.Equal(t, "issued", res["status"])
	assert.Equal(t, 1, sim.Counters().Faults.Drops, "the enroll's answer was dropped")

	dropWrites(t, sim, false)
	again := runOK(t, m, sim, args)
	assert.False(t, again.Changed())
	assert.Equal(t, 5001, id(again["ssl_id"]))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"), "exactly one enroll")
	assert.Len(t, sim.World().Certificates, 1)
}

// TestModule_faults_DroppedRenewalIsAdopted: the same for renewById.
func TestModule_faults_DroppedRenewalIsAdopted(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, clk := module(sim)
	args := baseArgs(t, t.TempDir())
	runOK(t, m, sim, args)
	clk.shift(190 * 24 * time.Hour)
	mark := sim.Mark()

	dropWrites(t, sim, true)
	res := runOK(t, m, sim, args)
	assert.Equal(t, "renewed", res["action"])
	assert.Equal(t, 5002, id(res["ssl_id"]))

	dropWrites(t, sim, false)
	again := runOK(t, m, sim, args)
	assert.False(t, again.Changed())
	assert.Equal(t, 1, requests(sim, mark, "POST", "/renewById/"), "exactly one renewal")
	assert.Zero(t, requests(sim, mark, "POST", "/ssl/v1/enroll"))
}

// TestModule_faults_DroppedRevokeIsConfirmed: a revoke whose answer was lost is confirmed by reading
// the certificate, and not sent again.
func TestModule_faults_DroppedRevokeIsConfirmed(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	sslID := id(runOK(t, m, sim, baseArgs(t, t.TempDir()))["ssl_id"])
	mark := sim.Mark()
	dropWrites(t, sim, true)
	res := runOK(t, m, sim, map[string]any{"ssl_id": sslID, "state": "revoked"})
	assert.Equal(t, "revoked", res["action"])
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/revoke/"))
}
