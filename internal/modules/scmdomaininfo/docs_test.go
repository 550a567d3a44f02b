package scmdomaininfo

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/scmkit/sectigo/internal/modules/internal/doccheck"
)

const repoRoot = "../../.."

// TestDocs_matchSpec keeps plugins/modules/scm_domain_info.py (what ansible-doc shows) in step with Spec
// (what the module validates).
func TestDocs_matchSpec(t *testing.T) {
	t.Parallel()
	doc := doccheck.Check(t, repoRoot, Module.Name, Spec.Options)
	assert.Contains(t, doc.Extends, "scmkit.sectigo.attributes.info_module")
}

func returnKeys(t *testing.T, module, key string) []string {
	return doccheck.MustReturnKeys(t, repoRoot, module, key)
}

func sortedKeys[V any](m map[string]V) []string { return doccheck.SortedKeys(m) }
