package acmeuser

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// writer is reader plus the account writes. Only the applier holds one.
type writer interface {
	scm.ACMEReader
	CreateAccount(ctx context.Context, req *scm.CreateACMEAccountRequest) (int, error)
	DeleteAccount(ctx context.Context, id int) error
}

// applier sends the plan's writes and writes the file. It is built only outside check mode.
type applier struct {
	acme writer
	env  *ansible.Env
}

func newApplier(s *common.Session) *applier {
	return &applier{acme: s.Client.ACME, env: s.Env}
}

// done is what apply did.
type done struct {
	Applied     bool             // false in check mode and when nothing needed doing
	Account     *scm.ACMEAccount // the account after the run (nil when deleted or never read)
	Created     bool
	Unread      bool // the new account's credentials could not be read (the error says so)
	Deleted     bool
	FileWritten bool
	FileRemoved bool
}

// apply carries out the plan. It returns what was done even when a later step fails, so the result
// still reports a created account.
func (r *applier) apply(ctx context.Context, w want, o observed, pl Plan) (done, error) {
	d := done{Applied: true, Account: o.Account}
	var err error
	switch {
	case pl.Create:
		d.Account, err = r.create(ctx, o)
		d.Created = d.Account != nil
		if err != nil {
			// A new account comes back with an error only when its credentials could not be read.
			d.Unread = d.Created
			return d, err
		}
	case pl.Delete:
		if err = r.delete(ctx, o.Account.ID); err != nil {
			return d, err
		}
		d.Account, d.Deleted = nil, true
	}
	if pl.WriteFile {
		content := pl.File
		if d.Created {
			if d.Account.MacKey == "" {
				return d, fmt.Errorf("eab_file: not written, for want of the EAB HMAC key of the new ACME account %d "+
					"(the warning says how to get new credentials)", d.Account.ID)
			}
			content = renderEAB(d.Account.ID, o.Server.URL, d.Account.MacID, d.Account.MacKey)
		}
		if err = writeAtomic(w.EABFile, content); err != nil {
			return d, err
		}
		d.FileWritten = true
	}
	if pl.RemoveFile {
		if err = removeFile(w.EABFile); err != nil {
			return d, err
		}
		d.FileRemoved = true
	}
	return d, nil
}

// create sends the create and reads the new account's credentials (the create answer has only its
// id). It returns a nil account only when no account was created, or when which one is unknown. When
// the answer is uncertain (timeout, 5xx, dropped connection) the module looks for the account before
// anything else, as SCM has no unique key for an account and would take a duplicate; so this is not a
// common.LostWrite. The create is sent again only when SCM answered 503 and lists no new account of
// the name (common.SendAgain).
func (r *applier) create(ctx context.Context, o observed) (*scm.ACMEAccount, error) {
	server := o.Server.Name
	if server == "" {
		server = o.Server.URL
	}
	req := &scm.CreateACMEAccountRequest{Name: o.Key.Name, ACMEServer: server, OrganizationID: o.Key.OrgID}
	for attempt := 1; ; attempt++ {
		id, err := r.acme.CreateAccount(ctx, req)
		switch {
		case err == nil:
			return r.credentials(ctx, &scm.ACMEAccount{ID: id, Name: o.Key.Name, OrganizationID: o.Key.OrgID})
		case !errors.Is(err, scm.ErrMayHaveBeenApplied):
			return nil, fmt.Errorf("create %s: %w", o.Key, err)
		}
		account, again, err := r.adopt(ctx, o, err, attempt)
		if !again {
			return account, err
		}
	}
}

// adopt settles a create whose answer was lost by listing the organization's accounts again: the one
// account of that name on the server that observe did not see is the new one. Several mean someone
// else created accounts of that name meanwhile, and which one is this run's cannot be told. None
// after a 503 means SCM did not create it, and again says the create may be sent once more; none
// after an answer lost on the way means it may still be created, and the task fails.
func (r *applier) adopt(ctx context.Context, o observed, cause error, attempt int) (
	account *scm.ACMEAccount, again bool, err error) {
	found, err := newAccounts(ctx, r.acme, r.env.AddSecret, o.Key, o.Server, o.Listed)
	switch {
	case err != nil:
		return nil, false, fmt.Errorf("create %s: %w; looking for the account afterwards failed too (%v); re-running "+
			"the task is safe: it looks for the account before creating one", o.Key, cause, err)
	case len(found) > 1:
		return nil, false, fmt.Errorf("create %s: %w; SCM now lists %d accounts of that name that were not there "+
			"before (ids %s), so which one this run created cannot be told, and none is adopted; delete the extra "+
			"ones in SCM (or rename them), then run the task again", o.Key, cause, len(found), joinIDs(found))
	case len(found) == 1:
		r.env.Tracef("create %s: uncertain answer (%v); adopted the new account %d", o.Key, cause, found[0].ID)
		account, err = r.credentials(ctx, &found[0])
		return account, false, err
	case common.SendAgain(cause, attempt):
		r.env.Tracef("create %s: %v; SCM lists no new account of that name: creating it again", o.Key, cause)
		return nil, true, nil
	case scm.AnsweredUnavailable(cause):
		return nil, false, fmt.Errorf("create %s: %w; SCM answered 503 to all %d attempts and lists no new account "+
			"of that name; re-running the task is safe", o.Key, cause, attempt)
	}
	return nil, false, fmt.Errorf("create %s: %w; SCM lists no new account of that name yet, but the answer was lost "+
		"on the way, so it may still be created; re-run the task: it lists the accounts before creating one, and "+
		"adopts the new one", o.Key, cause)
}

// credentials completes a new account with its EAB credentials. When they cannot be read, the account
// is still returned, so the result reports it.
func (r *applier) credentials(ctx context.Context, a *scm.ACMEAccount) (*scm.ACMEAccount, error) {
	full, err := withCredentials(ctx, r.acme, r.env.AddSecret, a)
	if err != nil {
		return a, fmt.Errorf("ACME account %d was created, but %w; re-run the task with return_eab: true to get "+
			"its EAB credentials", a.ID, err)
	}
	return full, nil
}

// delete removes the account; one already gone is what was asked.
func (r *applier) delete(ctx context.Context, id int) error {
	err := r.acme.DeleteAccount(ctx, id)
	if err != nil && !errors.Is(err, scm.ErrNotFound) {
		return fmt.Errorf("delete ACME account %d: %w", id, err)
	}
	return nil
}

func joinIDs(accounts []scm.ACMEAccount) string {
	ids := make([]string, len(accounts))
	for i, a := range accounts {
		ids[i] = strconv.Itoa(a.ID)
	}
	return strings.Join(ids, ", ")
}
