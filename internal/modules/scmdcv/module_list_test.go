package scmdcv

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// TestModule_HundredDomains_oneListing: the statuses of 100 validated domains come from one page of the
// DCV list, not one request per domain.
func TestModule_HundredDomains_oneListing(t *testing.T) {
	t.Parallel()
	var names []string
	var dcv []scmsim.DCVRecord
	var args []any
	for i := range 100 {
		n := fmt.Sprintf("d%03d.example", i)
		names, dcv, args = append(names, n), append(dcv, validated(n, 300)), append(args, "www."+n)
	}
	sim := startSim(t, nil, names, dcv...)
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domains": args, "method": "cname"}))
	require.False(t, res.Failed(), res.Msg())
	assert.False(t, res.Changed())
	assert.Equal(t, []string{"GET /dcv/v1/validation"}, requests(sim, mark))
	out := res["domains"].([]any)
	require.Len(t, out, 100)
	first := out[0].(map[string]any)
	assert.Equal(t, "www.d000.example", first["name"])
	assert.Equal(t, "d000.example", first["dcv_domain"])
	assert.Equal(t, "VALIDATED", first["status"])
	assert.Equal(t, "cname", first["method"])
	assert.InDelta(t, 299, first["days_left"], 1)
}

// TestModule_Mixed_statusCallsOnlyForOrdersUnderWay: in a check run over domains in every state, the
// status call is made only for the orders under way, and names that share a validated domain share
// one action and one record.
func TestModule_Mixed_statusCallsOnlyForOrdersUnderWay(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"ok.example", "p1.example", "p2.example", "new.example", "www.new.example"},
		validated("ok.example", 300), awaitingCNAME("p1.example"), awaitingCNAME("p2.example"))
	args := sim.Conn(map[string]any{"method": "cname", "domains": []any{
		"ok.example", "p1.example", "*.p2.example", "new.example", "www.new.example", "*.new.example"}})
	mark := sim.Mark()
	check := ansibletest.Run(t, Module, args, ansibletest.CheckMode())
	require.False(t, check.Failed(), check.Msg())
	assert.ElementsMatch(t, []string{"GET /dcv/v1/validation", "POST /dcv/v2/validation/status", "POST /dcv/v2/validation/status"},
		requests(sim, mark))
	assert.Equal(t, []any{"start cname validation of new.example"}, check["actions"])
	assert.Len(t, check["dns_records"], 2, "the records of the two orders under way")

	res := ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, check["actions"], res["actions"])
	out := res["domains"].([]any)
	shared := []any{recordsOf(out[3].(map[string]any)), recordsOf(out[4].(map[string]any)), recordsOf(out[5].(map[string]any))}
	assert.Len(t, shared[0], 1)
	assert.Equal(t, shared[0], shared[1])
	assert.Equal(t, shared[0], shared[2])
	assert.Len(t, res["dns_records"], 3, "one record per validated domain under way, without duplicates")
}

// TestModule_UnknownDomain fails after the listing, before any write, naming the parameter.
func TestModule_UnknownDomain(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"example.org"})
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domains": []any{"example.org", "other.example"}, "method": "cname"}))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "domains[1]: other.example: not in SCM")
	assert.Contains(t, res.Msg(), "scmkit.sectigo.acme_domain")
	assert.Zero(t, sim.MutatingSince(mark))
}

func TestModule_BadInputSendsNothing(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"example.org"})
	tests := []struct {
		desc    string
		args    map[string]any
		wantMsg string
	}{
		{desc: "invalid name", args: map[string]any{"domain": "a..example", "method": "cname"}, wantMsg: `domain: invalid domain name "a..example"`},
		{desc: "no method", args: map[string]any{"domain": "example.org"}, wantMsg: "state is present but all of the following are missing: method"},
		{desc: "unknown method", args: map[string]any{"domain": "example.org", "method": "dns"}, wantMsg: "method"},
		{desc: "email submit without address", args: map[string]any{"domain": "example.org", "method": "email", "submit": true},
			wantMsg: "email is required with method=email and submit=true"},
		{desc: "domain and domains", args: map[string]any{"domain": "example.org", "domains": []any{"example.org"}, "method": "cname"},
			wantMsg: "parameters are mutually exclusive: domain|domains"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			mark := sim.Mark()
			res := ansibletest.Run(t, Module, sim.Conn(tc.args))
			require.True(t, res.Failed())
			assert.Contains(t, res.Msg(), tc.wantMsg)
			assert.Empty(t, sim.JournalSince(mark), "bad input must fail before any request")
		})
	}
}

