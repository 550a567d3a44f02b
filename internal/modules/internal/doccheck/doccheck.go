// Package doccheck compares a module's documented options (the DOCUMENTATION block of its docs-only
// plugins/modules/<name>.py, plus the doc fragments it extends) with the Go spec the module really
// validates against, so the two cannot drift apart unnoticed. It is used by tests only.
package doccheck

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/scmkit/sectigo/internal/ansible"
)

// DocOption is one documented option.
type DocOption struct {
	Type        string               `yaml:"type"`
	Elements    string               `yaml:"elements"`
	Required    bool                 `yaml:"required"`
	Default     any                  `yaml:"default"`
	Choices     []any                `yaml:"choices"`
	Aliases     []string             `yaml:"aliases"`
	Suboptions  map[string]DocOption `yaml:"suboptions"`
	Description any                  `yaml:"description"`
}

// Doc is the part of DOCUMENTATION the comparison needs.
type Doc struct {
	Module           string               `yaml:"module"`
	ShortDescription string               `yaml:"short_description"`
	Options          map[string]DocOption `yaml:"options"`
	Extends          []string             `yaml:"extends_documentation_fragment"`
}

// Load reads plugins/modules/<module>.py under root, and merges in the options of every
// scmkit.sectigo doc fragment it extends. A fragment variant ("attributes.info_module") is the
// upper-cased variable of that name in the fragment file, as ansible-doc reads it.
func Load(root, module string) (*Doc, error) {
	var doc Doc
	if err := ParseVar(filepath.Join(root, "plugins", "modules", module+".py"), "DOCUMENTATION", &doc); err != nil {
		return nil, err
	}
	for _, frag := range doc.Extends {
		name, ok := strings.CutPrefix(frag, "scmkit.sectigo.")
		if !ok {
			continue
		}
		file, variant, _ := strings.Cut(name, ".")
		if variant == "" {
			variant = "documentation"
		}
		var fd Doc
		path := filepath.Join(root, "plugins", "doc_fragments", file+".py")
		if err := ParseVar(path, strings.ToUpper(variant), &fd); err != nil {
			return nil, err
		}
		maps.Copy(doc.Options, fd.Options)
	}
	return &doc, nil
}

// ReturnKeys lists, sorted, the keys that RETURN documents under key's `contains`.
func ReturnKeys(root, module, key string) ([]string, error) {
	var ret map[string]struct {
		Contains map[string]any `yaml:"contains"`
	}
	if err := ParseVar(filepath.Join(root, "plugins", "modules", module+".py"), "RETURN", &ret); err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(ret[key].Contains)), nil
}

// ParseVar decodes the YAML held by the Python raw-string variable `variable` in the file at path.
func ParseVar(path, variable string, into any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	block := regexp.MustCompile(`(?ms)^\s*` + regexp.QuoteMeta(variable) + ` = r'''\n(.*?)'''`)
	m := block.FindSubmatch(b)
	if m == nil {
		return fmt.Errorf("%s: no %s block", path, variable)
	}
	if err := yaml.Unmarshal(m[1], into); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Compare returns every difference between the documented options and the spec's, one line each.
func Compare(doc map[string]DocOption, spec map[string]ansible.Option) []string {
	var diffs []string
	for _, name := range unionKeys(doc, spec) {
		d, inDoc := doc[name]
		s, inSpec := spec[name]
		switch {
		case !inDoc:
			diffs = append(diffs, name+": in the Go spec but not documented")
		case !inSpec:
			diffs = append(diffs, name+": documented but not in the Go spec")
		default:
			diffs = append(diffs, compareOne(name, d, s)...)
		}
	}
	return diffs
}

func compareOne(name string, d DocOption, s ansible.Option) []string {
	var diffs []string
	check := func(what string, doc, spec any) {
		if !reflect.DeepEqual(doc, spec) {
			diffs = append(diffs, fmt.Sprintf("%s: %s documented as %v, spec says %v", name, what, doc, spec))
		}
	}
	check("type", orDefault(d.Type, "str"), orDefault(string(s.Type), "str"))
	check("elements", d.Elements, string(s.Elements))
	check("required", d.Required, s.Required)
	check("default", normalise(d.Default), normalise(s.Default))
	check("choices", normalise(d.Choices), normalise(s.Choices))
	check("aliases", sorted(d.Aliases), sorted(s.Aliases))
	if problem := descriptionProblem(d.Description); problem != "" {
		diffs = append(diffs, name+": description "+problem)
	}
	if d.Suboptions != nil {
		for _, sub := range Compare(d.Suboptions, s.Options) {
			diffs = append(diffs, name+"."+sub)
		}
	}
	return diffs
}

// descriptionProblem says why ansible-doc would refuse a description: it must be a string or a list
// of strings. A line ending in ": " in YAML is easy to write and turns an item into a mapping.
func descriptionProblem(desc any) string {
	items, isList := desc.([]any)
	if !isList {
		items = []any{desc}
	}
	for i, item := range items {
		if _, ok := item.(string); !ok {
			return fmt.Sprintf("item %d is a %T, not a string (a line ending in a colon?)", i, item)
		}
	}
	return ""
}

// normalise makes YAML-decoded and Go-literal values comparable (ints, empty lists).
func normalise(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		if len(x) == 0 {
			return nil
		}
		out := make([]any, len(x))
		for i := range x {
			out[i] = normalise(x[i])
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i := range x {
			out[i] = x[i]
		}
		return normalise(out)
	case int:
		return int64(x)
	case int64:
		return x
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
	}
	return v
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func sorted(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func unionKeys(doc map[string]DocOption, spec map[string]ansible.Option) []string {
	seen := map[string]bool{}
	for k := range doc {
		seen[k] = true
	}
	for k := range spec {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
