package scmdcv

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// TestModule_CNAME: a subdomain maps to the SCM domain above it; the first run starts, the second
// finds the order under way and returns the same record, and a check run on the pending order reads
// the record too.
func TestModule_CNAME(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"example.org", "www.example.org"})
	check1, apply1, apply2, check2 := converge(t, sim, map[string]any{"domain": "WWW.example.org", "method": "cname"})

	assert.Equal(t, []any{"start cname validation of example.org"}, apply1["actions"])
	d := domainOf(apply1)
	assert.Equal(t, "www.example.org", d["name"])
	assert.Equal(t, "example.org", d["dcv_domain"])
	assert.Contains(t, d["mapping"], "SCM validates only high-level domains")
	assert.Equal(t, "NOT_VALIDATED", d["status"])
	assert.Equal(t, "AWAITING_SUBMISSION", d["order_status"])
	assert.Equal(t, "cname", d["method"])
	assert.Nil(t, d["days_left"])

	recs := recordsOf(d)
	require.Len(t, recs, 1)
	rec := recs[0].(map[string]any)
	assert.Equal(t, "CNAME", rec["type"])
	assert.True(t, strings.HasSuffix(rec["fqdn"].(string), ".example.org."), rec["fqdn"])
	assert.Equal(t, rec["fqdn"], rec["name"].(string)+".")
	assert.True(t, strings.HasSuffix(rec["value"].(string), ".sectigo.com."), rec["value"])
	assert.Equal(t, recs, apply1["dns_records"])

	assert.Equal(t, recs, recordsOf(domainOf(apply2)), "the order under way returns the same record")
	assert.Equal(t, recs, recordsOf(domainOf(check2)), "check mode reads the record of the order under way")
	assert.Empty(t, recordsOf(domainOf(check1)), "before the start there is no record yet")

	diff := check1["diff"].(map[string]any)
	assert.Equal(t, map[string]any{"status": "NOT_VALIDATED", "order_status": "NOT_INITIATED", "method": ""},
		diff["before"].(map[string]any)["example.org"])
	assert.Equal(t, map[string]any{"status": "NOT_VALIDATED", "order_status": "AWAITING_SUBMISSION", "method": "cname"},
		diff["after"].(map[string]any)["example.org"])
}

// TestModule_SubmitAndWait: submit, then poll with a growing interval until SCM validates; the second
// run has nothing to do.
func TestModule_SubmitAndWait(t *testing.T) {
	t.Parallel()
	sim := startSim(t, func(k *scmsim.Knobs) { k.DCVAutoPolls = 3 }, []string{"example.org"})
	clk := newFakeClock()
	args := sim.Conn(map[string]any{"domain": "example.org", "method": "cname", "submit": true, "wait": true})
	mark := sim.Mark()
	res := runWith(t, clk, args, ansibletest.Diff())
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	assert.Equal(t, []any{"start cname validation of example.org", "submit cname validation of example.org"}, res["actions"])
	d := domainOf(res)
	assert.Equal(t, "VALIDATED", d["status"])
	assert.Equal(t, "NOT_INITIATED", d["order_status"])
	assert.Equal(t, "cname", d["method"])
	assert.NotEmpty(t, d["expires"])
	assert.InDelta(t, 396, d["days_left"], 1)
	assert.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}, clk.sleeps())
	assert.Equal(t, 3, count(sim, mark, "/validation/status"), "one status call per poll")
	assert.Equal(t, "VALIDATED", res["diff"].(map[string]any)["after"].(map[string]any)["example.org"].(map[string]any)["status"])

	again := runWith(t, newFakeClock(), args)
	require.False(t, again.Changed())
	assert.Equal(t, "VALIDATED", domainOf(again)["status"])
}

// TestModule_WaitTimeout: SCM never validates; the wait ends at wait_timeout and names the domains.
func TestModule_WaitTimeout(t *testing.T) {
	t.Parallel()
	sim := startSim(t, neverValidate, []string{"a.example", "b.example"})
	clk := newFakeClock()
	res := runWith(t, clk, sim.Conn(map[string]any{"domains": []any{"a.example", "*.b.example"}, "method": "http",
		"submit": true, "wait": true, "wait_timeout": 10}))
	require.True(t, res.Failed())
	assert.Equal(t, "wait_timeout: 10 s passed and SCM has not validated 2 domain(s): "+
		"a.example (NOT_VALIDATED, order SUBMITTED), b.example (NOT_VALIDATED, order SUBMITTED)", res.Msg())
	assert.True(t, res.Changed(), "the starts and submits happened")
	assert.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second, 4 * time.Second}, clk.sleeps(),
		"the last sleep is cut to the deadline")
	domains := res["domains"].([]any)
	require.Len(t, domains, 2)
	assert.Equal(t, "SUBMITTED", domains[1].(map[string]any)["order_status"])
	assert.NotNil(t, domains[1].(map[string]any)["http_file"])
}

