package scmcert

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/caa/caatest"
)

// The CAA pre-check runs before an order is placed, for every name of the certificate: a record set at
// a parent that names another CA fails the enrolment, in check mode too, before anything is sent.
func TestModule_CAABeforeEnrolment(t *testing.T) {
	t.Parallel()
	dns := caatest.Start(t, `example.com. CAA 0 issue "letsencrypt.org"`)
	sim := startSim(t)
	m, _ := module(sim)
	args := sim.Conn(with(baseArgs(t, t.TempDir()), "caa_check", "enforce", "caa_resolver", dns.Addr))

	for _, opts := range [][]ansibletest.Opt{{ansibletest.CheckMode()}, nil} {
		mark := sim.Mark()
		res := ansibletest.Run(t, m, args, opts...)
		require.True(t, res.Failed())
		assert.Contains(t, res.Msg(), `CAA at example.com (inherited by www.example.com)`)
		assert.Contains(t, res.Msg(), `example.com. CAA 0 issue "sectigo.com"`)
		assert.Zero(t, sim.MutatingSince(mark), "nothing was ordered")
	}

	dns.Add(t, `example.com. CAA 0 issue "sectigo.com"`)
	res := ansibletest.Run(t, m, args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, "issued", res["status"])

	// Once issued, later runs place no order, so they ask DNS nothing.
	queries := len(dns.Queries())
	res = ansibletest.Run(t, m, args)
	require.False(t, res.Failed(), res.Msg())
	assert.False(t, res.Changed())
	assert.Len(t, dns.Queries(), queries)
}

// A wildcard needs issuewild: an issue record alone is not enough when an issuewild record names
// another CA.
func TestModule_CAAWildcardNeedsIssuewild(t *testing.T) {
	t.Parallel()
	dns := caatest.Start(t, `example.com. CAA 0 issue "sectigo.com"`, `example.com. CAA 0 issuewild "letsencrypt.org"`)
	sim := startSim(t)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	args = with(args, "common_name", "*.example.com", "subject_alt_names", []any{},
		"csr", csrPEM(t, rsaKey, "*.example.com", "*.example.com"), "caa_check", "enforce", "caa_resolver", dns.Addr)
	res := ansibletest.Run(t, m, sim.Conn(args), ansibletest.CheckMode())
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), `issuewild`)
	assert.Contains(t, res.Msg(), `example.com. CAA 0 issuewild "sectigo.com"`)
}
