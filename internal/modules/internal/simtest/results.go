package simtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
)

// RunInfo runs a read-only module against sim and asserts it neither failed nor changed anything.
func RunInfo[P any](t *testing.T, sim *Sim, m ansible.Module[P], args map[string]any, opts ...ansibletest.Opt) ansibletest.Output {
	t.Helper()
	res := ansibletest.Run(t, m, sim.Conn(args), opts...)
	require.False(t, res.Failed(), res.Msg())
	assert.False(t, res.Changed(), "an info module never changes anything")
	return res
}

// Rows returns the result's list under key as maps.
func Rows(t *testing.T, res ansibletest.Output, key string) []map[string]any {
	t.Helper()
	raw, ok := res[key].([]any)
	require.True(t, ok, "%s is a list: %v", key, res[key])
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i] = r.(map[string]any)
	}
	return out
}

// Strings returns the string field of every row under key, in order.
func Strings(t *testing.T, res ansibletest.Output, key, field string) []string {
	t.Helper()
	var out []string
	for _, r := range Rows(t, res, key) {
		out = append(out, r[field].(string))
	}
	return out
}

// Index returns the rows under key by their string field.
func Index(t *testing.T, res ansibletest.Output, key, field string) map[string]map[string]any {
	t.Helper()
	m := map[string]map[string]any{}
	for _, r := range Rows(t, res, key) {
		m[r[field].(string)] = r
	}
	return m
}