// TestModule_WaitWithoutSubmit fails at once: an order that is not submitted is never checked.
func TestModule_WaitWithoutSubmit(t *testing.T) {
	t.Parallel()
	sim := startSim(t, neverValidate, []string{"a.example"})
	clk := newFakeClock()
	res := runWith(t, clk, sim.Conn(map[string]any{"domain": "a.example", "method": "cname", "wait": true}))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "wait: the cname validation of a.example is waiting for submission")
	assert.Empty(t, clk.sleeps())
}

// TestModule_TXT: TXT has no start step; the first run submits and returns the record, the next one
// finds the submitted order and returns the same record.
func TestModule_TXT(t *testing.T) {
	t.Parallel()
	sim := startSim(t, neverValidate, []string{"example.org"})
	_, apply1, apply2, _ := converge(t, sim, map[string]any{"domain": "*.example.org", "method": "txt"})
	assert.Equal(t, []any{"submit txt validation of example.org"}, apply1["actions"])
	d := domainOf(apply1)
	assert.Contains(t, d["mapping"], "wildcard is validated through its base")
	assert.Equal(t, "SUBMITTED", d["order_status"])
	recs := recordsOf(d)
	require.Len(t, recs, 1)
	rec := recs[0].(map[string]any)
	assert.Equal(t, "TXT", rec["type"])
	assert.Equal(t, "_pki-validation.example.org.", rec["fqdn"])
	assert.Contains(t, rec["value"], "|", "the emulator's value carries punctuation, as SCM's does")
	assert.Equal(t, recs, recordsOf(domainOf(apply2)))
}

// TestModule_HTTPS returns the file to serve.
func TestModule_HTTPS(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"example.org"})
	_, apply1, apply2, _ := converge(t, sim, map[string]any{"domain": "example.org", "method": "https"})
	f := domainOf(apply1)["http_file"].(map[string]any)
	assert.True(t, strings.HasPrefix(f["url"].(string), "https://example.org/.well-known/pki-validation/"), f["url"])
	assert.True(t, strings.HasPrefix(f["path"].(string), "/.well-known/pki-validation/"), f["path"])
	lines := strings.Split(f["content"].(string), "\n")
	assert.Len(t, lines, 3, "two lines, each ending with a newline")
	assert.Equal(t, "sectigo.com", lines[1])
	assert.Equal(t, f, domainOf(apply2)["http_file"])
	assert.Empty(t, apply1["dns_records"])
}

// TestModule_Email: the start lists the candidates, a later run lists them again without a change,
// and a submit sends the mail to the address given.
func TestModule_Email(t *testing.T) {
	t.Parallel()
	sim := startSim(t, neverValidate, []string{"example.org"})
	_, apply1, _, _ := converge(t, sim, map[string]any{"domain": "example.org", "method": "email"})
	emails := domainOf(apply1)["emails"].([]any)
	assert.Contains(t, emails, "admin@example.org")
	mark := sim.Mark()
	again := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domain": "example.org", "method": "email"}))
	assert.False(t, again.Changed())
	assert.Equal(t, emails, domainOf(again)["emails"], "the candidates are listed again")
	assert.Equal(t, 1, count(sim, mark, "/start/domain/email"))
	assert.Zero(t, sim.MutatingSince(mark), "listing the candidates again leaves the order as it is")

	args := sim.Conn(map[string]any{"domain": "example.org", "method": "email", "email": "Hostmaster@example.org", "submit": true})
	res := ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"submit email validation of example.org to hostmaster@example.org"}, res["actions"])
	assert.Equal(t, "hostmaster@example.org", domainOf(res)["validation_email"])
	assert.False(t, ansibletest.Run(t, Module, args).Changed(), "submitted to the same address")

	args["email"] = "admin@example.org"
	res = ansibletest.Run(t, Module, args)
	assert.Equal(t, []any{"submit email validation of example.org to admin@example.org"}, res["actions"])
}

// TestModule_Absent clears an order under way, and leaves a validated domain alone.
func TestModule_Absent(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"a.example", "b.example"}, awaitingCNAME("a.example"), validated("b.example", 200))
	_, res, _, _ := converge(t, sim, map[string]any{"domains": []any{"a.example", "b.example"}, "state": "absent"})
	assert.Equal(t, []any{"clear the pending validation order of a.example"}, res["actions"])
	domains := res["domains"].([]any)
	assert.Equal(t, "NOT_INITIATED", domains[0].(map[string]any)["order_status"])
	assert.Equal(t, "VALIDATED", domains[1].(map[string]any)["status"])
}

// TestModule_Revalidation: a validation that expires within min_days_valid is started again.
func TestModule_Revalidation(t *testing.T) {
	t.Parallel()
	sim := startSim(t, nil, []string{"example.org"}, validated("example.org", 10))
	args := sim.Conn(map[string]any{"domain": "example.org", "method": "cname", "min_days_valid": 5})
	res := ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.False(t, res.Changed(), "10 days left is enough for min_days_valid=5")
	assert.InDelta(t, 9, domainOf(res)["days_left"], 1)

	args["min_days_valid"] = 30
	args["submit"] = true
	res = ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"start cname validation of example.org", "submit cname validation of example.org"}, res["actions"])
	assert.InDelta(t, 396, domainOf(res)["days_left"], 1, "the emulator validated again at submit")
	assert.False(t, ansibletest.Run(t, Module, args).Changed())
}
