package scmcertinfo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// sslReader holds the only certificate calls the module makes. All of them read (collect is a GET),
// so a write cannot compile here.
type sslReader interface {
	ListAll(ctx context.Context, opts *scm.ListSSLOptions) ([]scm.CertificateSummary, error)
	Get(ctx context.Context, sslID int) (*scm.Certificate, error)
	Collect(ctx context.Context, sslID int, format string) ([]byte, error)
	Types(ctx context.Context, orgID int) ([]scm.Profile, error)
}

// reader carries what one run needs between its reads.
type reader struct {
	ssl      sslReader
	orgs     *common.Orgs
	env      *ansible.Env
	parallel int
}

func newReader(client *scm.Client, p Params, env *ansible.Env) *reader {
	return &reader{ssl: client.SSL, orgs: common.NewOrgs(client.Organizations), env: env, parallel: p.MaxParallel}
}

// resolve reads the organization list (for names in the result, and the organization filter) and, for
// a profile given by name, the profile list.
func (r *reader) resolve(ctx context.Context, f *filter) error {
	if _, err := r.orgs.AllIDs(ctx); err != nil {
		return err
	}
	if f.orgGiven() {
		id, err := r.orgs.Resolve(ctx, f.org)
		if err != nil {
			return err
		}
		if f.orgIDs, err = r.orgs.Family(ctx, id); err != nil {
			return err
		}
	}
	if f.profile == "" {
		return nil
	}
	types, err := r.ssl.Types(ctx, 0)
	if err != nil {
		return fmt.Errorf("list SSL profiles: %w", err)
	}
	var names []string
	for _, t := range types {
		if strings.EqualFold(strings.TrimSpace(t.Name), f.profile) {
			f.profileID = t.ID
			return nil
		}
		names = append(names, fmt.Sprintf("%q (%d)", t.Name, t.ID))
	}
	return fmt.Errorf("profile: %q is not an SSL profile of this SCM instance; profiles: %s", f.profile, strings.Join(names, ", "))
}

// candidates returns the ids whose details are worth reading: the given ssl_id, or the rows of the
// certificate listing (one per selected organization or department) that can still match. SCM filters
// the listing as far as it can, so the detail reads stay few.
func (r *reader) candidates(ctx context.Context, f filter) ([]int, error) {
	if f.sslID != 0 {
		return []int{f.sslID}, nil
	}
	opts := scm.ListSSLOptions{CommonName: f.cn, SubjectAlternativeName: f.san, SerialNumber: f.serial, SSLTypeID: f.profileID}
	if len(f.statuses) == 1 {
		opts.Status = f.statuses[0]
	}
	orgIDs := f.orgIDs
	if orgIDs == nil {
		orgIDs = []int{0}
	}
	rows := make([][]scm.CertificateSummary, len(orgIDs))
	errs := common.ForEach(ctx, len(orgIDs), r.parallel, func(ctx context.Context, i int) error {
		o := opts
		o.OrgID = orgIDs[i]
		var err error
		if rows[i], err = r.ssl.ListAll(ctx, &o); err != nil {
			return fmt.Errorf("list certificates: %w", err)
		}
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var ids []int
	for _, page := range rows {
		for _, c := range page {
			if f.listed(c) {
				ids = append(ids, c.SSLID)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// details reads every candidate (scm_max_parallel at a time), because no listing carries status,
// expiry, profile or organization. A certificate that cannot be read is left out and named in the
// error; the others are still returned. An unknown ssl_id is simply not found.
func (r *reader) details(ctx context.Context, ids []int, now time.Time) ([]*cert, error) {
	got := make([]*cert, len(ids))
	errs := common.ForEach(ctx, len(ids), r.parallel, func(ctx context.Context, i int) error {
		c, err := r.ssl.Get(ctx, ids[i])
		if errors.Is(err, scm.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read certificate %d: %w", ids[i], err)
		}
		got[i] = fromDetails(c, now, r.env)
		return nil
	})
	var out []*cert
	for _, c := range got {
		if c != nil {
			out = append(out, c)
		}
	}
	return out, errors.Join(errs...)
}

// collect downloads the PEM of every issued (or expired) certificate and orders it leaf first. Other
// states are skipped: collecting a pending order would count towards its issuance in SCM.
func (r *reader) collect(ctx context.Context, certs []*cert) error {
	errs := common.ForEach(ctx, len(certs), r.parallel, func(ctx context.Context, i int) error {
		c := certs[i]
		if !scm.EnumEqual(c.Status, scm.SSLStatusIssued) && !scm.EnumEqual(c.Status, scm.SSLStatusExpired) {
			return nil
		}
		raw, err := r.ssl.Collect(ctx, c.ID, "pem")
		if errors.Is(err, scm.ErrNotReady) || errors.Is(err, scm.ErrRevoked) {
			return nil // changed state since the details were read
		}
		if err != nil {
			return fmt.Errorf("collect certificate %d: %w", c.ID, err)
		}
		pem, err := leafFirst(raw)
		if err != nil {
			return fmt.Errorf("collect certificate %d: %w", c.ID, err)
		}
		c.PEM = pem
		return nil
	})
	return errors.Join(errs...)
}
