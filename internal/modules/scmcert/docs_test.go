package scmcert

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/doccheck"
)

// TestDocs_matchSpec keeps plugins/modules/scm_cert.py (what ansible-doc shows) in step with Spec
// (what the module validates): names, types, required, defaults, choices, aliases.
func TestDocs_matchSpec(t *testing.T) {
	t.Parallel()
	doc, err := doccheck.Load("../../..", Module.Name)
	require.NoError(t, err)
	assert.Equal(t, Module.Name, doc.Module)
	assert.NotEmpty(t, doc.ShortDescription)
	assert.Empty(t, doccheck.Compare(doc.Options, Spec.Options))
}
