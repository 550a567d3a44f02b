package acmeuser

import (
	"context"
	"fmt"
	"slices"

	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/scm"
)

// The reads of an account, shared by observe and by apply (confirming a create whose answer was lost).
// They are plain functions of a reader, so they can never write, and apply never calls back into
// observe.

// findAccount returns the one account key names on srv (nil when there is none), and the ids of every
// account of that name in the organization, on any server: the accounts that were there before, which a
// create whose answer is lost must not adopt. It costs one listing; srv is resolved already.
func findAccount(ctx context.Context, rd scm.ACMEReader, secret func(string), key acmeaccount.Key, srv scm.ACMEServer) (*scm.ACMEAccount, []int, error) {
	named, err := acmeaccount.Named(ctx, rd, key, "", secret)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int, len(named))
	for i, a := range named {
		ids[i] = a.ID
	}
	a, err := acmeaccount.One(key, acmeaccount.OnServer(named, srv))
	return a, ids, err
}

// newAccounts lists the organization's accounts again and returns those with key's name on srv that are
// not among seen (the ids findAccount returned before the create), by id. SCM does not keep
// account names unique, so an account that was there before is never taken for the one a lost create
// made.
func newAccounts(ctx context.Context, rd scm.ACMEReader, secret func(string), key acmeaccount.Key, srv scm.ACMEServer, seen []int) ([]scm.ACMEAccount, error) {
	named, err := acmeaccount.Named(ctx, rd, key, "", secret)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(acmeaccount.OnServer(named, srv), func(a scm.ACMEAccount) bool {
		return slices.Contains(seen, a.ID)
	})
	slices.SortFunc(out, func(a, b scm.ACMEAccount) int { return a.ID - b.ID })
	return out, nil
}

// readAccount gets one account with its EAB credentials and registers the HMAC key as a secret at
// once. Observe uses it when the listing did not carry the credentials, apply after a create (whose
// answer has only the id).
func readAccount(ctx context.Context, rd scm.ACMEReader, secret func(string), id int) (*scm.ACMEAccount, error) {
	a, err := rd.GetAccount(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read ACME account %d: %w", id, err)
	}
	if a.MacKey != "" {
		secret(a.MacKey)
	}
	return a, nil
}

// withCredentials returns a with its EAB credentials: a itself when the listing carried them, otherwise
// the account read by id. The account it returns may still lack the HMAC key when SCM does not return
// it; missingKey says what to do then.
func withCredentials(ctx context.Context, rd scm.ACMEReader, secret func(string), a *scm.ACMEAccount) (*scm.ACMEAccount, error) {
	if a.MacKey != "" {
		return a, nil
	}
	return readAccount(ctx, rd, secret, a.ID)
}

// missingKey says that SCM did not return an account's EAB HMAC key, and how to get new credentials:
// SCM makes them with the account and has no request that makes new ones for it.
func missingKey(id int) string {
	return fmt.Sprintf("SCM did not return the EAB HMAC key of ACME account %d; if SCM's web interface does not "+
		"show it either, get new EAB credentials by deleting the account (this task with state: absent, or in "+
		"SCM) and running the task again: the new account it creates comes with new credentials", id)
}
