package changelog

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

var documentation = regexp.MustCompile(`(?s)\nDOCUMENTATION\s*=\s*r?'''(.*?)'''`)

// Modules lists the collection's modules (plugins/modules/<name>.py under root) with the
// short_description of their DOCUMENTATION, which is what antsibull-changelog records for a new module.
func Modules(root string) ([]Entry, error) {
	paths, err := filepath.Glob(filepath.Join(root, "plugins", "modules", "*.py"))
	if err != nil {
		return nil, err
	}
	var mods []Entry
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".py")
		if name == "__init__" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		m := documentation.FindSubmatch(data)
		var doc struct {
			ShortDescription string `yaml:"short_description"`
		}
		if m == nil || yaml.Unmarshal(m[1], &doc) != nil || doc.ShortDescription == "" {
			return nil, fmt.Errorf("%s: no DOCUMENTATION with a short_description", p)
		}
		empty := ""
		mods = append(mods, Entry{Name: name, Description: doc.ShortDescription, Namespace: &empty})
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Name < mods[j].Name })
	return mods, nil
}

// NewModules keeps the modules no earlier release added.
func NewModules(all []Entry, ch *Changes) []Entry {
	known := ch.KnownModules()
	var fresh []Entry
	for _, m := range all {
		if !known[m.Name] {
			fresh = append(fresh, m)
		}
	}
	return fresh
}
