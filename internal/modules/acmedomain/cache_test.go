package acmedomain

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// The loop users write: one single-form task per domain, delegations by organization name, on domains
// that are already right. These tests set XDG_CACHE_HOME, so they do not run in parallel.

const loopDomains = 20

func loopArgs(sim *simtest.Sim, i int, extra map[string]any) map[string]any {
	args := map[string]any{
		"name": fmt.Sprintf("site%02d.loop.example", i), "description": "web site", "scm_cache": true,
		"delegations": []any{map[string]any{"organization": "Demo University", "department": "Web"}},
	}
	for k, v := range extra {
		args[k] = v
	}
	return sim.Conn(args)
}

// runLoop runs the loop once and returns how many requests SCM saw.
func runLoop(t *testing.T, sim *simtest.Sim, extra map[string]any) (requests int, changed int) {
	t.Helper()
	mark := sim.Mark()
	for i := range loopDomains {
		res := ansibletest.Run(t, Module, loopArgs(sim, i, extra))
		require.False(t, res.Failed(), res.Msg())
		if res.Changed() {
			changed++
		}
	}
	return len(sim.JournalSince(mark)), changed
}

// seedLoopDomains creates the loop's domains with the list form, without the cache.
func seedLoopDomains(t *testing.T, sim *simtest.Sim) {
	t.Helper()
	var domains []any
	for i := range loopDomains {
		domains = append(domains, map[string]any{"name": fmt.Sprintf("site%02d.loop.example", i)})
	}
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domains": domains, "description": "web site",
		"delegations": []any{map[string]any{"organization": "Demo University", "department": "Web"}}}))
	require.False(t, res.Failed(), res.Msg())
}

func TestCache_loopColdThenWarm(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	sim := simtest.Start(t, scmsim.Options{})
	seedLoopDomains(t, sim)

	requests, changed := runLoop(t, sim, nil)
	assert.Zero(t, changed)
	assert.LessOrEqual(t, requests, 2*loopDomains, "a controller that has never seen the tenant: at most 2 per domain")
	// The first task lists the organizations and a page of domains and reads its domain; the others
	// read their domain only.
	assert.Equal(t, loopDomains+2, requests)

	requests, changed = runLoop(t, sim, nil)
	assert.Zero(t, changed)
	assert.Equal(t, loopDomains, requests, "a controller that has seen the domains: one read each")

	requests, _ = runLoop(t, sim, map[string]any{"scm_cache": false})
	assert.Equal(t, 3*loopDomains, requests, "without the cache: organizations, lookup and details in every task")
}

// TestCache_wrongDomainIDFallsBackToTheListing: a remembered id that is now another domain's, or
// nobody's, is not believed: the listing finds the domain, and the hint is corrected.
func TestCache_wrongDomainIDFallsBackToTheListing(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	sim := simtest.Start(t, scmsim.Options{})
	seedLoopDomains(t, sim)
	runLoop(t, sim, nil)

	// Delete site00 and create it again: it gets a new id; the cache still holds the old one.
	w := sim.World()
	i := slices.IndexFunc(w.Domains, func(d scmsim.Domain) bool { return d.Name == "site00.loop.example" })
	require.GreaterOrEqual(t, i, 0)
	old := w.Domains[i]
	w.Domains = slices.Delete(w.Domains, i, i+1)
	require.NoError(t, sim.Seed(w))
	res := ansibletest.Run(t, Module, loopArgs(sim, 0, nil))
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed(), "the domain is created again")
	newID := int(res["domain"].(map[string]any)["id"].(float64))
	assert.NotEqual(t, old.ID, newID)

	mark := sim.Mark()
	res = ansibletest.Run(t, Module, loopArgs(sim, 0, nil))
	require.False(t, res.Failed(), res.Msg())
	assert.False(t, res.Changed())
	assert.Len(t, sim.JournalSince(mark), 1, "the created domain's id was remembered")

	// An id that belongs to another domain now.
	editCache(t, func(f map[string]any) { f["domains"].(map[string]any)["site01.loop.example"] = newID })
	mark = sim.Mark()
	res = ansibletest.Run(t, Module, loopArgs(sim, 1, nil))
	require.False(t, res.Failed(), res.Msg())
	assert.False(t, res.Changed(), "site01 is found by the listing, unchanged")
	assert.NotEqual(t, newID, int(res["domain"].(map[string]any)["id"].(float64)))
	assert.Len(t, sim.JournalSince(mark), 3, "the wrong read, the listing, the right read")
}

// TestCache_rememberedTreeNeverDecidesAWrite: the remembered tree says the Web department is another
// organization's id. A plan made with it would write; the module reads the tree live, sees the
// domain is right, and writes nothing - in check mode too.
func TestCache_rememberedTreeNeverDecidesAWrite(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	sim := simtest.Start(t, scmsim.Options{})
	seedLoopDomains(t, sim)
	runLoop(t, sim, nil)

	for _, check := range []bool{true, false} {
		editCache(t, func(f map[string]any) {
			orgs := f["lists"].(map[string]any)["organizations"].(map[string]any)["items"].([]any)
			for _, o := range orgs {
				depts, _ := o.(map[string]any)["departments"].([]any)
				for _, d := range depts {
					if d := d.(map[string]any); d["name"] == "Web" {
						d["id"] = scmsim.PartnerOrgID // stale: Web is another id now
					}
				}
			}
		})
		mark := sim.Mark()
		opts := []ansibletest.Opt{}
		if check {
			opts = append(opts, ansibletest.CheckMode())
		}
		res := ansibletest.Run(t, Module, loopArgs(sim, 2, nil), opts...)
		require.False(t, res.Failed(), res.Msg())
		assert.False(t, res.Changed(), "check mode %v: nothing to change once the tree is read live", check)
		byCall, mutating := calls(sim.JournalSince(mark))
		assert.Zero(t, mutating)
		assert.Equal(t, 1, byCall["GET /api/organization/v1"], "the tree was read live")
		assert.Len(t, sim.JournalSince(mark), 3, "the domain, the tree, the domain again")
	}
}

// editCache changes the one cache file's content as edit says.
func editCache(t *testing.T, edit func(map[string]any)) {
	t.Helper()
	path := onlyFile(t)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var f map[string]any
	require.NoError(t, json.Unmarshal(data, &f))
	edit(f)
	data, err = json.Marshal(f)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o600))
}

func onlyFile(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "scmkit.sectigo", "tenants")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	return filepath.Join(dir, entries[0].Name())
}
