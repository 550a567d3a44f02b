// Command acme_user is the acme_user module as a standalone binary-module executable.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/acmeuser"
)

func main() { ansible.Main(acmeuser.Module) }
