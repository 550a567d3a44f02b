// Package changelog compiles the collection's changelog fragments into a release, in
// antsibull-changelog's layout, because antsibull-changelog itself cannot be installed here.
//
// It reads changelogs/config.yaml (the settings antsibull-changelog reads) and the fragments in
// changelogs/fragments/, and writes:
//
//   - changelogs/changelog.yaml: `ancestor` and `releases`, each release with `changes` (one list per
//     section, the release summary as a string), the `fragments` it was made from, its `release_date`
//     and the `modules` (and `objects`, `plugins`) it added, as antsibull-changelog writes them;
//   - the rendered changelog named by changelog_filename_template, in Markdown (output_formats: [md]),
//     laid out as antsibull-changelog renders it.
//
// With keep_fragments: false the fragments are removed once the release holds them, as
// antsibull-changelog does; the release commit removes them from git.
//
// Lint checks what antsibull-changelog's lint checks: every fragment is a YAML mapping whose keys are
// configured sections (lists of strings), the release summary (a string), the trivial section, or
// `add plugin.TYPE` / `add object.TYPE` (lists of name and description).
package changelog
