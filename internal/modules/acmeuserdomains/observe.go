package acmeuserdomains

import (
	"context"
	"errors"
	"fmt"

	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observed is the account and the names it holds now.
type observed struct {
	AccountID int
	OrgID     int      // 0 when the account was given by account_id
	Domains   []string // normalised, sorted
	// Spelled maps a normalised name to SCM's spelling of it, which a removal sends back.
	Spelled map[string]string
}

// observer reads what SCM holds. It is built in run and holds readers only.
type observer struct {
	acme     scm.ACMEReader
	accounts *acmeaccount.Lookup
}

func newObserver(s *common.Session) *observer {
	return &observer{acme: s.Client.ACME,
		accounts: acmeaccount.NewLookup(s.Client.ACME, s.Orgs(), s.Hints, s.Env.AddSecret)}
}

// observe finds the account (no request with account_id; otherwise one filtered listing, plus the
// organization listing when the organization is named) and reads its domains (one paged listing).
func (r *observer) observe(ctx context.Context, w want) (observed, error) {
	o := observed{AccountID: w.AccountID}
	if o.AccountID == 0 {
		var err error
		if o.AccountID, o.OrgID, err = r.find(ctx, w.Ref); err != nil {
			return observed{}, err
		}
	}
	names, spelled, err := readDomains(ctx, r.acme, o.AccountID)
	if err != nil {
		if errors.Is(err, scm.ErrNotFound) && w.AccountID != 0 {
			return observed{}, fmt.Errorf("account_id: there is no ACME account %d visible to this admin: %w", w.AccountID, err)
		}
		return observed{}, err
	}
	o.Domains, o.Spelled = names, spelled
	return o, nil
}

// find returns the id of the account ref names, which must exist, and its organization's id.
func (r *observer) find(ctx context.Context, ref acmeaccount.Ref) (id, orgID int, err error) {
	key, err := r.accounts.Key(ctx, ref)
	if err != nil {
		return 0, 0, err
	}
	a, err := r.accounts.Finder.FindFiltered(ctx, key)
	if err != nil {
		return 0, 0, err
	}
	if a == nil {
		// Tell a mistyped server from a missing account.
		if _, err := r.accounts.Servers.Resolve(ctx, key.Server); err != nil {
			return 0, 0, err
		}
		return 0, 0, fmt.Errorf("name: %s does not exist; create it with scmkit.sectigo.acme_user", key)
	}
	return a.ID, key.OrgID, nil
}
