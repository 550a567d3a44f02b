package acmeuser

import (
	"context"

	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observed is what SCM and the disk hold now.
type observed struct {
	Key     acmeaccount.Key
	Server  scm.ACMEServer
	Account *scm.ACMEAccount // nil when there is none
	File    fileState
}

// observer reads what SCM holds. It is built in run and holds readers only.
type observer struct {
	acme     scm.ACMEReader
	accounts *acmeaccount.Lookup
	// secret registers every EAB HMAC key read (Env.AddSecret), so none can leak through a message.
	secret func(string)
}

func newObserver(s *common.Session) *observer {
	return &observer{acme: s.Client.ACME, secret: s.Env.AddSecret,
		accounts: acmeaccount.NewLookup(s.Client.ACME, common.NewOrgs(s.Client.Organizations), s.Env.AddSecret)}
}

// observe resolves the organization and the server (failing on unknown ones), finds the account, and
// reads its EAB credentials when the task needs them and the listing did not carry them.
func (r *observer) observe(ctx context.Context, w want) (observed, error) {
	var o observed
	var err error
	if o.Key, err = r.accounts.Key(ctx, w.Ref); err != nil {
		return observed{}, err
	}
	if o.Server, err = r.accounts.Servers.Resolve(ctx, o.Key.Server); err != nil {
		return observed{}, err
	}
	if o.Account, err = r.accounts.Finder.Find(ctx, o.Key); err != nil {
		return observed{}, err
	}
	if o.Account != nil && w.Present && (w.EABFile != "" || w.ReturnEAB) && o.Account.MacKey == "" {
		if o.Account, err = readAccount(ctx, r.acme, r.secret, o.Account.ID); err != nil {
			return observed{}, err
		}
	}
	if w.EABFile != "" {
		if o.File, err = readFileState(w.EABFile); err != nil {
			return observed{}, err
		}
	}
	return o, nil
}
