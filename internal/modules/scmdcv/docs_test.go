package scmdcv

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/doccheck"
)

const repoRoot = "../../.."

// TestDocs_matchSpec keeps plugins/modules/scm_dcv.py (what ansible-doc shows) in step with Spec (what
// the module validates): names, types, required, defaults, choices, aliases.
func TestDocs_matchSpec(t *testing.T) {
	t.Parallel()
	doc, err := doccheck.Load(repoRoot, Module.Name)
	require.NoError(t, err)
	assert.Equal(t, Module.Name, doc.Module)
	assert.NotEmpty(t, doc.ShortDescription)
	assert.Empty(t, doccheck.Compare(doc.Options, Spec.Options))
}

// TestDocs_returnKeys keeps RETURN in step with the result: the keys of a domain entry, with every key
// that is returned only sometimes present, and the keys of the result itself.
func TestDocs_returnKeys(t *testing.T) {
	t.Parallel()
	w := want{Name: "www.example.org", Param: "domain"}
	it := &item{Target: "example.org", Wants: []want{w}, Err: errors.New("failed"), After: observed{
		Status: statusValidated, OrderStatus: orderNone, Validated: "2026-12-01",
		Instr: instructions{URL: "http://example.org/.well-known/pki-validation/x.txt", ValidationEmail: "admin@example.org"}}}
	entry := it.data(w, []string{}, 30)
	assert.Equal(t, doccheck.MustReturnKeys(t, repoRoot, Module.Name, "domain"), doccheck.SortedKeys(entry))

	var ret map[string]any
	require.NoError(t, doccheck.ParseVar(repoRoot+"/plugins/modules/scm_dcv.py", "RETURN", &ret))
	single := buildResult(&ansible.Env{}, &task{Single: true, Wants: []want{w}}, []*item{it}).Data
	list := buildResult(&ansible.Env{}, &task{Wants: []want{w}}, []*item{it}).Data
	for k := range list {
		single[k] = list[k]
	}
	assert.Equal(t, doccheck.SortedKeys(ret), doccheck.SortedKeys(single))
}
