package acmeuserdomains

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// reader is every SCM read the module makes. observe only sees this interface, so a write while
// observing does not compile.
type reader interface {
	acmeaccount.ServerLister
	acmeaccount.AccountLister
	ListAllAccountDomains(ctx context.Context, id int, opts *scm.ListACMEDomainsOptions) ([]scm.ACMEAccountDomain, error)
}

// writer is reader plus the two domain writes; only apply uses them.
type writer interface {
	reader
	AddDomains(ctx context.Context, id int, names []string) (notAdded []string, err error)
	RemoveDomains(ctx context.Context, id int, names []string) (notRemoved []string, err error)
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

// observed is the account and the names it holds now.
type observed struct {
	AccountID int
	OrgID     int      // 0 when the account was given by account_id
	Domains   []string // normalised, sorted
	// Spelled maps a normalised name to SCM's spelling of it, which a removal sends back.
	Spelled map[string]string
}

// observe finds the account (no request with account_id; otherwise one filtered listing, plus the
// organization listing when the organization is named) and reads its domains (one paged listing).
func (r *runner) observe(ctx context.Context, w want) (observed, error) {
	o := observed{AccountID: w.AccountID}
	if o.AccountID == 0 {
		var err error
		if o.AccountID, o.OrgID, err = r.find(ctx, w.Ref); err != nil {
			return observed{}, err
		}
	}
	names, spelled, err := r.domains(ctx, o.AccountID)
	if err != nil {
		if errors.Is(err, scm.ErrNotFound) && w.AccountID != 0 {
			return observed{}, fmt.Errorf("account_id: there is no ACME account %d visible to this admin: %w", w.AccountID, err)
		}
		return observed{}, err
	}
	o.Domains, o.Spelled = names, spelled
	return o, nil
}

func (r *runner) find(ctx context.Context, ref acmeaccount.Ref) (id, orgID int, err error) {
	if orgID, err = r.orgs.Resolve(ctx, ref.OrgRef()); err != nil {
		return 0, 0, err
	}
	key := ref.Key(orgID)
	a, err := r.finder.FindFiltered(ctx, key)
	if err != nil {
		return 0, 0, err
	}
	if a == nil {
		// Tell a mistyped server from a missing account.
		if _, err := r.servers.Resolve(ctx, key.Server); err != nil {
			return 0, 0, err
		}
		return 0, 0, fmt.Errorf("name: %s does not exist; create it with scmkit.sectigo.acme_user", key)
	}
	return a.ID, orgID, nil
}

// domains reads the names on the account, normalised like the task's, and how SCM spells each.
func (r *runner) domains(ctx context.Context, id int) ([]string, map[string]string, error) {
	list, err := r.acme.ListAllAccountDomains(ctx, id, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("list the domains of ACME account %d: %w", id, err)
	}
	out := make([]string, 0, len(list))
	spelled := make(map[string]string, len(list))
	for _, d := range list {
		n := normalName(d.Name)
		out = append(out, n)
		spelled[n] = d.Name
	}
	slices.Sort(out)
	return slices.Compact(out), spelled, nil
}

// normalName normalises a name SCM returns. SCM may hold names this collection would refuse; those are
// kept as SCM spells them (lower-cased), so that they still compare and can be removed.
func normalName(name string) string {
	if n, err := dnsname.NormalizeWith(name, dnsname.Options{AllowWildcard: true}); err == nil {
		return n
	}
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}
