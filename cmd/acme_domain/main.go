// Command acme_domain is the acme_domain module as a standalone binary-module executable.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/acmedomain"
)

func main() { ansible.Main(acmedomain.Module) }
