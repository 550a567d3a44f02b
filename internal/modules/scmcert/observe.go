package scmcert

import (
	"context"
	"fmt"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observed is what SCM and the disk hold for the task.
type observed struct {
	Ident   identity
	Profile scm.Profile
	Files   []fileState
	// Orders are the orders of the identity, newest first (for state=revoked with ssl_id: that one).
	Orders []*scm.Certificate
	// MaxID is the highest order id seen: after an uncertain enroll, an order above it is new.
	MaxID  int
	Anchor *scm.Certificate // the ssl_id's order
	// Current is the newest live (issued, expired or pending) order, or a newer one of this task (it
	// carries the marker) in a state that is neither; Issued its certificate when SCM hands it out.
	Current *scm.Certificate
	Issued  *issuedCert
}

// observer reads what SCM and the disk hold. It is built in run and holds readers only: observe and
// replan cannot write, because nothing they can reach has a write method.
type observer struct {
	ssl      scm.SSLReader
	orgs     *common.Orgs
	env      *ansible.Env // for the CAA check's warning (caa_check=warn)
	parallel int
}

func newObserver(s *common.Session) *observer {
	return &observer{ssl: s.Client.SSL, orgs: common.NewOrgs(s.Client.Organizations), env: s.Env, parallel: s.Parallel}
}

// observe reads, in this order: the files (a bad file fails before any request), the ssl_id's order,
// the organization and profile, the orders of the identity, and the current certificate.
func (r *observer) observe(ctx context.Context, w *want) (*observed, error) {
	files, err := readFileStates(w.Files)
	if err != nil {
		return nil, err
	}
	o := &observed{Files: files}
	if w.SSLID != 0 {
		if o.Anchor, err = getOrder(ctx, r.ssl, w.SSLID); err != nil {
			return nil, fmt.Errorf("ssl_id: %w", err)
		}
	}
	if err := r.resolveIdentity(ctx, w, o); err != nil {
		return nil, err
	}
	if err := r.findOrders(ctx, w, o); err != nil {
		return nil, err
	}
	if !w.Present {
		return o, nil
	}
	o.Current = newestCurrent(o.Orders, w.Marker)
	if o.Current != nil && o.Current.Status != scm.SSLRequested {
		o.Issued, err = collectIfIssued(ctx, r.ssl, o.Current.ID)
	}
	return o, err
}

// resolveIdentity turns organization and profile names into ids. For state=revoked with only an
// ssl_id, the identity is the order's own.
func (r *observer) resolveIdentity(ctx context.Context, w *want, o *observed) error {
	if !w.hasIdentity() {
		o.Ident = identityOf(o.Anchor)
		ct := o.Anchor.CertType
		o.Profile = scm.Profile{ID: ct.ID, Name: ct.Name, Terms: ct.Terms}
		return nil
	}
	orgID, err := r.orgs.Resolve(ctx, w.Org)
	if err != nil {
		return err
	}
	profiles, err := r.ssl.Types(ctx, orgID)
	if err != nil {
		return fmt.Errorf("list the SSL profiles of organization %d: %w", orgID, err)
	}
	if o.Profile, err = pickProfile(profiles, w.Profile); err != nil {
		return err
	}
	o.Ident = identity{CN: w.CN, Names: w.Names, ProfileID: o.Profile.ID, OrgID: orgID}
	if o.Anchor != nil {
		if diff := o.Ident.differences(identityOf(o.Anchor)); diff != "" {
			return fmt.Errorf("ssl_id %d is another certificate than the task describes: %s", o.Anchor.ID, diff)
		}
	}
	return nil
}

// findOrders: for state=revoked an ssl_id is the whole answer. Otherwise the identity's orders are
// listed, for state=present from the ssl_id on: a renewal is a new order with a higher id, and the
// old one is not always marked renewed (a renewal by enroll is not), so the list is always read.
func (r *observer) findOrders(ctx context.Context, w *want, o *observed) error {
	a := o.Anchor
	if a != nil && !w.Present {
		o.Orders, o.MaxID = []*scm.Certificate{a}, a.ID
		return nil
	}
	orders, err := listOrders(ctx, r.ssl, o.Ident, r.parallel)
	if err != nil {
		return err
	}
	for _, c := range orders {
		o.MaxID = max(o.MaxID, c.ID)
		if a == nil || c.ID >= a.ID {
			o.Orders = append(o.Orders, c)
		}
	}
	if a != nil {
		o.MaxID = max(o.MaxID, a.ID)
	}
	return nil
}
