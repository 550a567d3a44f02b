package acmeuserdomains

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/acmedomain"
	"github.com/scmkit/sectigo/internal/modules/acmeuser"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

const ovName = "Sectigo OV ACME (demo)"

// setup starts an emulator with the SCM domains example.org and example.net delegated to Demo
// University (1001), and an ACME account "web" of that organization; it returns the account's id.
func setup(t *testing.T) (*simtest.Sim, int) {
	t.Helper()
	sim := simtest.Start(t, scmsim.Options{})
	return sim, prepare(t, sim)
}

func prepare(t *testing.T, sim *simtest.Sim) int {
	t.Helper()
	res := ansibletest.Run(t, acmedomain.Module, sim.Conn(map[string]any{
		"domains":     []any{map[string]any{"name": "example.org"}, map[string]any{"name": "example.net"}},
		"delegations": []any{map[string]any{"org_id": 1001}},
	}))
	require.False(t, res.Failed(), res.Msg())
	res = ansibletest.Run(t, acmeuser.Module, sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001}))
	require.False(t, res.Failed(), res.Msg())
	return int(res["account"].(map[string]any)["id"].(float64))
}

// byName names the account "web" as a playbook would.
func byName(extra map[string]any) map[string]any {
	args := map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001}
	for k, v := range extra {
		args[k] = v
	}
	return args
}

// converge runs simtest.Converge and checks that check mode predicted the mapping exactly.
func converge(t *testing.T, sim *simtest.Sim, args map[string]any) (check1, apply1 ansibletest.Output) {
	t.Helper()
	r := simtest.Converge(t, sim, Module, args)
	for _, k := range []string{"added", "removed", "domains", "account_id"} {
		assert.Equal(t, r.Check1[k], r.Apply1[k], "check mode predicted %s", k)
	}
	return r.Check1, r.Apply1
}

// accountDomains is the account's mapping as the emulator holds it.
func accountDomains(t *testing.T, sim *simtest.Sim, id int) []string {
	t.Helper()
	for _, a := range sim.World().ACMEAccounts {
		if a.ID == id {
			names := []string{}
			for _, d := range a.Domains {
				names = append(names, d.Name)
			}
			return names
		}
	}
	t.Fatalf("no ACME account %d", id)
	return nil
}

// writes counts the requests since mark by method.
func writes(sim *simtest.Sim, mark int) map[string]int {
	n := map[string]int{}
	for _, e := range sim.JournalSince(mark) {
		if e.Method != "GET" {
			n[e.Method]++
		}
	}
	return n
}

func TestModule_Add(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	check, res := converge(t, sim, byName(map[string]any{
		"domains": []any{"WWW.Example.org.", "*.example.org", "bücher.example.org", "www.example.org"},
	}))
	want := []any{"*.example.org", "www.example.org", "xn--bcher-kva.example.org"}
	assert.Equal(t, want, res["added"])
	assert.Equal(t, []any{}, res["removed"])
	assert.Equal(t, want, res["domains"])
	assert.EqualValues(t, id, res["account_id"])
	assert.Equal(t, "", check["diff"].(map[string]any)["before"])
	assert.Equal(t, "*.example.org\nwww.example.org\nxn--bcher-kva.example.org\n", check["diff"].(map[string]any)["after"])
	assert.ElementsMatch(t, want, toAny(accountDomains(t, sim, id)))
}

func TestModule_OneWriteEach(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	args := sim.Conn(byName(map[string]any{"domains": []any{"a.example.org", "b.example.org", "c.example.org"}}))
	mark := sim.Mark()
	require.False(t, ansibletest.Run(t, Module, args).Failed())
	assert.Equal(t, map[string]int{"POST": 1}, writes(sim, mark), "three names, one add request")

	args["domains"] = []any{"b.example.org", "d.example.org", "e.example.org"}
	args["exclusive"] = true
	mark = sim.Mark()
	res := ansibletest.Run(t, Module, args, ansibletest.Diff())
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, map[string]int{"POST": 1, "DELETE": 1}, writes(sim, mark))
	assert.Equal(t, []any{"d.example.org", "e.example.org"}, res["added"])
	assert.Equal(t, []any{"a.example.org", "c.example.org"}, res["removed"])
	assert.Equal(t, "a.example.org\nb.example.org\nc.example.org\n", res["diff"].(map[string]any)["before"])
	assert.Equal(t, "b.example.org\nd.example.org\ne.example.org\n", res["diff"].(map[string]any)["after"])
	assert.ElementsMatch(t, []string{"b.example.org", "d.example.org", "e.example.org"}, accountDomains(t, sim, id))
}

