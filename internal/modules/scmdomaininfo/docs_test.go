package scmdomaininfo

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/scmkit/sectigo/internal/modules/internal/doccheck"
)

const repoRoot = "../../.."

// TestDocs_matchSpec keeps plugins/modules/scm_domain_info.py (what ansible-doc shows) in step with Spec
// (what the module validates).
func TestDocs_matchSpec(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t, Module.Name)
	assert.Equal(t, Module.Name, doc.Module)
	assert.NotEmpty(t, doc.ShortDescription)
	assert.Contains(t, doc.Extends, "scmkit.sectigo.attributes.info_module")
	assert.Empty(t, doccheck.Compare(doc.Options, Spec.Options))
}

// loadDoc reads the module's DOCUMENTATION and merges in the options of the fragments it extends.
// Unlike doccheck.Load it understands fragment variants ("attributes.info_module" is the INFO_MODULE
// variable of attributes.py), as ansible-doc does.
func loadDoc(t *testing.T, module string) *doccheck.Doc {
	t.Helper()
	var doc doccheck.Doc
	parseVar(t, filepath.Join(repoRoot, "plugins", "modules", module+".py"), "DOCUMENTATION", &doc)
	for _, frag := range doc.Extends {
		name, ok := strings.CutPrefix(frag, "scmkit.sectigo.")
		require.True(t, ok, "fragment %s is not from this collection", frag)
		file, variant, _ := strings.Cut(name, ".")
		if variant == "" {
			variant = "documentation"
		}
		var fd doccheck.Doc
		parseVar(t, filepath.Join(repoRoot, "plugins", "doc_fragments", file+".py"), strings.ToUpper(variant), &fd)
		maps.Copy(doc.Options, fd.Options)
	}
	return &doc
}

// returnKeys lists the keys RETURN documents under key's "contains".
func returnKeys(t *testing.T, module, key string) []string {
	t.Helper()
	var ret map[string]struct {
		Contains map[string]any `yaml:"contains"`
	}
	parseVar(t, filepath.Join(repoRoot, "plugins", "modules", module+".py"), "RETURN", &ret)
	return sortedKeys(ret[key].Contains)
}

func parseVar(t *testing.T, path, variable string, into any) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	m := regexp.MustCompile(`(?ms)^\s*` + variable + ` = r'''\n(.*?)'''`).FindSubmatch(b)
	require.NotNil(t, m, "%s: no %s block", path, variable)
	require.NoError(t, yaml.Unmarshal(m[1], into), path)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
