// Command scm_domain_info is the scm_domain_info module as a standalone binary-module executable.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/scmdomaininfo"
)

func main() { ansible.Main(scmdomaininfo.Module) }
