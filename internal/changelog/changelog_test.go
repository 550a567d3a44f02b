package changelog

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testConfig = `---
changelog_filename_template: ../CHANGELOG.md
changes_file: changelog.yaml
changes_format: combined
keep_fragments: false
notesdir: fragments
output_formats: [md]
prelude_section_name: release_summary
sections:
  - [minor_changes, Minor Changes]
  - [breaking_changes, Breaking Changes / Porting Guide]
  - [bugfixes, Bugfixes]
title: ns.coll
use_fqcn: true
`

func testCfg(t *testing.T) *Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(path, []byte(testConfig), 0o644))
	c, err := LoadConfig(path)
	require.NoError(t, err)
	return c
}

func TestParseFragment(t *testing.T) {
	c := testCfg(t)
	tests := []struct {
		desc, yaml, wantErr string
		wantChanges         map[string][]string
	}{
		{desc: "sections", yaml: "bugfixes:\n  - a - fixed (#1).\nminor_changes: [b - new]\n",
			wantChanges: map[string][]string{"bugfixes": {"a - fixed (#1)."}, "minor_changes": {"b - new"}}},
		{desc: "trivial is dropped", yaml: "trivial: [tests only]\nbugfixes: [x]\n",
			wantChanges: map[string][]string{"bugfixes": {"x"}}},
		{desc: "unknown section", yaml: "bugfix: [x]\n", wantErr: `section "bugfix": is not a section of changelogs/config.yaml`},
		{desc: "a string, not a list", yaml: "bugfixes: x\n", wantErr: "must be a non-empty list of strings"},
		{desc: "a number in the list", yaml: "bugfixes: [x, 42]\n", wantErr: "must be a non-empty list of strings"},
		{desc: "an empty list", yaml: "bugfixes: []\n", wantErr: "must be a non-empty list of strings"},
		{desc: "a summary that is a list", yaml: "release_summary: [x]\n", wantErr: "must be a non-empty string"},
		{desc: "not a mapping", yaml: "- x\n", wantErr: "not a YAML mapping"},
		{desc: "empty file", yaml: "---\n", wantErr: "empty fragment"},
		{desc: "object without description", yaml: "add object.role:\n  - name: r\n", wantErr: "needs a name and a description"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			f, err := ParseFragment("f.yml", []byte(tc.yaml), c)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantChanges, f.Changes)
		})
	}
}

func TestParseFragment_objectsAndSummary(t *testing.T) {
	f, err := ParseFragment("1.0.0.yml", []byte("release_summary: First.\nadd object.role:\n"+
		"  - name: web\n    description: Serve the web\n"), testCfg(t))
	require.NoError(t, err)
	assert.Equal(t, "First.", f.Summary)
	assert.Equal(t, "web", f.Objects["role"][0].Name)
}

func TestChanges_AddRelease(t *testing.T) {
	c := testCfg(t)
	frag := func(name, text string) *Fragment {
		f, err := ParseFragment(name, []byte(text), c)
		require.NoError(t, err)
		return f
	}
	ch := &Changes{Releases: map[string]*Release{}}
	require.NoError(t, ch.AddRelease(c, "1.0.0", "2026-12-07", []*Fragment{
		frag("b.yml", "bugfixes: [second]\n"), frag("a.yml", "bugfixes: [first]\nrelease_summary: Hello.\n"),
	}, []Entry{{Name: "m2", Description: "two"}, {Name: "m1", Description: "one"}}))
	r := ch.Releases["1.0.0"]
	assert.Equal(t, []string{"a.yml", "b.yml"}, r.Fragments)
	assert.Equal(t, "Hello.", r.Changes["release_summary"])
	assert.Equal(t, []string{"second", "first"}, r.Changes["bugfixes"], "in the order of the fragments given")
	assert.Equal(t, "m1", r.Modules[0].Name)

	err := ch.AddRelease(c, "1.0.0", "2026-12-08", nil, nil)
	require.ErrorContains(t, err, "already in the changelog")
	err = ch.AddRelease(c, "0.9.0", "2026-12-08", nil, nil)
	require.ErrorContains(t, err, "not newer than the last release, 1.0.0")
	err = ch.AddRelease(c, "1.1", "2026-12-08", nil, nil)
	require.ErrorContains(t, err, "not MAJOR.MINOR.PATCH")
	err = ch.AddRelease(c, "1.1.0", "2026-12-08", []*Fragment{
		frag("1.yml", "release_summary: One.\n"), frag("2.yml", "release_summary: Two.\n")}, nil)
	require.ErrorContains(t, err, "2.yml: a second release summary")
}

func TestCompareVersions(t *testing.T) {
	assert.Positive(t, compareVersions("1.10.0", "1.9.3"))
	assert.Negative(t, compareVersions("1.0.0-rc1", "1.0.0"))
	assert.Zero(t, compareVersions("2.0.0", "2.0.0"))
}

func TestInline(t *testing.T) {
	tests := []struct{ desc, in, want string }{
		{desc: "punctuation", in: "a_b - c (d).", want: `a\_b \- c \(d\)\.`},
		{desc: "literal", in: "set ``scm_auth=oauth2``", want: `set <code>scm\_auth\=oauth2</code>`},
		{desc: "url", in: "see (https://x.example/a_b).", want: `see \([https\://x\.example/a\_b](https\://x\.example/a\_b)\)\.`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) { assert.Equal(t, tc.want, inline(tc.in)) })
	}
}

