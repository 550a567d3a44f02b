package acmedomain

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// converge runs simtest.Converge and checks that check mode predicted the actions the run took.
func converge(t *testing.T, sim *simtest.Sim, args map[string]any) (check1, apply1 ansibletest.Output) {
	t.Helper()
	r := simtest.Converge(t, sim, Module, args)
	assert.Equal(t, r.Check1["actions"], r.Apply1["actions"], "check mode predicted what the run did")
	return r.Check1, r.Apply1
}

func TestModule_SingleWithWildcard(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	_, res := converge(t, sim, map[string]any{
		"name": "Example.ORG.", "description": "Main", "include_wildcard": true,
		"delegations": []any{map[string]any{"organization": "Demo University", "department": "Web"}},
	})
	d := res["domain"].(map[string]any)
	assert.Equal(t, "example.org", d["name"])
	assert.Equal(t, "*.example.org", d["wildcard"].(map[string]any)["name"])
	assert.Equal(t, "Demo University / Web", d["delegations"].([]any)[0].(map[string]any)["organization"])
	assert.Equal(t, false, d["pending_approval"])
}

// TestModule_SingleAlreadyCorrect_twoRequests: the looped form spends at most two requests on a
// domain that needs nothing (a filtered listing and a read).
func TestModule_SingleAlreadyCorrect_twoRequests(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	args := sim.Conn(map[string]any{"name": "a.example", "delegations": []any{map[string]any{"org_id": 1001}}})
	require.True(t, ansibletest.Run(t, Module, args).Changed())
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"name": "a.example", "description": "A"}))
	require.False(t, res.Failed(), res.Msg())
	assert.False(t, res.Changed())
	assert.Len(t, sim.JournalSince(mark), 2)
}

func TestModule_ListForm(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	var domains []any
	for i := range 30 {
		domains = append(domains, map[string]any{"name": fmt.Sprintf("d%02d.example", i)})
	}
	domains = append(domains, map[string]any{"name": "off.example", "active": false})
	args := map[string]any{"domains": domains, "delegations": []any{map[string]any{"organization": "Demo University"}}}
	_, res := converge(t, sim, args)
	out := res["domains"].([]any)
	require.Len(t, out, 31)
	assert.Equal(t, "d00.example", out[0].(map[string]any)["name"])
	assert.Equal(t, "SUSPENDED", out[30].(map[string]any)["state"])

	// Re-run: listings only (all, suspended, awaiting approval, delegated to the org, DCV) plus the
	// organization lookup; never one read per domain.
	mark := sim.Mark()
	again := ansibletest.Run(t, Module, sim.Conn(args))
	require.False(t, again.Changed())
	assert.LessOrEqual(t, len(sim.JournalSince(mark)), 6)
}

func TestModule_ApprovalFlow(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	k := sim.Knobs()
	k.DelegationApproval = true
	require.NoError(t, sim.SetKnobs(k))
	args := sim.Conn(map[string]any{"name": "p.example", "delegations": []any{map[string]any{"org_id": 1001}}})
	res := ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, true, res["domain"].(map[string]any)["pending_approval"])

	args["approve"] = true
	res = ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"approve delegation of p.example to 1001"}, res["actions"])
	assert.Equal(t, false, res["domain"].(map[string]any)["pending_approval"])
	assert.False(t, ansibletest.Run(t, Module, args).Changed())
}

// The list form reports a domain it created as the single form does: same keys, and the validation and
// delegation statuses SCM holds (here a delegation awaiting approval).
func TestModule_ListFormCreatedReportsLikeSingle(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	k := sim.Knobs()
	k.DelegationApproval = true
	require.NoError(t, sim.SetKnobs(k))
	deleg := []any{map[string]any{"org_id": 1001}}
	single := ansibletest.Run(t, Module, sim.Conn(map[string]any{"name": "s.example", "delegations": deleg}))
	require.False(t, single.Failed(), single.Msg())
	list := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domains": []any{map[string]any{"name": "l.example"}},
		"delegations": deleg}))
	require.False(t, list.Failed(), list.Msg())

	s, l := single["domain"].(map[string]any), list["domains"].([]any)[0].(map[string]any)
	assert.Equal(t, sortedKeys(s), sortedKeys(l))
	assert.Equal(t, s["validation_status"], l["validation_status"])
	assert.Equal(t, "NOT_VALIDATED", l["validation_status"])
	assert.Equal(t, true, l["pending_approval"])
	assert.Equal(t, "REQUESTED", l["delegations"].([]any)[0].(map[string]any)["status"])
	assert.Equal(t, s["delegations"].([]any)[0].(map[string]any)["status"], l["delegations"].([]any)[0].(map[string]any)["status"])
}

func TestModule_Absent(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	require.True(t, ansibletest.Run(t, Module, sim.Conn(map[string]any{"name": "gone.example",
		"delegations": []any{map[string]any{"org_id": 1001}}})).Changed())
	_, res := converge(t, sim, map[string]any{"name": "gone.example", "state": "absent"})
	assert.Equal(t, "absent", res["domain"].(map[string]any)["state"])
}

func TestModule_BadInputWritesNothing(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	tests := []struct {
		desc    string
		args    map[string]any
		wantMsg string
	}{
		{desc: "invalid name", args: map[string]any{"name": "a..example"}, wantMsg: `name: invalid domain name "a..example": empty label`},
		{desc: "unknown organization", args: map[string]any{"name": "x.example", "delegations": []any{map[string]any{"organization": "Nope"}}},
			wantMsg: `organization "Nope" not found`},
		{desc: "create without delegations", args: map[string]any{"name": "x.example"}, wantMsg: "no delegations are given"},
		{desc: "name and domains", args: map[string]any{"name": "x.example", "domains": []any{map[string]any{"name": "y.example"}}},
			wantMsg: "parameters are mutually exclusive: name|domains"},
		{desc: "bad cert type", args: map[string]any{"name": "x.example", "delegations": []any{map[string]any{"org_id": 1, "cert_types": []any{"TLS"}}}},
			wantMsg: "cert_types"},
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

func TestModule_WrongPasswordIsMasked(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"name": "x.example", "scm_password": "s3cret-wrong"}))
	require.True(t, res.Failed())
	assert.EqualValues(t, -16, res["scm_code"])
	assert.EqualValues(t, 401, res["http_status"])
	assert.NotContains(t, string(res.JSON()), "s3cret-wrong")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
