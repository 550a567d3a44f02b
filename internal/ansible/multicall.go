package ansible

import (
	"fmt"
	"slices"
	"strings"
)

// nameFromPath derives a module name from the executable's argv[0]: it strips any directory, a trailing
// ".exe", the "AnsiballZ_" prefix Ansible gives the copy it runs, and a trailing "_<goos>_<goarch>" left
// by per-platform builds: "/tmp/x/AnsiballZ_acme_domain_linux_amd64" gives "acme_domain".
func nameFromPath(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	if strings.HasSuffix(strings.ToLower(p), ".exe") {
		p = p[:len(p)-len(".exe")]
	}
	return stripPlatform(strings.TrimPrefix(p, "AnsiballZ_"))
}

// nameFromFQCN derives a module name from _ansible_module_name: the last dot-separated component, with
// the same prefix and suffix stripping: "scmkit.sectigo.acme_domain" gives "acme_domain". Neither
// function knows which modules exist; selectRunner tries both.
func nameFromFQCN(fqcn string) string {
	if i := strings.LastIndexByte(fqcn, '.'); i >= 0 {
		fqcn = fqcn[i+1:]
	}
	return stripPlatform(strings.TrimPrefix(fqcn, "AnsiballZ_"))
}

// Known GOOS and GOARCH values, for recognising a platform suffix.
var (
	knownGOOS = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js",
		"linux", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows"}
	knownGOARCH = []string{"386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le",
		"mipsle", "ppc64", "ppc64le", "riscv64", "s390x", "wasm"}
)

// stripPlatform removes a trailing "_<goos>_<goarch>".
func stripPlatform(name string) string {
	parts := strings.Split(name, "_")
	n := len(parts)
	if n >= 3 && slices.Contains(knownGOOS, parts[n-2]) && slices.Contains(knownGOARCH, parts[n-1]) {
		return strings.Join(parts[:n-2], "_")
	}
	return name
}

// selectRunner finds the runner for this invocation: by argv[0] first (the
// file Ansible chose, or the symlink it followed), then by the name Ansible
// resolved, which still works when the executable was renamed.
func selectRunner(runners []Runner, argv0, ansibleModuleName string) (Runner, error) {
	candidates := []string{nameFromPath(argv0), nameFromFQCN(ansibleModuleName)}
	for _, name := range candidates {
		for _, r := range runners {
			if name != "" && r.ModuleName() == name {
				return r, nil
			}
		}
	}
	return nil, fmt.Errorf("this executable has no module named %q (from argv[0] %q) or %q (from _ansible_module_name %q); "+
		"known modules: %s", candidates[0], argv0, candidates[1], ansibleModuleName, strings.Join(runnerNames(runners), ", "))
}

// publicName is the name users know a module by. A collection's action plugin may run a per-platform
// build such as ns.coll.__bin__.mod_linux_amd64; messages should say ns.coll.mod, as Ansible would.
func publicName(fqcn string) string {
	prefix, _, found := strings.Cut(fqcn, ".__bin__.")
	if !found {
		return fqcn
	}
	return prefix + "." + nameFromFQCN(fqcn)
}
