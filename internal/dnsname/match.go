package dnsname

import "strings"

// The functions in this file compare names that are already canonical (as
// returned by Normalize). They do no validation and no case folding, so they
// are cheap and never fail; normalise first.

// IsWildcard reports whether name starts with a wildcard label ("*.").
func IsWildcard(name string) bool {
	return strings.HasPrefix(name, "*.")
}

// Base returns name without its wildcard label: "*.a.b" gives "a.b". Any
// other name is returned unchanged.
func Base(name string) string {
	if IsWildcard(name) {
		return name[2:]
	}
	return name
}

// Covers reports whether pattern covers name: either they are equal, or
// pattern is "*.zone" and name lies anywhere below zone, at any depth
// ("*.example.org" covers "www.example.org", "a.b.example.org" and
// "*.b.example.org", but not "example.org").
//
// Any depth is a deliberate choice. It follows how SCM treats a wildcard in
// ACME account domains and domain delegations ("*.zone" grants names below
// zone), which is what modules compare against. It is not the TLS rule of
// RFC 6125 §6.4.3, where a certificate's "*.zone" matches exactly one extra
// label; do not use Covers to decide whether a certificate serves a host.
func Covers(pattern, name string) bool {
	if pattern == name {
		return true
	}
	return IsWildcard(pattern) && below(name, Base(pattern))
}

// InZone reports whether name is zone itself or lies below it. zone is a plain
// (non-wildcard) name; a wildcard name is in the zones that contain its base.
func InZone(name, zone string) bool {
	return name == zone || below(name, zone)
}

// ParentOf returns the most specific zone among zones that contains name (see
// InZone), and false when none does. Wildcard entries in zones are skipped:
// they describe what is granted, not which registered domain a name belongs
// to. It is meant for questions such as "which SCM domain must be validated
// for www.a.example.org?".
func ParentOf(name string, zones []string) (string, bool) {
	best, found := "", false
	for _, z := range zones {
		if IsWildcard(z) || !InZone(name, z) {
			continue
		}
		if !found || len(z) > len(best) {
			best, found = z, true
		}
	}
	return best, found
}

// below reports whether name is strictly below zone.
func below(name, zone string) bool {
	return len(name) > len(zone)+1 && strings.HasSuffix(name, "."+zone)
}
