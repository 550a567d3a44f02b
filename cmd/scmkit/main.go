// Command scmkit is the multi-call executable the collection ships: one per platform, with a symlink
// per module. It runs the module named by the file name Ansible gives it (AnsiballZ_<module>_<os>_<arch>)
// or by _ansible_module_name, so the tarball stores the code once instead of once per module.
package main

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/acmedomain"
)

func main() {
	ansible.MainMulti(acmedomain.Module)
}
