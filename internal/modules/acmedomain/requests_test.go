package acmedomain

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// calls counts journal entries by "METHOD path" and the mutating ones.
func calls(es []scmsim.JournalEntry) (map[string]int, int) {
	byCall, mutating := map[string]int{}, 0
	for _, e := range es {
		byCall[e.Method+" "+e.Path]++
		if e.Mutating {
			mutating++
		}
	}
	return byCall, mutating
}

// The request budget `make bench` measures, pinned: 500 domains in the list form (wildcard twins off)
// cost one create each from empty, and an idempotent re-run costs the pagination minimum of its
// listings (200 rows a page) plus the organization lookup, whatever the number of domains.
func TestModule_ListForm500_requestBudget(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	var domains []any
	for i := range 500 {
		domains = append(domains, map[string]any{"name": fmt.Sprintf("d%03d.bench.example", i)})
	}
	args := sim.Conn(map[string]any{"domains": domains, "delegations": []any{map[string]any{"organization": "Demo University"}}})

	mark := sim.Mark()
	first := ansibletest.Run(t, Module, args)
	require.False(t, first.Failed(), first.Msg())
	byCall, mutating := calls(sim.JournalSince(mark))
	assert.Equal(t, map[string]int{
		"GET /api/organization/v1": 1,
		// before: all, suspended, awaiting approval, delegated to the org (one page each); after the
		// creates, awaiting approval once more (1 page), for the new domains' delegation statuses
		"GET /api/domain/v1": 5,
		// before: 1 page; after the creates, 3 pages for the new domains' validation statuses
		"GET /api/dcv/v1/validation": 4,
		"POST /api/domain/v1":        500,
	}, byCall)
	for _, d := range first["domains"].([]any) {
		d := d.(map[string]any)
		assert.Equal(t, "NOT_VALIDATED", d["validation_status"], "a created domain reports its status, as in the single form")
		assert.Equal(t, "ACTIVE", d["delegations"].([]any)[0].(map[string]any)["status"])
	}
	assert.Equal(t, 500, mutating, "one create per missing domain")

	mark = sim.Mark()
	again := ansibletest.Run(t, Module, args)
	require.False(t, again.Failed(), again.Msg())
	assert.False(t, again.Changed())
	byCall, mutating = calls(sim.JournalSince(mark))
	assert.Equal(t, map[string]int{
		"GET /api/organization/v1": 1,
		// all (3 pages), suspended (1), awaiting approval (1), delegated to the org (3)
		"GET /api/domain/v1":         8,
		"GET /api/dcv/v1/validation": 3,
	}, byCall)
	assert.Zero(t, mutating)
}
