package acmeuserinfo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observer reads what SCM holds. It holds readers only, and the environment: every EAB HMAC key read
// is registered there as a secret before it is dropped.
type observer struct {
	acme     scm.ACMEReader
	domains  scm.DomainReader
	dcv      common.DCVLister
	servers  *acmeaccount.Servers
	orgs     *common.Orgs
	env      *ansible.Env
	parallel int
}

func newObserver(s *common.Session) *observer {
	c := s.Client
	return &observer{acme: c.ACME, domains: c.Domains, dcv: c.DCV, servers: acmeaccount.NewServers(c.ACME).WithHints(s.Hints),
		orgs: s.Orgs(), env: s.Env, parallel: s.Parallel}
}

// observe lists the accounts the filter selects, then what they map (and, with coverage, SCM's own
// domains and their DCV).
func (r *observer) observe(ctx context.Context, f filter) (*snapshot, error) {
	accts, err := r.accounts(ctx, f)
	if err != nil {
		return nil, err
	}
	return r.mapped(ctx, accts, f.coverage)
}

// account is an ACME account without its EAB HMAC key, with its server as the server list names it.
type account struct {
	scm.ACMEAccount
	ServerURL, ServerName string
}

// accounts lists the accounts: one paged listing per organization (SCM requires one, and an
// organization's listing includes its departments), the named organization or department only when
// the task gives one. Name and status are filtered by SCM too, but compared exactly here.
func (r *observer) accounts(ctx context.Context, f filter) ([]account, error) {
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
	if err := common.JoinReads(errs); err != nil {
		return nil, err
	}
	return r.keep(ctx, slices.Concat(lists...), f, server), nil
}

// orgIDs are the organizations whose accounts are listed: the named organization or department alone
// (an organization's listing includes its departments), else every top-level organization.
func (r *observer) orgIDs(ctx context.Context, f filter) ([]int, error) {
	ids, err := common.SelectOrgs(ctx, r.orgs, f.org)
	switch {
	case err != nil:
		return nil, err
	case ids == nil:
		return r.orgs.TopLevelIDs(ctx)
	}
	return ids[:1], nil
}

// keep applies the filters exactly, drops duplicates, sorts by id and names each account's server.
func (r *observer) keep(ctx context.Context, all []scm.ACMEAccount, f filter, server *scm.ACMEServer) []account {
	var out []account
	for _, a := range all {
		switch {
		case f.name != "" && strings.TrimSpace(a.Name) != f.name,
			f.status != "" && a.Status != f.status,
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
	dcv      common.DCVIndex
}

// mapped reads each account's domains (one paged listing per account: no listing spans accounts) and,
// for coverage, SCM's domain and DCV listings, all in parallel.
func (r *observer) mapped(ctx context.Context, accts []account, coverage bool) (*snapshot, error) {
	s := &snapshot{accounts: accts, domains: make([][]scm.ACMEAccountDomain, len(accts)), coverage: coverage}
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
		}, func(ctx context.Context) (err error) { s.dcv, err = common.ListDCV(ctx, r.dcv); return err })
	}
	if err := common.Concurrently(ctx, r.parallel, jobs...); err != nil {
		return nil, err
	}
	return s, nil
}
