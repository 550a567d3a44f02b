package acmeuserdomains

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
)

// want is the desired mapping, checked before any request.
type want struct {
	AccountID int // 0 when the account is named by Ref
	Ref       acmeaccount.Ref
	Names     []string // normalised, sorted, unique
	Present   bool
	Exclusive bool
}

func desire(p Params) (want, error) {
	w := want{Ref: p.Ref, Present: p.State != "absent", Exclusive: p.Exclusive}
	if err := checkAccount(p); err != nil {
		return want{}, err
	}
	if p.AccountID != nil {
		w.AccountID = *p.AccountID
	}
	if w.Exclusive && !w.Present {
		return want{}, errors.New("exclusive: only applies with state=present (state=absent removes the listed domains)")
	}
	names, err := normalize(p.Domains)
	if err != nil {
		return want{}, err
	}
	w.Names = names
	return w, nil
}

func checkAccount(p Params) error {
	if p.AccountID == nil {
		return p.Ref.Check()
	}
	if *p.AccountID <= 0 {
		return fmt.Errorf("account_id: %d is not an account id", *p.AccountID)
	}
	return nil
}

// normalize checks every name and returns the set (case, trailing dot and IDN normalised; duplicates
// dropped), naming each bad entry by its index.
func normalize(domains []string) ([]string, error) {
	var bad []string
	out := make([]string, 0, len(domains))
	for i, d := range domains {
		n, err := dnsname.NormalizeWith(d, dnsname.Options{AllowWildcard: true})
		if err != nil {
			bad = append(bad, fmt.Sprintf("domains[%d]: %v", i, err))
			continue
		}
		out = append(out, n)
	}
	if len(bad) > 0 {
		// Every bad entry at once, on one line, so the user can fix them in one go.
		return nil, errors.New(strings.Join(bad, "; "))
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
