// Command scmkit is the multi-call executable the collection ships: one per platform, with a symlink
// per module. It runs the module named by the file name Ansible gives it (AnsiballZ_<module>_<os>_<arch>)
// or by _ansible_module_name, so the tarball stores the code once instead of once per module.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/acmedomain"
	"github.com/scmkit/sectigo/internal/modules/acmeuser"
	"github.com/scmkit/sectigo/internal/modules/acmeuserdomains"
	"github.com/scmkit/sectigo/internal/modules/acmeuserinfo"
	"github.com/scmkit/sectigo/internal/modules/scmcert"
	"github.com/scmkit/sectigo/internal/modules/scmcertinfo"
	"github.com/scmkit/sectigo/internal/modules/scmdcv"
	"github.com/scmkit/sectigo/internal/modules/scmdomaininfo"
)

func main() {
	ansible.MainMulti(acmedomain.Module, acmeuser.Module, acmeuserdomains.Module, scmdcv.Module, acmeuserinfo.Module, scmcert.Module, scmcertinfo.Module, scmdomaininfo.Module)
}