// TestRender pins the layout antsibull-changelog gives a Markdown changelog: the table of contents, an
// anchor per section (a repeated title gets -1), releases newest first, sections in configuration
// order, sorted entries, and new modules by FQCN.
func TestRender(t *testing.T) {
	c := testCfg(t)
	ancestor := "0.9.0"
	empty := ""
	ch := &Changes{Ancestor: &ancestor, Releases: map[string]*Release{
		"1.0.0": {ReleaseDate: "2026-12-07", Changes: map[string]any{
			"release_summary": "First.", "bugfixes": []any{"z - b", "a - ``x``"}}},
		"1.1.0": {ReleaseDate: "2027-01-07", Changes: map[string]any{"bugfixes": []string{"c"}},
			Modules: []Entry{{Name: "m", Description: "Do it", Namespace: &empty}}},
	}}
	want := `# ns\.coll Release Notes

**Topics**

- <a href="#v1-1-0">v1\.1\.0</a>
    - <a href="#bugfixes">Bugfixes</a>
    - <a href="#new-modules">New Modules</a>
- <a href="#v1-0-0">v1\.0\.0</a>
    - <a href="#release-summary">Release Summary</a>
    - <a href="#bugfixes-1">Bugfixes</a>

This changelog describes changes after version 0\.9\.0\.

<a id="v1-1-0"></a>
## v1\.1\.0

<a id="bugfixes"></a>
### Bugfixes

* c

<a id="new-modules"></a>
### New Modules

* ns\.coll\.m \- Do it

<a id="v1-0-0"></a>
## v1\.0\.0

<a id="release-summary"></a>
### Release Summary

First\.

<a id="bugfixes-1"></a>
### Bugfixes

* a \- <code>x</code>
* z \- b
`
	assert.Equal(t, want, Render(c, ch, "ns.coll."))
}

// TestMain_release runs a release in a copy of a collection: changelog.yaml and CHANGELOG.md are written,
// the fragments removed, and a second release lists only the modules the first did not.
func TestMain_release(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		path := filepath.Join(root, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	write("galaxy.yml", "namespace: ns\nname: coll\nversion: 0.1.0\n")
	write("changelogs/config.yaml", testConfig)
	write("changelogs/fragments/.keep", "")
	write("changelogs/fragments/1.0.0.yml", "release_summary: First.\n")
	write("changelogs/fragments/2-x.yml", "bugfixes: [x - fixed (#2).]\n")
	write("plugins/modules/m.py", "#\nDOCUMENTATION = r'''\nmodule: m\nshort_description: Do it\n'''\n")
	run := func(args ...string) (int, string) {
		var out, errs bytes.Buffer
		code := Main(append([]string{"-root", root}, args...), &out, &errs)
		return code, out.String() + errs.String()
	}

	code, out := run("release", "-version", "1.0.0", "-date", "2026-12-07")
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "1.0.0 (2026-12-07) from 2 fragments, 1 new modules")
	assert.NoFileExists(t, filepath.Join(root, "changelogs/fragments/2-x.yml"))
	assert.FileExists(t, filepath.Join(root, "changelogs/fragments/.keep"), "the directory stays in git")
	md, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "* ns\\.coll\\.m \\- Do it")
	code, out = run("check")
	assert.Equal(t, 0, code, out)

	write("changelogs/fragments/3-y.yml", "minor_changes: [n - new module]\n")
	write("plugins/modules/n.py", "#\nDOCUMENTATION = r'''\nmodule: n\nshort_description: Do more\n'''\n")
	code, out = run("release", "-version", "1.1.0", "-date", "2027-01-07")
	require.Equal(t, 0, code, out)
	ch, err := LoadChanges(filepath.Join(root, "changelogs/changelog.yaml"))
	require.NoError(t, err)
	require.Len(t, ch.Releases["1.1.0"].Modules, 1)
	assert.Equal(t, "n", ch.Releases["1.1.0"].Modules[0].Name)

	write("CHANGELOG.md", "edited by hand\n")
	code, out = run("check")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "is not what")
}

// TestRepository_fragments is the CI check on the collection's own changelog: config.yaml is one this
// generator renders, every fragment in changelogs/fragments parses and uses only configured sections,
// at most one holds a release summary, and a CHANGELOG.md, once there is one, is what changelog.yaml
// renders to. A bad fragment fails `make test` here, before a release trips over it.
func TestRepository_fragments(t *testing.T) {
	var out, errs bytes.Buffer
	code := Main([]string{"-root", "../..", "check"}, &out, &errs)
	require.Equal(t, 0, code, errs.String())

	p, err := open("../..")
	require.NoError(t, err)
	frags, err := LoadFragments(p.notes, p.cfg)
	require.NoError(t, err)
	trial := &Changes{Releases: map[string]*Release{}}
	require.NoError(t, trial.AddRelease(p.cfg, "99.0.0", "2026-12-07", frags, nil), "the fragments must make one release")
}
