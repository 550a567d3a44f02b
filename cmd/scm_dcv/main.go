// Command scm_dcv is the scm_dcv module as a standalone binary-module executable.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/scmdcv"
)

func main() { ansible.Main(scmdcv.Module) }
