package scm

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var scmAPILine = regexp.MustCompile(`^SCM API: (GET|HEAD|POST|PUT|DELETE) (/[A-Za-z0-9/{}]+)$`)

// TestSCMAPIComments checks that every exported service method ends its doc
// comment with "SCM API: METHOD /path" lines, the contract the emulator's
// coverage test greps for.
func TestSCMAPIComments(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	endpoints := map[string]bool{}
	methods := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || !isServiceReceiver(fn) {
				continue
			}
			methods++
			for _, ep := range endpointLines(t, fn) {
				endpoints[ep] = true
			}
		}
	}
	assert.Equal(t, 53, methods, "exported service methods")
	assert.Len(t, endpoints, 56, "distinct endpoints named in SCM API lines")
}

func isServiceReceiver(fn *ast.FuncDecl) bool {
	star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	return ok && strings.HasSuffix(id.Name, "Service")
}

// endpointLines returns the trailing SCM API lines of fn's doc comment.
func endpointLines(t *testing.T, fn *ast.FuncDecl) []string {
	t.Helper()
	require.NotNil(t, fn.Doc, "%s has no doc comment", fn.Name.Name)
	lines := strings.Split(strings.TrimSpace(fn.Doc.Text()), "\n")
	var out []string
	for i := len(lines) - 1; i >= 0 && strings.HasPrefix(lines[i], "SCM API:"); i-- {
		m := scmAPILine.FindStringSubmatch(lines[i])
		if assert.NotNil(t, m, "%s: malformed %q", fn.Name.Name, lines[i]) {
			out = append(out, m[1]+" "+m[2])
		}
	}
	assert.NotEmpty(t, out, "%s: doc comment must end with SCM API lines", fn.Name.Name)
	return out
}
