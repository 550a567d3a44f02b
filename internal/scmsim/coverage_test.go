package scmsim

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	scmAPILine  = regexp.MustCompile(`// SCM API: ([A-Z]+ /\S+)`)
	placeholder = regexp.MustCompile(`\{[^}]*\}`)
)

// TestEndpoints_coverTheClient reads the "// SCM API: METHOD /path" lines of the client's source (as
// text: the emulator never imports the client) and checks that the emulator serves every one of them,
// so the two cannot drift apart.
func TestEndpoints_coverTheClient(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../scm/*.go")
	require.NoError(t, err)
	used := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range scmAPILine.FindAllSubmatch(b, -1) {
			used[placeholder.ReplaceAllString(string(m[1]), "{}")] = true
		}
	}
	require.Greater(t, len(used), 40, "the client's SCM API lines were not found")
	served := map[string]bool{}
	for _, e := range Endpoints() {
		served[placeholder.ReplaceAllString(e, "{}")] = true
	}
	var missing []string
	for e := range used {
		if !served[e] {
			missing = append(missing, e)
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "endpoints the client uses but scmsim does not serve")
}
