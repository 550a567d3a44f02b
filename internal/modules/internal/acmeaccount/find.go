package acmeaccount

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/scm"
)

// AccountLister is the one read Find needs.
type AccountLister interface {
	ListAllAccounts(ctx context.Context, opts *scm.ListACMEAccountsOptions) ([]scm.ACMEAccount, error)
}

// Finder finds accounts by Key.
type Finder struct {
	Accounts AccountLister
	Servers  *Servers
	// Secret registers every EAB HMAC key the listing returns (Env.AddSecret), so that none can leak
	// through a message or a trace, whichever account it belongs to.
	Secret func(string)
}

// AmbiguousError says that several accounts share a name, server and organization.
type AmbiguousError struct {
	Key Key
	IDs []int
}

// Error names the key and every id, so the user can clean up in SCM.
func (e *AmbiguousError) Error() string {
	ids := make([]string, len(e.IDs))
	for i, id := range e.IDs {
		ids[i] = fmt.Sprint(id)
	}
	return fmt.Sprintf("name: %s is ambiguous: SCM has %d such accounts (ids %s); delete the extra ones "+
		"in SCM, or rename them", e.Key, len(e.IDs), strings.Join(ids, ", "))
}

// Find returns the one account key names, nil when there is none, or an *AmbiguousError.
//
// It costs one request, a listing filtered by organization and name. The server is compared without
// another request when every account of that name states its server in the form the user wrote (the
// usual case: both directory URLs). Only a name on one side and a URL on the other needs the server
// listing, which also makes an unknown acme_server fail with the list of valid ones.
func (f *Finder) Find(ctx context.Context, key Key) (*scm.ACMEAccount, error) {
	named, err := f.list(ctx, key, "")
	if err != nil {
		return nil, err
	}
	matches, err := f.onServer(ctx, named, key.Server)
	if err != nil {
		return nil, err
	}
	return One(key, matches)
}

// FindFiltered is Find in one request in every case: it also asks SCM to filter by the server, as the
// user wrote it (SCM documents the acmeServer filter and accepts a name or a URL, §6.2), and takes
// SCM's word for accounts whose server it cannot compare itself (a name against a URL). When SCM
// returns no account of that name on the server, or accounts on different servers, it falls back to
// Find, so a filter SCM does not understand costs requests, never a wrong answer of "absent".
//
// Use it where a miss is harmless (the account must exist already); acme_user, which creates the
// account when it is missing, uses Find.
func (f *Finder) FindFiltered(ctx context.Context, key Key) (*scm.ACMEAccount, error) {
	named, err := f.list(ctx, key, key.Server)
	if err != nil {
		return nil, err
	}
	var matches []scm.ACMEAccount
	for _, a := range named {
		if SameValue(a.ACMEServer, key.Server) || !decidable([]scm.ACMEAccount{a}, key.Server) {
			matches = append(matches, a)
		}
	}
	if len(matches) == 0 || !sameServer(matches) {
		return f.Find(ctx, key)
	}
	return One(key, matches)
}

// sameServer reports whether the accounts all state the same server. When they do not, SCM did not
// apply the server filter as expected, and its word is not taken.
func sameServer(accounts []scm.ACMEAccount) bool {
	for _, a := range accounts[1:] {
		if !SameValue(a.ACMEServer, accounts[0].ACMEServer) {
			return false
		}
	}
	return true
}

// list is Named through f's lister and secret registry.
func (f *Finder) list(ctx context.Context, key Key, server string) ([]scm.ACMEAccount, error) {
	return Named(ctx, f.Accounts, key, server, f.Secret)
}

// Named returns the accounts with exactly key's name and organization, on any server: one paged listing
// that SCM filters by organization and name, and by server when server is not "". Every HMAC key the
// listing carries, whichever account it belongs to, is handed to secret (when not nil) at once.
//
// It is a plain function of a lister, so a module's applier can read SCM again after a lost answer
// without calling back into its observer.
func Named(ctx context.Context, lister AccountLister, key Key, server string, secret func(string)) ([]scm.ACMEAccount, error) {
	opts := &scm.ListACMEAccountsOptions{OrganizationID: key.OrgID, Name: key.Name, ACMEServer: server}
	list, err := lister.ListAllAccounts(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("list ACME accounts of organization %d: %w", key.OrgID, err)
	}
	var named []scm.ACMEAccount
	for _, a := range list {
		if a.MacKey != "" && secret != nil {
			secret(a.MacKey)
		}
		// SCM's name filter may match substrings and the organization filter includes departments:
		// the key is compared exactly here.
		if strings.TrimSpace(a.Name) == key.Name && a.OrganizationID == key.OrgID {
			named = append(named, a)
		}
	}
	return named, nil
}

// OnServer keeps the accounts whose server is srv, without a request.
func OnServer(accounts []scm.ACMEAccount, srv scm.ACMEServer) []scm.ACMEAccount {
	var out []scm.ACMEAccount
	for _, a := range accounts {
		if ServerMatches(srv, a.ACMEServer) {
			out = append(out, a)
		}
	}
	return out
}

// One returns the one account of matches (the accounts key names), nil when there is none, or an
// *AmbiguousError listing their ids.
func One(key Key, matches []scm.ACMEAccount) (*scm.ACMEAccount, error) {
	switch len(matches) {
	case 0:
		return nil, nil
	case 1:
		return &matches[0], nil
	}
	ids := make([]int, len(matches))
	for i, a := range matches {
		ids[i] = a.ID
	}
	slices.Sort(ids)
	return nil, &AmbiguousError{Key: key, IDs: ids}
}

// onServer keeps the accounts on the server value names.
func (f *Finder) onServer(ctx context.Context, accounts []scm.ACMEAccount, value string) ([]scm.ACMEAccount, error) {
	if decidable(accounts, value) {
		var out []scm.ACMEAccount
		for _, a := range accounts {
			if SameValue(a.ACMEServer, value) {
				out = append(out, a)
			}
		}
		return out, nil
	}
	srv, err := f.Servers.Resolve(ctx, value)
	if err != nil {
		return nil, err
	}
	return OnServer(accounts, srv), nil
}

// decidable reports whether every account's server can be compared with value as it is: both are
// URLs, or both are names. A name against a URL needs the server listing to connect the two.
func decidable(accounts []scm.ACMEAccount, value string) bool {
	_, isURL := parseURL(value)
	for _, a := range accounts {
		if _, ok := parseURL(a.ACMEServer); ok != isURL {
			return false
		}
	}
	return true
}

// IsAmbiguous reports whether err is an *AmbiguousError.
func IsAmbiguous(err error) bool {
	var amb *AmbiguousError
	return errors.As(err, &amb)
}
