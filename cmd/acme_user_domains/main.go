// Command acme_user_domains is the acme_user_domains module as a standalone binary-module executable.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/acmeuserdomains"
)

func main() { ansible.Main(acmeuserdomains.Module) }
