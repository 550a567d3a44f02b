// Command changelog compiles changelogs/fragments into changelogs/changelog.yaml and the rendered
// changelog, in antsibull-changelog's layout (make release runs it); see internal/changelog.
package main

import (
	"os"

	"github.com/scmkit/sectigo/internal/changelog"
)

func main() {
	os.Exit(changelog.Main(os.Args[1:], os.Stdout, os.Stderr))
}
