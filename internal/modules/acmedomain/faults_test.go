package acmedomain

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

const createPath = "/api/domain/v1"

// posts counts the POSTs to path since mark, and how many of them SCM answered.
func posts(sim *simtest.Sim, mark int, path string) (sent, answered int) {
	for _, e := range sim.JournalSince(mark) {
		if e.Method == "POST" && e.Path == path {
			sent++
			if e.Fault == "none" {
				answered++
			}
		}
	}
	return sent, answered
}

func domainsNamed(sim *simtest.Sim, name string) int {
	n := 0
	for _, d := range sim.World().Domains {
		if d.Name == name {
			n++
		}
	}
	return n
}

func domainArgs(name string) map[string]any {
	return map[string]any{"name": name, "delegations": []any{map[string]any{"org_id": 1001}}}
}

func failNextCreates(t *testing.T, sim *simtest.Sim, n int) {
	t.Helper()
	require.NoError(t, sim.SetFaults(scmsim.Faults{RetryAfterSeconds: 1,
		FailNext: &scmsim.FailNext{Match: "POST " + createPath, Count: n}}))
}

// A create answered 503 is not sent again blindly: the module looks, finds no such domain, and only then
// sends it once more.
func TestModule_faults_lostCreateIsResentOnceSeenAbsent(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	failNextCreates(t, sim, 1)
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(domainArgs("lost.example")))
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	sent, answered := posts(sim, mark, createPath)
	assert.Equal(t, 2, sent, "the lost create, then one more")
	assert.Equal(t, 1, answered)
	assert.Equal(t, 1, domainsNamed(sim, "lost.example"))

	var order []string
	for _, e := range sim.JournalSince(mark) {
		if e.Path == createPath {
			order = append(order, e.Method)
		}
	}
	assert.Equal(t, []string{"GET", "POST", "GET", "POST"}, order, "observe, the lost create, look, create again")
}

// Three lost answers in a row: the module stops, says nothing was created and that a re-run is safe, and
// the re-run creates the domain once.
func TestModule_faults_everyCreateLostFailsClearly(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	failNextCreates(t, sim, common.LostWriteAttempts)
	res := ansibletest.Run(t, Module, sim.Conn(domainArgs("lost.example")))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), fmt.Sprintf("not found afterwards (%d attempts), so it was not applied; re-running the task is safe", common.LostWriteAttempts))
	assert.Equal(t, 0, domainsNamed(sim, "lost.example"))

	again := ansibletest.Run(t, Module, sim.Conn(domainArgs("lost.example")))
	require.False(t, again.Failed(), again.Msg())
	assert.Equal(t, 1, domainsNamed(sim, "lost.example"))
}

// A create that SCM applied but whose answer was dropped is adopted, never sent again.
func TestModule_faults_droppedCreateIsAdopted(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	require.NoError(t, sim.SetFaults(scmsim.Faults{DropAfterCommitRate: 1}))
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(domainArgs("dropped.example")))
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	sent, _ := posts(sim, mark, createPath)
	assert.Equal(t, 1, sent, "a create that may have been applied is never sent blindly again")
	assert.Equal(t, 1, domainsNamed(sim, "dropped.example"))
}

// Adding a delegation whose answer was lost: the module reads the domain, sees no such delegation and
// sends the add once more; the domain ends with both delegations and the run reports the change.
func TestModule_faults_lostDelegationIsResentOnceSeenAbsent(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	require.False(t, ansibletest.Run(t, Module, sim.Conn(domainArgs("deleg.example"))).Failed())
	id := 0
	for _, d := range sim.World().Domains {
		if d.Name == "deleg.example" {
			id = d.ID
		}
	}
	require.NotZero(t, id)
	path := fmt.Sprintf("%s/%d/delegation", createPath, id)
	require.NoError(t, sim.SetFaults(scmsim.Faults{RetryAfterSeconds: 1, FailNext: &scmsim.FailNext{Match: "POST " + path, Count: 1}}))
	mark := sim.Mark()
	args := map[string]any{"name": "deleg.example", "delegations": []any{
		map[string]any{"org_id": 1001}, map[string]any{"org_id": 1004}}}
	res := ansibletest.Run(t, Module, sim.Conn(args))
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	sent, _ := posts(sim, mark, path)
	assert.Equal(t, 2, sent, "the lost add, then one more after reading the domain")

	again := ansibletest.Run(t, Module, sim.Conn(args))
	require.False(t, again.Failed(), again.Msg())
	assert.False(t, again.Changed(), "both delegations are there")
}
