package changelog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Entry is a new module, plugin or object of a release: its short name and description.
type Entry struct {
	Description string  `yaml:"description"`
	Name        string  `yaml:"name"`
	Namespace   *string `yaml:"namespace"`
}

// Fragment is one parsed file of changelogs/fragments.
type Fragment struct {
	Name    string              // the file name, as changelog.yaml records it
	Summary string              // the release summary (prelude section), if the fragment has one
	Changes map[string][]string // section → entries; the trivial section is dropped
	Plugins map[string][]Entry  // `add plugin.TYPE`
	Objects map[string][]Entry  // `add object.TYPE`
}

// ParseFragment parses and checks one fragment against the configuration.
func ParseFragment(name string, data []byte, c *Config) (*Fragment, error) {
	var raw map[string]yaml.Node
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: not a YAML mapping: %w", name, err)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("%s: empty fragment", name)
	}
	f := &Fragment{Name: name, Changes: map[string][]string{}, Plugins: map[string][]Entry{}, Objects: map[string][]Entry{}}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	for _, key := range keys {
		node := raw[key]
		if err := f.add(key, &node, c); err != nil {
			errs = append(errs, fmt.Errorf("%s: section %q: %w", name, key, err))
		}
	}
	return f, errors.Join(errs...)
}

func (f *Fragment) add(key string, node *yaml.Node, c *Config) error {
	if kind, typ, ok := strings.Cut(key, "."); ok && (kind == "add plugin" || kind == "add object") {
		var entries []Entry
		if err := node.Decode(&entries); err != nil || len(entries) == 0 {
			return errors.New("must be a non-empty list of {name, description}")
		}
		for _, e := range entries {
			if e.Name == "" || e.Description == "" {
				return errors.New("every entry needs a name and a description")
			}
		}
		target := map[string]map[string][]Entry{"add plugin": f.Plugins, "add object": f.Objects}[kind]
		target[typ] = append(target[typ], entries...)
		return nil
	}
	if key == c.PreludeName {
		if node.Kind != yaml.ScalarNode || node.ShortTag() != "!!str" || strings.TrimSpace(node.Value) == "" {
			return errors.New("must be a non-empty string")
		}
		f.Summary = node.Value
		return nil
	}
	_, configured := c.SectionTitle(key)
	if !configured && key != c.TrivialName {
		return fmt.Errorf("is not a section of changelogs/config.yaml (%s)", strings.Join(c.Ordered()[1:], ", "))
	}
	var lines []string
	if err := node.Decode(&lines); err != nil || len(lines) == 0 || !allStrings(node) {
		return errors.New("must be a non-empty list of strings")
	}
	if key != c.TrivialName {
		f.Changes[key] = append(f.Changes[key], lines...)
	}
	return nil
}

// allStrings tells whether a sequence holds only non-empty string scalars (not numbers, mappings or
// nulls, which a []string decode would let through or turn into text).
func allStrings(node *yaml.Node) bool {
	if node.Kind != yaml.SequenceNode {
		return false
	}
	for _, n := range node.Content {
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" || strings.TrimSpace(n.Value) == "" {
			return false
		}
	}
	return true
}

// LoadFragments parses every fragment in dir, sorted by file name, and reports every bad one. Hidden
// files (.keep, which keeps the emptied directory in git after a release) are not fragments; a missing
// directory holds none.
func LoadFragments(dir string, c *Config) ([]*Fragment, error) {
	files, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var frags []*Fragment
	var errs []error
	for _, file := range files {
		name := file.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if file.IsDir() || !(strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")) {
			errs = append(errs, fmt.Errorf("%s: not a fragment (only .yml and .yaml files belong in %s)", name, dir))
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		f, err := ParseFragment(name, data, c)
		errs = append(errs, err)
		frags = append(frags, f)
	}
	return frags, errors.Join(errs...)
}
