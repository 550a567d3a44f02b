// Command acme_user_info is the acme_user_info module as a standalone binary-module executable.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/acmeuserinfo"
)

func main() { ansible.Main(acmeuserinfo.Module) }
