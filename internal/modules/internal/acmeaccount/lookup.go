package acmeaccount

import (
	"context"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Reader is the ACME reads a Lookup makes: the server listing and the account listing.
type Reader interface {
	ServerLister
	AccountLister
}

// Lookup turns what a task names (organization, ACME server, account) into SCM's objects, with reads
// only. acme_user and acme_user_domains each build one per run for their observer, so the server
// listing and the organization listing are made at most once per run, whoever asks first.
type Lookup struct {
	Orgs    *common.Orgs
	Servers *Servers
	Finder  *Finder
}

// NewLookup reads through acme and orgs, with the server listing remembered in hints (nil: none);
// secret registers every EAB HMAC key a listing returns (Env.AddSecret).
func NewLookup(acme Reader, orgs *common.Orgs, hints *common.Hints, secret func(string)) *Lookup {
	servers := NewServers(acme).WithHints(hints)
	return &Lookup{Orgs: orgs, Servers: servers, Finder: &Finder{Accounts: acme, Servers: servers, Secret: secret}}
}

// FromHints tells whether the organization tree or the server listing came from the controller's
// hints: a plan that writes must then be made again from listings read live.
func (l *Lookup) FromHints() bool { return l.Orgs.FromHints() || l.Servers.listing.FromHints() }

// Live reads from SCM, now, the listings that came from the hints.
func (l *Lookup) Live(ctx context.Context) error {
	if l.Orgs.FromHints() {
		if err := l.Orgs.Live(ctx); err != nil {
			return err
		}
	}
	if l.Servers.listing.FromHints() {
		return l.Servers.listing.Live(ctx)
	}
	return nil
}

// Key resolves ref's organization (a listing only when it is given by name) into the key of the account
// ref names.
func (l *Lookup) Key(ctx context.Context, ref Ref) (Key, error) {
	orgID, err := l.Orgs.Resolve(ctx, ref.OrgRef())
	if err != nil {
		return Key{}, err
	}
	return ref.Key(orgID), nil
}
