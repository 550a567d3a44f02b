package simtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
)

// Runs are the four results of Converge.
type Runs struct{ Check1, Apply1, Apply2, Check2 ansibletest.Output }

// Converge runs the scenario every module test follows — check → apply → apply again → check — with
// the connection options of sim merged into args. It asserts that the first check predicts a change,
// the first apply makes it, the second apply and the second check find nothing to do, and, from
// scmsim's journal, that neither check run sent a mutating request. Module-specific assertions stay
// with the caller. opts are added to every run (e.g. ansibletest.Diff()).
func Converge[P any](t *testing.T, sim *Sim, m ansible.Module[P], args map[string]any, opts ...ansibletest.Opt) Runs {
	t.Helper()
	args = sim.Conn(args)
	run := func(extra ...ansibletest.Opt) ansibletest.Output {
		out := ansibletest.Run(t, m, args, append(append([]ansibletest.Opt{}, opts...), extra...)...)
		require.False(t, out.Failed(), out.Msg())
		return out
	}
	var r Runs
	mark := sim.Mark()
	r.Check1 = run(ansibletest.CheckMode(), ansibletest.Diff())
	assert.True(t, r.Check1.Changed(), "the first check run predicts a change")
	assert.Zero(t, sim.MutatingSince(mark), "check mode sent a mutating request")

	r.Apply1 = run()
	assert.True(t, r.Apply1.Changed(), "the first run changes something")

	r.Apply2 = run()
	assert.False(t, r.Apply2.Changed(), "the second run changes nothing")

	mark = sim.Mark()
	r.Check2 = run(ansibletest.CheckMode())
	assert.False(t, r.Check2.Changed(), "a check after convergence predicts nothing")
	assert.Zero(t, sim.MutatingSince(mark), "check mode sent a mutating request")
	return r
}
