package changelog

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"
)

const usage = `usage: changelog [-root DIR] lint | check | render | release -version X.Y.Z [-date YYYY-MM-DD]
  lint     every fragment parses and uses only configured sections
  check    lint, and the rendered changelog is what changelog.yaml renders to
  render   write the rendered changelog from changelog.yaml
  release  add a release made of every fragment to changelog.yaml, render the changelog, and remove
           the fragments unless config.yaml says keep_fragments`

// Main runs the command line and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("changelog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the collection's root (where galaxy.yml is)")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	p, err := open(*root)
	if err == nil {
		err = p.run(fs.Arg(0), fs.Args()[1:], stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "changelog:", err)
		return 1
	}
	return 0
}

// project is a collection checkout: its configuration and the paths it names.
type project struct {
	root, notes, changes, rendered string
	cfg                            *Config
}

func open(root string) (*project, error) {
	cfgPath := filepath.Join(root, "changelogs", "config.yaml")
	cfg, err := LoadConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	p := &project{root: root, cfg: cfg}
	p.notes, p.changes, p.rendered = cfg.Paths(cfgPath)
	return p, nil
}

func (p *project) run(cmd string, args []string, out io.Writer) error {
	switch cmd {
	case "lint":
		frags, err := LoadFragments(p.notes, p.cfg)
		if err == nil {
			fmt.Fprintf(out, "changelog: %d fragments, all valid\n", len(frags))
		}
		return err
	case "check":
		return p.check(out)
	case "render":
		ch, err := LoadChanges(p.changes)
		if err != nil {
			return err
		}
		return p.writeRendered(ch)
	case "release":
		fs := flag.NewFlagSet("release", flag.ContinueOnError)
		version := fs.String("version", "", "the new version (X.Y.Z)")
		date := fs.String("date", time.Now().UTC().Format(time.DateOnly), "the release date")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return p.release(*version, *date, out)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func (p *project) check(out io.Writer) error {
	if _, err := LoadFragments(p.notes, p.cfg); err != nil {
		return err
	}
	ch, err := LoadChanges(p.changes)
	if err != nil || len(ch.Releases) == 0 {
		fmt.Fprintln(out, "changelog: fragments valid; no release yet")
		return err
	}
	want, err := p.render(ch)
	if err != nil {
		return err
	}
	if have, _ := os.ReadFile(p.rendered); !bytes.Equal(have, []byte(want)) {
		return fmt.Errorf("%s is not what %s renders to: run `go run ./cmd/changelog render`", p.rendered, p.changes)
	}
	fmt.Fprintf(out, "changelog: fragments valid; %s matches %s\n", p.rendered, p.changes)
	return nil
}

func (p *project) release(version, date string, out io.Writer) error {
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return fmt.Errorf("release date %q is not YYYY-MM-DD", date)
	}
	frags, err := LoadFragments(p.notes, p.cfg)
	if err != nil {
		return err
	}
	if len(frags) == 0 {
		return fmt.Errorf("no fragments in %s: nothing to release", p.notes)
	}
	ch, err := LoadChanges(p.changes)
	if err != nil {
		return err
	}
	all, err := Modules(p.root)
	if err != nil {
		return err
	}
	if err := ch.AddRelease(p.cfg, version, date, frags, NewModules(all, ch)); err != nil {
		return err
	}
	data, err := ch.Marshal()
	if err == nil {
		err = os.WriteFile(p.changes, data, 0o644)
	}
	if err == nil {
		err = p.writeRendered(ch)
	}
	if err != nil {
		return err
	}
	r := ch.Releases[version]
	fmt.Fprintf(out, "changelog: %s (%s) from %d fragments, %d new modules; wrote %s and %s\n",
		version, date, len(r.Fragments), len(r.Modules), p.changes, p.rendered)
	if p.cfg.KeepFragments {
		return nil
	}
	for _, f := range r.Fragments {
		if err := os.Remove(filepath.Join(p.notes, f)); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "changelog: removed the %d fragments from %s (keep_fragments: false)\n", len(r.Fragments), p.notes)
	return nil
}

func (p *project) render(ch *Changes) (string, error) {
	var galaxy struct{ Namespace, Name string }
	data, err := os.ReadFile(filepath.Join(p.root, "galaxy.yml"))
	if err == nil {
		err = yaml.Unmarshal(data, &galaxy)
	}
	if err != nil {
		return "", err
	}
	return Render(p.cfg, ch, galaxy.Namespace+"."+galaxy.Name+"."), nil
}

func (p *project) writeRendered(ch *Changes) error {
	text, err := p.render(ch)
	if err != nil {
		return err
	}
	return os.WriteFile(p.rendered, []byte(text), 0o644)
}
