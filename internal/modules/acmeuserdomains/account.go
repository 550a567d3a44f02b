package acmeuserdomains

import (
	"context"
	"fmt"
	"slices"

	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/scm"
)

// readDomains reads the names on the account, normalised like the task's, and how SCM spells each.
// Observe reads them first; apply reads them again when an answer left a question open. It takes a
// reader, so it can never write.
func readDomains(ctx context.Context, rd scm.ACMEReader, id int) ([]string, map[string]string, error) {
	list, err := rd.ListAllAccountDomains(ctx, id, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("list the domains of ACME account %d: %w", id, err)
	}
	out := make([]string, 0, len(list))
	spelled := make(map[string]string, len(list))
	for _, d := range list {
		n := dnsname.Lenient(d.Name)
		out = append(out, n)
		spelled[n] = d.Name
	}
	slices.Sort(out)
	return slices.Compact(out), spelled, nil
}
