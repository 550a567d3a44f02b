package doccheck

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
)

// Check loads a module's documentation and asserts what every module's docs test asserts: the name,
// a short description, and options in step with the Go spec. It returns the docs for further checks.
func Check(t testing.TB, root, module string, spec map[string]ansible.Option) *Doc {
	t.Helper()
	doc, err := Load(root, module)
	require.NoError(t, err)
	assert.Equal(t, module, doc.Module)
	assert.NotEmpty(t, doc.ShortDescription)
	assert.Empty(t, Compare(doc.Options, spec))
	return doc
}

// MustReturnKeys is ReturnKeys for tests.
func MustReturnKeys(t testing.TB, root, module, key string) []string {
	t.Helper()
	keys, err := ReturnKeys(root, module, key)
	require.NoError(t, err)
	return keys
}

// SortedKeys lists a result map's keys in order, to compare with MustReturnKeys.
func SortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
