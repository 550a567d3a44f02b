package badinput

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// badCase is one task a module must refuse.
type badCase struct {
	desc   string
	module string         // key of runners
	args   map[string]any // task options over the emulator's connection options (a nil value removes one)
	want   []string       // the message must contain each: the option it names and the problem
	// offline: plain input validation, refused before any request reaches SCM. The others need SCM's
	// answer (an unknown profile, a 401) and may read, but never write.
	offline bool
}

// TestBadInput runs the table: every case fails, names the option and the problem, and writes nothing.
func TestBadInput(t *testing.T) {
	t.Parallel()
	table := cases()
	perModule := map[string]int{}
	for _, tc := range table {
		perModule[tc.module]++
	}
	require.GreaterOrEqual(t, len(table), 50, "issue 8 asks for at least 50 cases")
	require.Len(t, perModule, len(runners), "every module has cases")
	t.Run("cases", func(t *testing.T) {
		for _, tc := range table {
			t.Run(tc.module+"/"+tc.desc, func(t *testing.T) {
				t.Parallel()
				runBadCase(t, tc)
			})
		}
	})
	t.Logf("bad input: %d cases (%s), %d refused before any request", len(table), summary(perModule), countOffline(table))
}

// runBadCase runs one case against a fresh emulator of its own.
func runBadCase(t *testing.T, tc badCase) {
	sim := simtest.Start(t, scmsim.Options{})
	args := resolve(t, sim, merge(sim.Conn(nil), tc.args))
	mark := sim.Mark()
	res := runners[tc.module](t, args)
	require.True(t, res.Failed(), "the module accepted it: %s", res.JSON())
	t.Logf("message: %s", res.Msg())
	for _, w := range tc.want {
		assert.Contains(t, res.Msg(), w)
	}
	assert.Zero(t, sim.MutatingSince(mark), "a mutating request reached SCM: %v", sim.JournalSince(mark))
	if tc.offline {
		assert.Empty(t, sim.JournalSince(mark), "input validation must happen before any request")
	}
}

func summary(perModule map[string]int) string {
	var parts []string
	for m, n := range perModule {
		parts = append(parts, fmt.Sprintf("%s %d", m, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func countOffline(table []badCase) int {
	n := 0
	for _, tc := range table {
		if tc.offline {
			n++
		}
	}
	return n
}
