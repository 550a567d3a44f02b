package scm

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFuzzDecodeCoversEveryResponseType keeps FuzzDecode honest: it reads this
// package's sources, finds every value a response body is decoded into (the
// last argument of a do/doGen call, and the type arguments of the generic
// decoding helpers, see decodingGenerics), and requires responseTargets to
// hold a target of that type. A new client method
// with a new response type fails here until the fuzz target covers it.
func TestFuzzDecodeCoversEveryResponseType(t *testing.T) {
	t.Parallel()
	used := decodedTypesInSources(t)
	require.NotEmpty(t, used, "no decode targets found: the source scan is broken")
	fuzzed := map[string]bool{}
	for _, target := range responseTargets() {
		fuzzed[typeKey(reflect.TypeOf(target).Elem())] = true
	}
	var missing []string
	for key, where := range used {
		if !fuzzed[key] {
			missing = append(missing, key+" (decoded at "+where+")")
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "response types FuzzDecode does not cover; add them to responseTargets")
}

// TestDecodedTypesInSources_FindsKnownTargets proves the scanner sees the
// shapes it must recognise (a package-level listing, dcvPost, a do argument,
// decoded, decodedList, a listing built in a function), so an empty or
// partial scan cannot pass.
func TestDecodedTypesInSources_FindsKnownTargets(t *testing.T) {
	t.Parallel()
	used := decodedTypesInSources(t)
	for _, want := range []string{
		"[]ACMEServer", "CNAMEInstructions", "struct{sslId}", "Certificate", "[]Profile", "[]ACMEClient",
	} {
		assert.Contains(t, used, want)
	}
	assert.NotContains(t, used, "[]byte", "raw bodies are copied, not decoded")
}

// decodedTypesInSources maps each decoded type (as typeKey spells it) to one
// file:line where it is decoded.
func decodedTypesInSources(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	used := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := parser.ParseFile(fset, name, src, 0)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					collectDecoded(fset, d.Body, typeParamsOf(d), used)
				}
			case *ast.GenDecl: // var fooList = listing[O, T]{...}
				collectDecoded(fset, d, nil, used)
			}
		}
	}
	delete(used, "[]byte")
	return used
}

// decodedArg says which type argument of a generic helper a response body is
// decoded into, and whether the body is a list of it.
type decodedArg struct {
	index int
	list  bool
}

// decodingGenerics are the generic helpers that decode response bodies.
var decodingGenerics = map[string]decodedArg{
	"dcvPost":     {index: 0},
	"decoded":     {index: 0},
	"decodedList": {index: 0, list: true},
	"listing":     {index: 1, list: true}, // listing[O, T] decodes []T
}

// collectDecoded records the decode targets used inside node. The type
// parameters of the enclosing generic function or method are skipped: the
// instantiations (dcvPost[T], listing[O, T]) are recorded where they happen.
func collectDecoded(fset *token.FileSet, node ast.Node, typeParams map[string]bool, used map[string]string) {
	record := func(typ ast.Expr, list bool, at token.Pos) {
		key := exprKey(typ)
		if typeParams[strings.TrimLeft(key, "[]")] {
			return
		}
		if list {
			key = "[]" + key
		}
		used[key] = fset.Position(at).String()
	}
	locals := map[string]ast.Expr{} // var name T declarations in this body
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ValueSpec:
			for _, id := range x.Names {
				if x.Type != nil {
					locals[id.Name] = x.Type
				}
			}
		case *ast.IndexExpr: // dcvPost[T](...), decoded[T](...)
			if g, ok := genericDecoder(x.X); ok && g.index == 0 {
				record(x.Index, g.list, x.Pos())
			}
		case *ast.IndexListExpr: // listing[O, T]{...}
			if g, ok := genericDecoder(x.X); ok && g.index < len(x.Indices) {
				record(x.Indices[g.index], g.list, x.Pos())
			}
		case *ast.CallExpr:
			if arg := decodeArg(x); arg != "" {
				if typ, ok := locals[arg]; ok {
					record(typ, false, x.Pos())
				}
			}
		}
		return true
	})
}

// genericDecoder looks up the helper a generic instantiation names.
func genericDecoder(e ast.Expr) (decodedArg, bool) {
	id, ok := e.(*ast.Ident)
	if !ok {
		return decodedArg{}, false
	}
	g, ok := decodingGenerics[id.Name]
	return g, ok
}

// typeParamsOf names the type parameters of a generic function or of a
// method's generic receiver (func (l listing[O, T]) ...).
func typeParamsOf(fd *ast.FuncDecl) map[string]bool {
	names := map[string]bool{}
	if fd.Type.TypeParams != nil {
		for _, f := range fd.Type.TypeParams.List {
			for _, n := range f.Names {
				names[n.Name] = true
			}
		}
	}
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return names
	}
	recv := fd.Recv.List[0].Type
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	var params []ast.Expr
	switch r := recv.(type) {
	case *ast.IndexExpr:
		params = []ast.Expr{r.Index}
	case *ast.IndexListExpr:
		params = r.Indices
	}
	for _, p := range params {
		if id, ok := p.(*ast.Ident); ok {
			names[id.Name] = true
		}
	}
	return names
}

// decodeArg returns v when call is x.do(..., &v) or x.doGen(..., &v).
func decodeArg(call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "do" && sel.Sel.Name != "doGen") || len(call.Args) == 0 {
		return ""
	}
	u, ok := call.Args[len(call.Args)-1].(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return ""
	}
	if id, ok := u.X.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// exprKey spells a source type the way typeKey spells the reflected one:
// named types by name, slices as []T, anonymous structs by their JSON keys.
func exprKey(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.ArrayType:
		return "[]" + exprKey(x.Elt)
	case *ast.StarExpr:
		return exprKey(x.X)
	case *ast.StructType:
		var keys []string
		for _, f := range x.Fields.List {
			tag := ""
			if f.Tag != nil {
				tag = reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("json")
			}
			for _, n := range f.Names {
				keys = append(keys, jsonKey(tag, n.Name))
			}
		}
		return "struct{" + strings.Join(keys, ",") + "}"
	}
	return "?"
}

// typeKey is exprKey for a reflect.Type.
func typeKey(t reflect.Type) string {
	switch {
	case t.Kind() == reflect.Pointer:
		return typeKey(t.Elem())
	case t.Kind() == reflect.Slice:
		return "[]" + typeKey(t.Elem())
	case t.Kind() == reflect.Struct && t.Name() == "":
		var keys []string
		for i := range t.NumField() {
			f := t.Field(i)
			keys = append(keys, jsonKey(f.Tag.Get("json"), f.Name))
		}
		return "struct{" + strings.Join(keys, ",") + "}"
	}
	return t.Name()
}

func jsonKey(tag, field string) string {
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		return field
	}
	return name
}
