package scmsim

import (
	"slices"
	"strings"
)

// Domain certificate request privileges (25.5+), also the emulator's model of
// which names an entry covers.
const (
	privDomain    = "DOMAIN"
	privSubdomain = "SUBDOMAIN"
	privWild1     = "WILDCARD_1ST_LEVEL"
	privWild2     = "WILDCARD_2ND_LEVEL"
)

var (
	allPrivileges = []string{privDomain, privSubdomain, privWild1, privWild2}
	allCertTypes  = []string{"SSL", "SMIME", "CodeSign"}
)

// checkDomainName applies SCM's create rules: 4..255 characters (-712/-713),
// at least one dot (-714), LDH labels with an optional leading "*." (-732).
func checkDomainName(name string) error {
	switch {
	case name == "":
		return required("name")
	case len(name) < 4:
		return badRequest(-712, "Domain name '%s' is too short: minimum length is 4", name)
	case len(name) > 255:
		return badRequest(-713, "Domain name is too long: maximum length is 255")
	}
	base := strings.TrimPrefix(name, "*.")
	if !strings.Contains(base, ".") {
		return badRequest(-714, "Domain name '%s' must contain at least one dot", name)
	}
	for _, label := range strings.Split(base, ".") {
		if !validLabel(label) {
			return badRequest(-732, "Invalid domain name '%s'", name)
		}
	}
	return nil
}

func validLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// normName lower-cases and trims a name (and a trailing dot).
func normName(n string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(n)), ".")
}

// baseOf strips a leading "*.".
func baseOf(n string) string { return strings.TrimPrefix(n, "*.") }

// underOrAt reports whether name is base itself or below it.
func underOrAt(name, base string) bool {
	return name == base || strings.HasSuffix(name, "."+base)
}

// effectivePrivileges are the delegation's privileges, or when none were
// given, what the entry's name implies: "x" covers x only, "*.x" covers x,
// its subdomains and wildcards below it.
func effectivePrivileges(entry string, privs []string) []string {
	if len(privs) > 0 {
		return privs
	}
	if strings.HasPrefix(entry, "*.") {
		return allPrivileges
	}
	return []string{privDomain}
}

// privilegeFor classifies name against an entry's base: the privilege needed
// to request a certificate for it, or "" when the name is not under it.
func privilegeFor(name, base string) string {
	switch {
	case name == base:
		return privDomain
	case name == "*."+base:
		return privWild1
	case strings.HasPrefix(name, "*.") && strings.HasSuffix(name, "."+base):
		return privWild2
	case strings.HasSuffix(name, "."+base):
		return privSubdomain
	}
	return ""
}

// entryCovers reports whether the domain entry, through a delegation with the
// given privileges, allows a certificate for name.
func entryCovers(entry string, privs []string, name string) bool {
	need := privilegeFor(name, baseOf(entry))
	return need != "" && slices.Contains(effectivePrivileges(entry, privs), need)
}

// dcvTarget returns the high-level domain that DCV must be done on for name:
// among SCM's domain entries whose base is name's base or a parent of it, the
// one with the fewest labels ("*.x" counts as x). ok is false when no entry
// is at or above name. Caller holds s.mu.
func (s *Server) dcvTarget(name string) (string, bool) {
	b := baseOf(name)
	best := ""
	for _, d := range s.w.Domains {
		eb := baseOf(d.Name)
		if !underOrAt(b, eb) {
			continue
		}
		if best == "" || strings.Count(eb, ".") < strings.Count(best, ".") {
			best = eb
		}
	}
	return best, best != ""
}
