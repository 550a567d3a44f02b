package scmcert

import (
	"context"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// writer is reader plus the SSL writes; only apply uses them.
type writer interface {
	reader
	Enroll(ctx context.Context, req *scm.EnrollRequest) (*scm.EnrollResponse, error)
	RenewByID(ctx context.Context, sslID int, req *scm.RenewRequest) (int, error)
	Revoke(ctx context.Context, sslID int, req *scm.RevokeRequest) error
}

// runner carries what one module run needs between its steps.
type runner struct {
	ssl      writer
	orgs     *common.Orgs
	w        *want
	env      *ansible.Env
	clk      clock
	parallel int
}

func newRunner(client *scm.Client, w *want, env *ansible.Env, clk clock, parallel int) *runner {
	return &runner{ssl: client.SSL, orgs: common.NewOrgs(client.Organizations), w: w, env: env, clk: clk, parallel: parallel}
}
