package scmdcv

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/caa/caatest"
)

// A CAA record set that does not name Sectigo fails the task before the validation starts (and in
// check mode), naming the record, where it is, and what to add; warn and off let it through.
func TestModule_CAA(t *testing.T) {
	t.Parallel()
	dns := caatest.Start(t,
		`forbidden.example. CAA 0 issue "letsencrypt.org"`,
		`allowed.example. CAA 0 issue "sectigo.com"`)
	sim := startSim(t, nil, []string{"forbidden.example", "allowed.example"})
	task := func(domain, mode string) map[string]any {
		return sim.Conn(map[string]any{"domain": domain, "method": "cname", "caa_check": mode, "caa_resolver": dns.Addr})
	}

	for _, opts := range [][]ansibletest.Opt{{ansibletest.CheckMode()}, nil} {
		mark := sim.Mark()
		res := ansibletest.Run(t, Module, task("www.forbidden.example", "enforce"), opts...)
		require.True(t, res.Failed())
		assert.Contains(t, res.Msg(), `CAA at forbidden.example (inherited by www.forbidden.example): 0 issue "letsencrypt.org" does not name sectigo.com`)
		assert.Contains(t, res.Msg(), `forbidden.example. CAA 0 issue "sectigo.com"`, "what to add")
		assert.Contains(t, res.Msg(), "caa_check=warn", "the way out for split-horizon DNS")
		assert.Zero(t, sim.MutatingSince(mark), "no validation started")
	}

	warned := ansibletest.Run(t, Module, task("www.forbidden.example", "warn"))
	require.False(t, warned.Failed(), warned.Msg())
	assert.True(t, warned.Changed())
	require.NotEmpty(t, warned.Warnings())
	assert.Contains(t, warned.Warnings()[0], "caa_check=warn: CAA forbids issuance")

	queries := len(dns.Queries())
	res := ansibletest.Run(t, Module, task("allowed.example", "off"))
	require.False(t, res.Failed(), res.Msg())
	assert.Len(t, dns.Queries(), queries, "off makes no lookup")

	res = ansibletest.Run(t, Module, task("www.allowed.example", "enforce"))
	require.False(t, res.Failed(), res.Msg())
}

// A failed lookup is not a permission: enforce fails, naming the name and the server.
func TestModule_CAALookupFails(t *testing.T) {
	t.Parallel()
	dns := caatest.Start(t)
	dns.ServFail("broken.example")
	sim := startSim(t, nil, []string{"broken.example"})
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(map[string]any{"domain": "broken.example", "method": "cname",
		"caa_resolver": dns.Addr, "caa_check": "enforce"}))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "CAA lookup of broken.example at "+dns.Addr)
	assert.Contains(t, res.Msg(), "SERVFAIL")
	assert.Zero(t, sim.MutatingSince(mark))
}