func TestModule_ExclusiveConverge(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	require.False(t, ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"old.example.org"}}))).Failed())
	_, res := converge(t, sim, map[string]any{"account_id": id, "domains": []any{"new.example.net"}, "exclusive": true})
	assert.Equal(t, []any{"new.example.net"}, res["domains"])
	assert.Equal(t, []string{"new.example.net"}, accountDomains(t, sim, id))
}

func TestModule_Absent(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	require.False(t, ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{
		"domains": []any{"a.example.org", "b.example.org", "keep.example.org"}}))).Failed())
	_, res := converge(t, sim, byName(map[string]any{
		"domains": []any{"A.example.org.", "b.example.org", "never-there.example.org"}, "state": "absent"}))
	assert.Equal(t, []any{"a.example.org", "b.example.org"}, res["removed"])
	assert.Equal(t, []any{"keep.example.org"}, res["domains"])
	assert.Equal(t, []string{"keep.example.org"}, accountDomains(t, sim, id))
}

// TestModule_AlreadyCorrectCostsTwoReads: no write, and two reads with organization_id (the account
// lookup and its domains), one with account_id, one more to resolve an organization name.
func TestModule_AlreadyCorrectCostsTwoReads(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	require.False(t, ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"a.example.org"}}))).Failed())
	tests := []struct {
		desc      string
		args      map[string]any
		wantReads int
	}{
		{desc: "organization_id and server name", args: byName(nil), wantReads: 2},
		{desc: "organization_id and server URL", args: byName(map[string]any{"acme_server": sim.URL + "/acme/v2/OV"}), wantReads: 2},
		{desc: "account_id", args: map[string]any{"account_id": id}, wantReads: 1},
		{desc: "organization name", args: byName(map[string]any{"organization_id": nil, "organization": "Demo University"}), wantReads: 3},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			tc.args["domains"] = []any{"a.example.org"}
			mark := sim.Mark()
			res := ansibletest.Run(t, Module, sim.Conn(tc.args))
			require.False(t, res.Failed(), res.Msg())
			assert.False(t, res.Changed())
			assert.Len(t, sim.JournalSince(mark), tc.wantReads)
		})
	}
}

func TestModule_NotAddedFails(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	res := ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{
		"domains": []any{"ok.example.org", "nope.example.com", "other.test"}})))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "SCM did not add nope.example.com, other.test to ACME account")
	assert.Contains(t, res.Msg(), "delegated to the account's organization (id 1001) and validated")
	assert.True(t, res.Changed(), "the names SCM accepted were added")
	assert.Equal(t, []any{"ok.example.org"}, res["added"])
	assert.Equal(t, []string{"ok.example.org"}, accountDomains(t, sim, id))
}

func TestModule_BadInputWritesNothing(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	tests := []struct {
		desc    string
		args    map[string]any
		wantMsg string
	}{
		{desc: "invalid names", args: byName(map[string]any{"domains": []any{"a..example.org", "ok.example.org", "x_y.example.org"}}),
			wantMsg: "domains[0]: "},
		{desc: "missing account", args: byName(map[string]any{"name": "nobody", "domains": []any{"a.example.org"}}),
			wantMsg: `name: ACME account "nobody" on "Sectigo OV ACME (demo)" for organization 1001 does not exist; create it with scmkit.sectigo.acme_user`},
		{desc: "unknown server", args: byName(map[string]any{"acme_server": "OV", "domains": []any{"a.example.org"}}),
			wantMsg: `acme_server: "OV" is not an ACME server of this SCM instance`},
		{desc: "unknown account id", args: map[string]any{"account_id": 9999, "domains": []any{"a.example.org"}},
			wantMsg: "account_id: there is no ACME account 9999 visible to this admin"},
		{desc: "name without server", args: map[string]any{"name": "web", "organization_id": 1001, "domains": []any{}},
			wantMsg: "parameters are required together: name, acme_server"},
		{desc: "account_id and name", args: byName(map[string]any{"account_id": 1, "domains": []any{}}),
			wantMsg: "parameters are mutually exclusive: account_id|name"},
		{desc: "exclusive with absent", args: byName(map[string]any{"state": "absent", "exclusive": true, "domains": []any{}}),
			wantMsg: "exclusive: only applies with state=present"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			mark := sim.Mark()
			res := ansibletest.Run(t, Module, sim.Conn(tc.args))
			require.True(t, res.Failed())
			assert.Contains(t, res.Msg(), tc.wantMsg)
			assert.Zero(t, sim.MutatingSince(mark))
		})
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
