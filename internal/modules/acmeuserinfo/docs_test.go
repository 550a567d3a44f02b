package acmeuserinfo

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/doccheck"
)

const repoRoot = "../../.."

// TestDocs_matchSpec keeps plugins/modules/acme_user_info.py (what ansible-doc shows) in step with Spec
// (what the module validates).
func TestDocs_matchSpec(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t, Module.Name)
	assert.Equal(t, Module.Name, doc.Module)
	assert.NotEmpty(t, doc.ShortDescription)
	assert.Contains(t, doc.Extends, "scmkit.sectigo.attributes.info_module")
	assert.Empty(t, doccheck.Compare(doc.Options, Spec.Options))
}

func loadDoc(t *testing.T, module string) *doccheck.Doc {
	t.Helper()
	doc, err := doccheck.Load(repoRoot, module)
	require.NoError(t, err)
	return doc
}

func returnKeys(t *testing.T, module, key string) []string {
	t.Helper()
	keys, err := doccheck.ReturnKeys(repoRoot, module, key)
	require.NoError(t, err)
	return keys
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
