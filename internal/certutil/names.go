package certutil

import (
	"slices"
	"strings"
)

// namesOf returns the common name and the DNS SANs as one set: lower-cased,
// without an empty common name, sorted and de-duplicated. Certificates and
// CSRs often repeat the common name among the SANs, and SCM reports names in
// whatever case they were requested in, so only this form compares reliably.
// Deeper validation (IDN, wildcards) belongs to internal/dnsname; certutil
// stays standard-library only.
func namesOf(commonName string, dnsNames []string) []string {
	out := make([]string, 0, len(dnsNames)+1)
	if commonName != "" {
		out = append(out, strings.ToLower(commonName))
	}
	for _, n := range dnsNames {
		out = append(out, strings.ToLower(n))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
