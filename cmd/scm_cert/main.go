// Command scm_cert is the scm_cert module as a standalone binary-module executable.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/scmcert"
)

func main() { ansible.Main(scmcert.Module) }
