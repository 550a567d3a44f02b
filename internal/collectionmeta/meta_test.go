package collectionmeta

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

const root = "../.."

type galaxy struct {
	Authors       []string          `yaml:"authors"`
	License       []string          `yaml:"license"`
	Tags          []string          `yaml:"tags"`
	Dependencies  map[string]string `yaml:"dependencies"`
	Repository    string            `yaml:"repository"`
	Documentation string            `yaml:"documentation"`
	Homepage      string            `yaml:"homepage"`
	Issues        string            `yaml:"issues"`
	BuildIgnore   []string          `yaml:"build_ignore"`
}

func load(t *testing.T, rel string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, rel))
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(data, v), rel)
}

func loadGalaxy(t *testing.T) galaxy {
	var g galaxy
	load(t, "galaxy.yml", &g)
	return g
}

// TestGalaxy_publishable: what Galaxy and Automation Hub's import ask of galaxy.yml.
func TestGalaxy_publishable(t *testing.T) {
	g := loadGalaxy(t)
	assert.Equal(t, []string{"GPL-3.0-or-later"}, g.License)
	assert.True(t, contains(g.Tags, "security") || contains(g.Tags, "tools"),
		"Automation Hub needs one of its required tags (security, tools): %v", g.Tags)
	for name, url := range map[string]string{"repository": g.Repository, "documentation": g.Documentation,
		"homepage": g.Homepage, "issues": g.Issues} {
		assert.True(t, strings.HasPrefix(url, "https://"), "%s: %q", name, url)
	}
	assert.Contains(t, g.Dependencies, "community.crypto", "the certbot_eab role uses community.crypto")
	for _, kept := range []string{"LICENSE", "docs", "meta", "extensions/ee", "CHANGELOG.md", "changelogs"} {
		assert.NotContains(t, g.BuildIgnore, kept, "users need %s", kept)
	}
}

// validate-modules' pattern for DOCUMENTATION.author (ansible-test sanity cannot run it offline).
var authorLine = regexp.MustCompile(`^\w.*(\(@([\w-]+)\)|!UNKNOWN)`)

// TestAuthors: every module's and the role's author in the `Name (@handle)` form, the same as galaxy.yml's.
func TestAuthors(t *testing.T) {
	g := loadGalaxy(t)
	require.Len(t, g.Authors, 1)
	require.Regexp(t, authorLine, g.Authors[0])
	mods, err := filepath.Glob(filepath.Join(root, "plugins/modules/*.py"))
	require.NoError(t, err)
	require.NotEmpty(t, mods)
	doc := regexp.MustCompile(`(?s)\nDOCUMENTATION\s*=\s*r?'''(.*?)'''`)
	for _, m := range mods {
		data, err := os.ReadFile(m)
		require.NoError(t, err)
		var d struct{ Author []string }
		require.NoError(t, yaml.Unmarshal(doc.FindSubmatch(data)[1], &d), m)
		assert.Equal(t, g.Authors, d.Author, m)
	}
	var spec struct {
		ArgumentSpecs map[string]struct{ Author []string } `yaml:"argument_specs"`
	}
	load(t, "roles/certbot_eab/meta/argument_specs.yml", &spec)
	assert.Equal(t, g.Authors, spec.ArgumentSpecs["main"].Author)
	var meta struct {
		GalaxyInfo struct{ Author string } `yaml:"galaxy_info"`
	}
	load(t, "roles/certbot_eab/meta/main.yml", &meta)
	assert.Equal(t, g.Authors[0], meta.GalaxyInfo.Author)
}

// TestLicenceHeaders: LICENSE is the GPL 3, and every shipped Python file (and every other with a licence
// line) has the one header, which names LICENSE.
func TestLicenceHeaders(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "LICENSE"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(string(data)), "GNU GENERAL PUBLIC LICENSE\n                       Version 3"))
	want := []string{"# Copyright (c) scmkit.sectigo contributors",
		"# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)",
		"# SPDX-License-Identifier: GPL-3.0-or-later"}
	n := 0
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return skipDir(d, err)
		}
		if !strings.HasSuffix(path, ".py") {
			return nil
		}
		head := headLines(t, path, 2, 5)
		// Shipped Python must carry the header; any other file that has a licence line, the same one.
		if strings.HasPrefix(path, filepath.Join(root, "plugins")) || strings.Contains(strings.Join(head, "\n"), "License") {
			n++
			assert.Equal(t, want, head, "%s: the licence header", path)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Positive(t, n)
}

func skipDir(d os.DirEntry, err error) error {
	if err != nil {
		return err
	}
	return filepath.SkipDir
}

func headLines(t *testing.T, path string, from, to int) []string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	for i := 1; s.Scan() && i < to; i++ {
		if i >= from {
			lines = append(lines, s.Text())
		}
	}
	return lines
}

// TestExecutionEnvironment_collectionMeta: meta/execution-environment.yml names, relative to the
// collection, files that exist and list no requirement (ansible-builder reads them; none is needed).
func TestExecutionEnvironment_collectionMeta(t *testing.T) {
	var meta struct {
		Dependencies map[string]string `yaml:"dependencies"`
	}
	load(t, "meta/execution-environment.yml", &meta)
	assert.ElementsMatch(t, []string{"python", "system"}, keys(meta.Dependencies))
	for kind, rel := range meta.Dependencies {
		require.False(t, filepath.IsAbs(rel), "%s: ansible-builder wants a path relative to the collection", kind)
		data, err := os.ReadFile(filepath.Join(root, rel))
		require.NoError(t, err, kind)
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			assert.True(t, line == "" || strings.HasPrefix(line, "#"), "%s lists %q", rel, line)
		}
	}
}

// The top-level and dependencies keys ansible-builder 3's definition schema (version 3) allows.
var (
	eeTopLevel = []string{"version", "build_arg_defaults", "dependencies", "images", "options",
		"additional_build_steps", "additional_build_files"}
	eeDependencies = []string{"python", "galaxy", "system", "python_interpreter", "ansible_core",
		"ansible_runner", "exclude"}
)

// TestExecutionEnvironment_example: the example definition is version 3, uses only keys the schema
// knows, and installs this collection with exactly galaxy.yml's dependencies, in the same ranges.
func TestExecutionEnvironment_example(t *testing.T) {
	var ee map[string]any
	load(t, "extensions/ee/execution-environment.yml", &ee)
	assert.Equal(t, 3, ee["version"])
	assert.Subset(t, eeTopLevel, keys(ee))
	deps, _ := ee["dependencies"].(map[string]any)
	assert.Subset(t, eeDependencies, keys(deps))
	var def struct {
		Dependencies struct {
			Galaxy struct {
				Collections []struct{ Name, Version string }
			}
		}
	}
	load(t, "extensions/ee/execution-environment.yml", &def)
	got := map[string]string{}
	for _, c := range def.Dependencies.Galaxy.Collections {
		got[c.Name] = c.Version
	}
	require.Contains(t, got, "scmkit.sectigo")
	delete(got, "scmkit.sectigo")
	assert.Equal(t, loadGalaxy(t).Dependencies, got)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
