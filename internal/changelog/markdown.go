package changelog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The Markdown that antsibull-changelog renders: a title, a "Topics" table of contents linking every
// section by an HTML anchor, then per release (newest first) its sections in configuration order,
// then New Plugins, New Modules and New <Object>s. Text is reStructuredText turned into escaped
// Markdown: ``literals`` become <code>, bare URLs links, every other punctuation mark is escaped.

type mdSection struct {
	title, id string
	body      []string
	subs      []*mdSection
}

// anchors hands out unique anchor ids, as antsibull-changelog does: the title's slug, then slug-1, ...
type anchors map[string]bool

var (
	spaceLike  = regexp.MustCompile(`[ ._-]`)
	notAllowed = regexp.MustCompile(`[^a-zA-Z0-9-]`)
	mdSpecial  = regexp.MustCompile("([!\"#$%&'()*+,:;<=>?@\\[\\\\\\]^_`{|}~.-])")
	inlineRST  = regexp.MustCompile("``(.+?)``|https?://[^\\s<>`]+")
)

func (a anchors) section(title string) *mdSection {
	slug := strings.ToLower(notAllowed.ReplaceAllString(spaceLike.ReplaceAllString(title, "-"), ""))
	id := slug
	for n := 1; a[id]; n++ {
		id = fmt.Sprintf("%s-%d", slug, n)
	}
	a[id] = true
	return &mdSection{title: title, id: id}
}

func mdEscape(s string) string { return mdSpecial.ReplaceAllString(s, `\$1`) }

// inline renders one reStructuredText paragraph as Markdown.
func inline(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range inlineRST.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(mdEscape(text[last:m[0]]))
		if m[2] >= 0 {
			b.WriteString("<code>" + mdEscape(text[m[2]:m[3]]) + "</code>")
			last = m[1]
			continue
		}
		url := strings.TrimRight(text[m[0]:m[1]], ".,;:!?'\")")
		b.WriteString("[" + mdEscape(url) + "](" + mdEscape(url) + ")")
		last = m[0] + len(url)
	}
	b.WriteString(mdEscape(text[last:]))
	return b.String()
}

// item renders a list entry: "* " before the first line, two spaces before the others.
func item(text string) []string {
	lines := strings.Split(strings.TrimRight(inline(text), "\n"), "\n")
	for i := range lines {
		lines[i] = map[bool]string{true: "* ", false: "  "}[i == 0] + lines[i]
	}
	return lines
}

// Render gives the rendered changelog. prefix ("namespace.name.") goes before new modules' and
// plugins' names when the configuration says use_fqcn.
func Render(c *Config, ch *Changes, prefix string) string {
	if !c.UseFQCN {
		prefix = ""
	}
	ids := anchors{}
	var releases []*mdSection
	for _, v := range ch.Versions() {
		releases = append(releases, releaseSection(c, ids, "v"+v, ch.Releases[v], prefix))
	}
	out := []string{"# " + mdEscape(c.Title+" Release Notes"), "", "**Topics**", ""}
	for _, r := range releases {
		out = append(out, toc(r, "")...)
	}
	if ch.Ancestor != nil && *ch.Ancestor != "" && c.mentionAncestor() {
		out = append(out, "", inline("This changelog describes changes after version "+*ch.Ancestor+"."))
	}
	for _, r := range releases {
		out = appendSection(out, r, 2)
	}
	return strings.Join(out, "\n") + "\n"
}

func releaseSection(c *Config, ids anchors, title string, r *Release, prefix string) *mdSection {
	rs := ids.section(title)
	for _, name := range c.Ordered() {
		content, ok := r.Changes[name]
		if !ok {
			continue
		}
		sectionTitle, _ := c.SectionTitle(name)
		s := ids.section(sectionTitle)
		if text, isText := content.(string); isText {
			s.body = strings.Split(strings.TrimRight(inline(text), "\n"), "\n")
		} else {
			lines := sectionLines(content)
			sort.Strings(lines)
			for _, l := range lines {
				s.body = append(s.body, item(l)...)
			}
		}
		rs.subs = append(rs.subs, s)
	}
	if len(r.Plugins) > 0 {
		plugins := ids.section("New Plugins")
		for _, typ := range sortedKeys(r.Plugins) {
			plugins.subs = append(plugins.subs, entries(ids.section(titleCase(typ)), r.Plugins[typ], prefix))
		}
		rs.subs = append(rs.subs, plugins)
	}
	if len(r.Modules) > 0 {
		rs.subs = append(rs.subs, entries(ids.section("New Modules"), r.Modules, prefix))
	}
	for _, typ := range sortedKeys(r.Objects) {
		rs.subs = append(rs.subs, entries(ids.section("New "+titleCase(typ)+"s"), r.Objects[typ], prefix))
	}
	return rs
}

func entries(s *mdSection, es []Entry, prefix string) *mdSection {
	sorted := append([]Entry(nil), es...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	for _, e := range sorted {
		s.body = append(s.body, item(prefix+e.Name+" - "+e.Description)...)
	}
	return s
}

func toc(s *mdSection, indent string) []string {
	lines := []string{fmt.Sprintf(`%s- <a href="#%s">%s</a>`, indent, s.id, mdEscape(s.title))}
	for _, sub := range s.subs {
		lines = append(lines, toc(sub, indent+"    ")...)
	}
	return lines
}

func appendSection(out []string, s *mdSection, level int) []string {
	if out[len(out)-1] != "" {
		out = append(out, "")
	}
	out = append(out, fmt.Sprintf(`<a id="%s"></a>`, s.id), strings.Repeat("#", level)+" "+mdEscape(s.title), "")
	out = append(out, s.body...)
	for _, sub := range s.subs {
		out = appendSection(out, sub, level+1)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
