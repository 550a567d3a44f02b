package acmeuser

import (
	"context"
	"fmt"

	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observed is what SCM and the disk hold now.
type observed struct {
	Key     acmeaccount.Key
	Server  scm.ACMEServer
	Account *scm.ACMEAccount // nil when there is none
	// Listed are the ids of every account of that name in the organization (on any server) when observe
	// looked: after a create whose answer is lost, only an account not among them can be the new one.
	Listed []int
	File   fileState
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
		accounts: acmeaccount.NewLookup(s.Client.ACME, s.Orgs(), s.Hints, s.Env.AddSecret)}
}

// observe resolves the organization and the server (failing on unknown ones), finds the account, and
// reads its EAB credentials when the task needs them and the listing did not carry them. An eab_file
// for an account whose HMAC key SCM does not return fails here, before anything is written.
func (r *observer) observe(ctx context.Context, w want) (observed, error) {
	var o observed
	var err error
	if o.Key, err = r.accounts.Key(ctx, w.Ref); err != nil {
		return observed{}, err
	}
	if o.Server, err = r.accounts.Servers.Resolve(ctx, o.Key.Server); err != nil {
		return observed{}, err
	}
	if o.Account, o.Listed, err = findAccount(ctx, r.acme, r.secret, o.Key, o.Server); err != nil {
		return observed{}, err
	}
	if o.Account != nil && w.Present && (w.EABFile != "" || w.ReturnEAB) {
		if o.Account, err = withCredentials(ctx, r.acme, r.secret, o.Account); err != nil {
			return observed{}, err
		}
		if w.EABFile != "" && o.Account.MacKey == "" {
			return observed{}, fmt.Errorf("eab_file: the file cannot be written or checked: %s", missingKey(o.Account.ID))
		}
	}
	if w.EABFile != "" {
		if o.File, err = readFileState(w.EABFile); err != nil {
			return observed{}, err
		}
	}
	return o, nil
}
