package scmcertinfo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// observer reads what SCM holds. It holds readers only.
type observer struct {
	ssl      scm.SSLReader
	orgs     *common.Orgs
	parallel int
}

func newObserver(s *common.Session) *observer {
	return &observer{ssl: s.Client.SSL, orgs: s.Orgs(), parallel: s.Parallel}
}

// observe resolves the filter's organization and profile, then returns the ids of the certificates
// that can still match.
func (r *observer) observe(ctx context.Context, f *filter) ([]int, error) {
	if err := r.resolve(ctx, f); err != nil {
		return nil, err
	}
	return r.candidates(ctx, *f)
}

// resolve reads the organization list (for names in the result, and the organization filter) and, for
// a profile given by name, the profile list.
func (r *observer) resolve(ctx context.Context, f *filter) error {
	var err error
	if f.orgIDs, err = common.SelectOrgs(ctx, r.orgs, f.org); err != nil {
		return err
	}
	if f.profile == "" {
		return nil
	}
	f.profileID, err = r.profileID(ctx, f.profile)
	return err
}

// profileID finds a profile by name, case-insensitively; SCM has no name filter for profiles.
func (r *observer) profileID(ctx context.Context, profile string) (int, error) {
	types, err := r.ssl.Types(ctx, 0)
	if err != nil {
		return 0, fmt.Errorf("list SSL profiles: %w", err)
	}
	var names []string
	for _, t := range types {
		if strings.EqualFold(strings.TrimSpace(t.Name), profile) {
			return t.ID, nil
		}
		names = append(names, fmt.Sprintf("%q (%d)", t.Name, t.ID))
	}
	return 0, fmt.Errorf("profile: %q is not an SSL profile of this SCM instance; profiles: %s", profile, strings.Join(names, ", "))
}

// candidates returns the ids whose details are worth reading: the given ssl_id, or the rows of the
// certificate listing (one per selected organization or department) that can still match. SCM filters
// the listing as far as it can, so the detail reads stay few.
func (r *observer) candidates(ctx context.Context, f filter) ([]int, error) {
	if f.sslID != 0 {
		return []int{f.sslID}, nil
	}
	opts := scm.ListSSLOptions{CommonName: f.cn, SubjectAlternativeName: f.san, SerialNumber: f.serial,
		SSLTypeID: f.profileID, Status: f.listingStatus()}
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
	if err := common.JoinReads(errs); err != nil {
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
//
// The reads go in batches of detailBatch, each turned into the few facts the result reports before
// the next: SCM's details of 20,000 certificates held at once were most of the module's memory.
func (r *observer) details(ctx context.Context, ids []int, dates common.Dates) ([]*cert, error) {
	var out []*cert
	var errs []error
	for start := 0; start < len(ids); start += detailBatch {
		batch := ids[start:min(start+detailBatch, len(ids))]
		got, err := common.GetEach(ctx, len(batch), r.parallel, func(ctx context.Context, i int) (*scm.Certificate, error) {
			c, err := r.ssl.Get(ctx, batch[i])
			if err != nil {
				return nil, fmt.Errorf("read certificate %d: %w", batch[i], err)
			}
			return c, nil
		})
		for _, c := range got {
			if c != nil {
				out = append(out, fromDetails(c, dates))
			}
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

// detailBatch is how many certificate details are read before they are reduced to facts. A batch
// costs scm_max_parallel at most one round trip more than reading all at once.
const detailBatch = 500

// collect downloads the PEM of every issued (or expired) certificate and orders it leaf first. Other
// states are skipped: collecting a pending order would count towards its issuance in SCM.
func (r *observer) collect(ctx context.Context, certs []*cert) error {
	errs := common.ForEach(ctx, len(certs), r.parallel, func(ctx context.Context, i int) error {
		c := certs[i]
		if c.Status != scm.SSLIssued && c.Status != scm.SSLExpired {
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
	return common.JoinReads(errs)
}
