package acmeuserdomains

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/doccheck"
)

// TestDocs_matchSpec keeps plugins/modules/acme_user_domains.py (what ansible-doc shows) in step with
// Spec (what the module validates).
func TestDocs_matchSpec(t *testing.T) {
	t.Parallel()
	doc, err := doccheck.Load("../../..", Module.Name)
	require.NoError(t, err)
	assert.Equal(t, Module.Name, doc.Module)
	assert.NotEmpty(t, doc.ShortDescription)
	assert.Empty(t, doccheck.Compare(doc.Options, Spec.Options))
}
