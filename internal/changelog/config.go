package changelog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is the part of changelogs/config.yaml this package uses, with antsibull-changelog's defaults.
type Config struct {
	Title            string      `yaml:"title"`
	NotesDir         string      `yaml:"notesdir"`
	ChangesFile      string      `yaml:"changes_file"`
	ChangesFormat    string      `yaml:"changes_format"`
	FilenameTemplate string      `yaml:"changelog_filename_template"`
	KeepFragments    bool        `yaml:"keep_fragments"`
	MentionAncestor  *bool       `yaml:"mention_ancestor"`
	PreludeName      string      `yaml:"prelude_section_name"`
	PreludeTitle     string      `yaml:"prelude_section_title"`
	TrivialName      string      `yaml:"trivial_section_name"`
	UseFQCN          bool        `yaml:"use_fqcn"`
	OutputFormats    []string    `yaml:"output_formats"`
	Sections         [][2]string `yaml:"sections"`
}

// LoadConfig reads config.yaml and fills in antsibull-changelog's defaults for a collection.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := Config{NotesDir: "fragments", ChangesFile: "changelog.yaml", ChangesFormat: "combined",
		PreludeName: "release_summary", PreludeTitle: "Release Summary", TrivialName: "trivial",
		OutputFormats: []string{"rst"}}
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	switch {
	case c.ChangesFormat != "combined":
		return errors.New(`changes_format must be "combined" (the only format this generator writes)`)
	case !slices.Equal(c.OutputFormats, []string{"md"}):
		return fmt.Errorf("output_formats is %v; this generator renders Markdown only: set output_formats: [md]",
			c.OutputFormats)
	case c.FilenameTemplate == "" || strings.Contains(c.FilenameTemplate, "%s"):
		return errors.New("changelog_filename_template must name one file (no per-version %s)")
	case len(c.Sections) == 0:
		return errors.New("sections is empty")
	}
	return nil
}

// SectionTitle gives the title of a configured section (the release summary included), and whether
// the section is configured.
func (c *Config) SectionTitle(name string) (string, bool) {
	if name == c.PreludeName {
		return c.PreludeTitle, true
	}
	for _, s := range c.Sections {
		if s[0] == name {
			return s[1], true
		}
	}
	return "", false
}

// Ordered lists the section names in rendering order: the release summary first, then the sections
// in the order config.yaml gives them.
func (c *Config) Ordered() []string {
	names := []string{c.PreludeName}
	for _, s := range c.Sections {
		names = append(names, s[0])
	}
	return names
}

// Paths gives the fragments directory, the changes file and the rendered changelog, for config.yaml
// at configPath. Like antsibull-changelog, the rendered file takes the output format's extension.
func (c *Config) Paths(configPath string) (notes, changes, rendered string) {
	dir := filepath.Dir(configPath)
	name := c.FilenameTemplate
	name = name[:len(name)-len(filepath.Ext(name))] + ".md"
	return filepath.Join(dir, c.NotesDir), filepath.Join(dir, c.ChangesFile), filepath.Clean(filepath.Join(dir, name))
}

func (c *Config) mentionAncestor() bool { return c.MentionAncestor == nil || *c.MentionAncestor }
