package acmeuser

import (
	"context"
	"fmt"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// reader is every SCM read the module makes about accounts. observe only sees this interface (and
// the organization resolver), so a write while observing does not compile.
type reader interface {
	acmeaccount.ServerLister
	acmeaccount.AccountLister
	GetAccount(ctx context.Context, id int) (*scm.ACMEAccount, error)
}

// writer is reader plus the account writes; only apply uses them.
type writer interface {
	reader
	CreateAccount(ctx context.Context, req *scm.CreateACMEAccountRequest) (int, error)
	DeleteAccount(ctx context.Context, id int) error
}

// runner carries what one module run needs between its steps.
type runner struct {
	acme    writer
	orgs    *common.Orgs
	servers *acmeaccount.Servers
	finder  *acmeaccount.Finder
	env     *ansible.Env
}

func newRunner(acme writer, orgs *common.Orgs, env *ansible.Env) *runner {
	servers := acmeaccount.NewServers(acme)
	return &runner{acme: acme, orgs: orgs, servers: servers, env: env,
		finder: &acmeaccount.Finder{Accounts: acme, Servers: servers, Secret: env.AddSecret}}
}

// observed is what SCM and the disk hold now.
type observed struct {
	Key     acmeaccount.Key
	Server  scm.ACMEServer
	Account *scm.ACMEAccount // nil when there is none
	File    fileState
}

// observe resolves the organization and the server (failing on unknown ones), finds the account, and
// reads its EAB credentials when the task needs them and the listing did not carry them.
func (r *runner) observe(ctx context.Context, w want) (observed, error) {
	orgID, err := r.orgs.Resolve(ctx, w.Ref.OrgRef())
	if err != nil {
		return observed{}, err
	}
	o := observed{Key: w.Ref.Key(orgID)}
	if o.Server, err = r.servers.Resolve(ctx, o.Key.Server); err != nil {
		return observed{}, err
	}
	if o.Account, err = r.finder.Find(ctx, o.Key); err != nil {
		return observed{}, err
	}
	if o.Account != nil && w.Present && (w.EABFile != "" || w.ReturnEAB) && o.Account.MacKey == "" {
		if o.Account, err = r.read(ctx, o.Account.ID); err != nil {
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

// read gets one account with its EAB credentials and registers the HMAC key as a secret at once.
func (r *runner) read(ctx context.Context, id int) (*scm.ACMEAccount, error) {
	a, err := r.acme.GetAccount(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read ACME account %d: %w", id, err)
	}
	if a.MacKey != "" {
		r.env.AddSecret(a.MacKey)
	}
	return a, nil
}
