// Command scm_cert_info is the scm_cert_info module as a standalone binary-module executable.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/scmcertinfo"
)

func main() { ansible.Main(scmcertinfo.Module) }