// TestModule_faults_droppedStartIsNotResent: the connection drops after SCM applied the start; the
// module reads the status, adopts the order and returns its record, and the journal holds one start.
func TestModule_faults_droppedStartIsNotResent(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"example.org"})
	require.NoError(t, sim.SetFaults(scmsim.Faults{DropAfterCommitRate: 1}))
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domain": "example.org", "method": "cname"}))
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	assert.Equal(t, 1, count(sim, mark, "/start/domain/cname"), "the start is never sent twice")
	assert.Equal(t, 1, count(sim, mark, "/validation/status"), "the lost answer is reconciled by reading the status")
	assert.Len(t, recordsOf(domainOf(res)), 1, "the record comes from the status call")
	assert.Equal(t, "AWAITING_SUBMISSION", domainOf(res)["order_status"])

	require.NoError(t, sim.SetFaults(scmsim.Faults{}))
	again := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domain": "example.org", "method": "cname"}))
	assert.False(t, again.Changed())
	assert.Equal(t, recordsOf(domainOf(res)), recordsOf(domainOf(again)))
}

// TestModule_faults_droppedSubmit: a submit whose answer is lost is adopted from the status call.
func TestModule_faults_droppedSubmit(t *testing.T) {
	t.Parallel()
	sim := startSim(t, neverValidate, []string{"example.org"}, awaitingCNAME("example.org"))
	require.NoError(t, sim.SetFaults(scmsim.Faults{DropAfterCommitRate: 1}))
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domain": "example.org", "method": "cname", "submit": true}))
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"submit cname validation of example.org"}, res["actions"])
	assert.Equal(t, 1, count(sim, mark, "/submit/domain/cname"))
	assert.Equal(t, "SUBMITTED", domainOf(res)["order_status"])
}

func TestExplain_notHighLevel(t *testing.T) {
	t.Parallel()
	err := explain(&scm.APIError{StatusCode: 400, Code: -723, Description: "not a high level domain"}, "www.example.org")
	assert.ErrorContains(t, err, "SCM does not validate www.example.org itself")
	var apiErr *scm.APIError
	assert.True(t, errors.As(err, &apiErr), "SCM's code stays in the chain for the result's details")
	other := &scm.APIError{StatusCode: 400, Code: -3}
	assert.Same(t, other, explain(other, "x.org"))
}

// TestModule_faults_lostStartAndSubmitAreResentOnceSeenNotApplied: the start and the submit each get a 503
// once. The module reads the status, sees nothing applied, and sends each once more; the domain ends
// submitted (scmsim validates at submit) with exactly one answered start and one answered submit.
func TestModule_faults_lostStartAndSubmitAreResentOnceSeenNotApplied(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ desc, path string }{
		{"start", "/api/dcv/v1/validation/start/domain/cname"},
		{"submit", "/api/dcv/v1/validation/submit/domain/cname"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			sim := startSim(t, nil, []string{"example.org"})
			require.NoError(t, sim.SetFaults(scmsim.Faults{RetryAfterSeconds: 1,
				FailNext: &scmsim.FailNext{Match: "POST " + tc.path, Count: 1}}))
			mark := sim.Mark()
			res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domain": "example.org", "method": "cname", "submit": true}))
			require.False(t, res.Failed(), res.Msg())
			assert.True(t, res.Changed())
			assert.Equal(t, 2, count(sim, mark, tc.path), "the lost request, then one more")
			assert.Equal(t, 3, count(sim, mark, "/start/domain/cname")+count(sim, mark, "/submit/domain/cname"),
				"the other request was sent once")
			assert.Equal(t, "VALIDATED", domainOf(res)["status"])
		})
	}
}

// As many lost answers in a row as the module sends fail the domain with a message that says nothing was applied and a re-run
// is safe.
func TestModule_faults_everyStartLostFailsClearly(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"example.org"})
	require.NoError(t, sim.SetFaults(scmsim.Faults{RetryAfterSeconds: 1,
		FailNext: &scmsim.FailNext{Match: "POST /api/dcv/v1/validation/start/domain/cname", Count: common.LostWriteAttempts}}))
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domain": "example.org", "method": "cname"}))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "the status showed NOT_VALIDATED, order NOT_INITIATED afterwards")
	assert.Contains(t, res.Msg(), fmt.Sprintf("(%d attempts), so it was not applied; re-running the task is safe", common.LostWriteAttempts))
}
