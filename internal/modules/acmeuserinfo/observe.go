package acmeuserinfo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// acmeReader holds the only ACME calls the module makes. All of them list, so a write cannot compile
// here.
type acmeReader interface {
	ListAllAccounts(ctx context.Context, opts *scm.ListACMEAccountsOptions) ([]scm.ACMEAccount, error)
	ListAllAccountDomains(ctx context.Context, id int, opts *scm.ListACMEDomainsOptions) ([]scm.ACMEAccountDomain, error)
	ListAllServers(ctx context.Context, opts *scm.ListACMEServersOptions) ([]scm.ACMEServer, error)
}

// domainLister and dcvLister are the two listings coverage=true adds.
type domainLister interface {
	ListAll(ctx context.Context, opts *scm.ListDomainsOptions) ([]scm.DomainSummary, error)
}

type dcvLister interface {
	ListAll(ctx context.Context, opts *scm.ListDCVOptions) ([]scm.DCVValidation, error)
}

// reader carries what one run needs between its reads.
type reader struct {
	acme     acmeReader
	domains  domainLister
	dcv      dcvLister
	servers  *acmeaccount.Servers
	orgs     *common.Orgs
	env      *ansible.Env
	parallel int
}

func newReader(client *scm.Client, p Params, env *ansible.Env) *reader {
	return &reader{acme: client.ACME, domains: client.Domains, dcv: client.DCV,
		servers: acmeaccount.NewServers(client.ACME), orgs: common.NewOrgs(client.Organizations),
		env: env, parallel: p.MaxParallel}
}

// account is an ACME account without its EAB HMAC key, with its server as the server list names it.
type account struct {
	scm.ACMEAccount
	ServerURL, ServerName string
}

// accounts lists the accounts: one paged listing per organization (SCM requires one, and an
// organization's listing includes its departments), the named organization or department only when
// the task gives one. Name and status are filtered by SCM too, but compared exactly here.
func (r *reader) accounts(ctx context.Context, f *filter) ([]account, error) {
	ids, err := r.orgIDs(ctx, f)
	if err != nil {
		return nil, err
	}
	var server *scm.ACMEServer
	if f.server != "" {
		srv, err := r.servers.Resolve(ctx, f.server)
		if err != nil {
			return nil, err
		}
		server = &srv
	}
	lists := make([][]scm.ACMEAccount, len(ids))
	errs := common.ForEach(ctx, len(ids), r.parallel, func(ctx context.Context, i int) error {
		opts := &scm.ListACMEAccountsOptions{OrganizationID: ids[i], Name: f.name, Status: f.status}
		list, err := r.acme.ListAllAccounts(ctx, opts)
		for j := range list {
			// The listing carries every account's EAB HMAC key: mask it everywhere, then forget it.
			if list[j].MacKey != "" {
				r.env.AddSecret(list[j].MacKey)
			}
			list[j].MacKey = ""
		}
		if err != nil {
			return fmt.Errorf("list ACME accounts of organization %d: %w", ids[i], err)
		}
		lists[i] = list
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return r.keep(ctx, slices.Concat(lists...), f, server), nil
}

// orgIDs are the organizations whose accounts are listed.
func (r *reader) orgIDs(ctx context.Context, f *filter) ([]int, error) {
	if _, err := r.orgs.AllIDs(ctx); err != nil {
		return nil, err
	}
	if f.orgGiven() {
		id, err := r.orgs.Resolve(ctx, f.org)
		if err != nil {
			return nil, err
		}
		return []int{id}, nil
	}
	return r.orgs.TopLevelIDs(ctx)
}

// keep applies the filters exactly, drops duplicates, sorts by id and names each account's server.
func (r *reader) keep(ctx context.Context, all []scm.ACMEAccount, f *filter, server *scm.ACMEServer) []account {
	var out []account
	for _, a := range all {
		switch {
		case f.name != "" && strings.TrimSpace(a.Name) != f.name,
			f.status != "" && !scm.EnumEqual(a.Status, f.status),
			server != nil && !acmeaccount.ServerMatches(*server, a.ACMEServer),
			slices.ContainsFunc(out, func(b account) bool { return b.ID == a.ID }):
			continue
		}
		acct := account{ACMEAccount: a, ServerURL: a.ACMEServer}
		if srv, err := r.servers.Resolve(ctx, a.ACMEServer); err == nil {
			acct.ServerURL, acct.ServerName = srv.URL, srv.Name
		} else {
			r.env.Tracef("ACME account %d: server %q not in the server list: %v", a.ID, a.ACMEServer, err)
		}
		out = append(out, acct)
	}
	slices.SortFunc(out, func(a, b account) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// snapshot is everything the result is made of.
type snapshot struct {
	accounts []account
	domains  [][]scm.ACMEAccountDomain // parallel to accounts
	coverage bool
	scm      []scm.DomainSummary
	dcv      map[string]scm.DCVValidation
}

// mapped reads each account's domains (one paged listing per account: no listing spans accounts) and,
// for coverage, SCM's domain and DCV listings, all in parallel.
func (r *reader) mapped(ctx context.Context, accts []account, coverage bool) (*snapshot, error) {
	s := &snapshot{accounts: accts, domains: make([][]scm.ACMEAccountDomain, len(accts)), coverage: coverage}
	var dcv []scm.DCVValidation
	jobs := make([]func(context.Context) error, 0, len(accts)+2)
	for i, a := range accts {
		jobs = append(jobs, func(ctx context.Context) (err error) {
			if s.domains[i], err = r.acme.ListAllAccountDomains(ctx, a.ID, nil); err != nil {
				return fmt.Errorf("list the domains of ACME account %d: %w", a.ID, err)
			}
			return nil
		})
	}
	if coverage {
		jobs = append(jobs, func(ctx context.Context) (err error) {
			if s.scm, err = r.domains.ListAll(ctx, &scm.ListDomainsOptions{}); err != nil {
				return fmt.Errorf("list domains: %w", err)
			}
			return nil
		}, func(ctx context.Context) (err error) {
			if dcv, err = r.dcv.ListAll(ctx, &scm.ListDCVOptions{}); err != nil {
				return fmt.Errorf("list DCV statuses: %w", err)
			}
			return nil
		})
	}
	errs := common.ForEach(ctx, len(jobs), r.parallel, func(ctx context.Context, i int) error { return jobs[i](ctx) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	s.dcv = make(map[string]scm.DCVValidation, len(dcv))
	for _, v := range dcv {
		s.dcv[normalName(v.Domain)] = v
	}
	return s, nil
}

func normalName(n string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(n), "."))
}
