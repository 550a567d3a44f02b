package acmeuser

import (
	"context"
	"errors"
	"fmt"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
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
	// finder looks for the account after a create whose answer was lost; it only reads.
	finder *acmeaccount.Finder
	env    *ansible.Env
}

func newApplier(s *common.Session, finder *acmeaccount.Finder) *applier {
	return &applier{acme: s.Client.ACME, finder: finder, env: s.Env}
}

// done is what apply did.
type done struct {
	Applied     bool             // false in check mode and when nothing needed doing
	Account     *scm.ACMEAccount // the account after the run (nil when deleted or never read)
	Created     bool
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

// create sends the create once and reads the new account's credentials (the create answer has only
// its id). It returns a nil account only when no account was created. When the answer is lost
// (timeout, 5xx, dropped connection) the module looks for the account instead of sending the create
// again, which could make a duplicate SCM would not refuse: SCM has no unique key for an account, so
// this is not a common.LostWrite, which sends again what it does not find.
func (r *applier) create(ctx context.Context, o observed) (*scm.ACMEAccount, error) {
	server := o.Server.Name
	if server == "" {
		server = o.Server.URL
	}
	req := &scm.CreateACMEAccountRequest{Name: o.Key.Name, ACMEServer: server, OrganizationID: o.Key.OrgID}
	id, err := r.acme.CreateAccount(ctx, req)
	if errors.Is(err, scm.ErrMayHaveBeenApplied) {
		id, err = r.adopt(ctx, o, err)
	}
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", o.Key, err)
	}
	a, err := readAccount(ctx, r.acme, r.env.AddSecret, id)
	if err != nil {
		return &scm.ACMEAccount{ID: id, Name: o.Key.Name, OrganizationID: o.Key.OrgID},
			fmt.Errorf("ACME account %d was created, but %w; re-run the task with return_eab: true to get its EAB credentials", id, err)
	}
	return a, nil
}

// adopt looks for the account after an uncertain create.
func (r *applier) adopt(ctx context.Context, o observed, cause error) (int, error) {
	a, err := r.finder.Find(ctx, o.Key)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%w; looking for the account afterwards failed too (%v); re-running the task is safe", cause, err)
	case a == nil:
		return 0, fmt.Errorf("%w; the account was not found afterwards, so it was not created; re-running the task is safe", cause)
	}
	r.env.Tracef("create %s: uncertain answer (%v); adopted account %d", o.Key, cause, a.ID)
	return a.ID, nil
}

// delete removes the account; one already gone is what was asked.
func (r *applier) delete(ctx context.Context, id int) error {
	err := r.acme.DeleteAccount(ctx, id)
	if err != nil && !errors.Is(err, scm.ErrNotFound) {
		return fmt.Errorf("delete ACME account %d: %w", id, err)
	}
	return nil
}
