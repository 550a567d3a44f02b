package changelog

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Changes is changelogs/changelog.yaml. Field order is the key order antsibull-changelog writes
// (sorted), and yaml.v3 sorts the maps' keys.
type Changes struct {
	Ancestor *string             `yaml:"ancestor"`
	Releases map[string]*Release `yaml:"releases"`
}

// Release is one version of changelog.yaml's releases.
type Release struct {
	Changes     map[string]any     `yaml:"changes,omitempty"` // section → []string; the summary → string
	Fragments   []string           `yaml:"fragments,omitempty"`
	Modules     []Entry            `yaml:"modules,omitempty"`
	Objects     map[string][]Entry `yaml:"objects,omitempty"`
	Plugins     map[string][]Entry `yaml:"plugins,omitempty"`
	ReleaseDate string             `yaml:"release_date"`
}

// LoadChanges reads changelog.yaml; a missing file is a changelog with no release and no ancestor.
func LoadChanges(path string) (*Changes, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Changes{Releases: map[string]*Release{}}, nil
	}
	if err != nil {
		return nil, err
	}
	var ch Changes
	if err := yaml.Unmarshal(data, &ch); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if ch.Releases == nil {
		ch.Releases = map[string]*Release{}
	}
	return &ch, nil
}

// Marshal gives changelog.yaml's text.
func (ch *Changes) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(ch); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// Versions lists the releases, newest first.
func (ch *Changes) Versions() []string {
	vs := make([]string, 0, len(ch.Releases))
	for v := range ch.Releases {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return compareVersions(vs[i], vs[j]) > 0 })
	return vs
}

// KnownModules is every module an earlier release added.
func (ch *Changes) KnownModules() map[string]bool {
	known := map[string]bool{}
	for _, r := range ch.Releases {
		for _, m := range r.Modules {
			known[m.Name] = true
		}
	}
	return known
}

// AddRelease records a release made of the fragments, with the modules that are new in it. It refuses
// a version that exists or is not newer than every release, and a second release summary.
func (ch *Changes) AddRelease(c *Config, version, date string, frags []*Fragment, modules []Entry) error {
	if _, err := parseVersion(version); err != nil {
		return err
	}
	if _, ok := ch.Releases[version]; ok {
		return fmt.Errorf("version %s is already in the changelog", version)
	}
	if vs := ch.Versions(); len(vs) > 0 && compareVersions(version, vs[0]) <= 0 {
		return fmt.Errorf("version %s is not newer than the last release, %s", version, vs[0])
	}
	r := &Release{Changes: map[string]any{}, ReleaseDate: date, Objects: map[string][]Entry{}, Plugins: map[string][]Entry{}}
	for _, f := range frags {
		if err := r.add(c.PreludeName, f); err != nil {
			return err
		}
	}
	r.Modules = slices.Clone(modules)
	sort.Slice(r.Modules, func(i, j int) bool { return r.Modules[i].Name < r.Modules[j].Name })
	sort.Strings(r.Fragments)
	ch.Releases[version] = r
	return nil
}

func (r *Release) add(prelude string, f *Fragment) error {
	if f.Summary != "" {
		if _, ok := r.Changes[prelude]; ok {
			return fmt.Errorf("%s: a second release summary (only one fragment of a release may have one)", f.Name)
		}
		r.Changes[prelude] = f.Summary
	}
	for section, lines := range f.Changes {
		r.Changes[section] = append(sectionLines(r.Changes[section]), lines...)
	}
	for typ, es := range f.Plugins {
		r.Plugins[typ] = append(r.Plugins[typ], es...)
	}
	for typ, es := range f.Objects {
		r.Objects[typ] = append(r.Objects[typ], es...)
	}
	r.Fragments = append(r.Fragments, f.Name)
	return nil
}

// sectionLines gives a section's entries, whether they were built here ([]string) or read from
// changelog.yaml ([]any).
func sectionLines(v any) []string {
	switch v := v.(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// parseVersion reads MAJOR.MINOR.PATCH with an optional -prerelease (semantic versioning, which
// Galaxy and Automation Hub require).
func parseVersion(v string) ([3]int, error) {
	var n [3]int
	core, _, _ := strings.Cut(v, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return n, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", v)
	}
	for i, p := range parts {
		if _, err := fmt.Sscanf(p, "%d", &n[i]); err != nil || fmt.Sprint(n[i]) != p {
			return n, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", v)
		}
	}
	return n, nil
}

// compareVersions orders two versions; a pre-release comes before its release.
func compareVersions(a, b string) int {
	na, _ := parseVersion(a)
	nb, _ := parseVersion(b)
	if c := slices.Compare(na[:], nb[:]); c != 0 {
		return c
	}
	_, preA, hasA := strings.Cut(a, "-")
	_, preB, hasB := strings.Cut(b, "-")
	switch {
	case hasA == hasB:
		return strings.Compare(preA, preB)
	case hasA:
		return -1
	default:
		return 1
	}
}
