package scmcert

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// reader is every SCM read the module makes. observe only ever sees this interface, so a write during
// observation does not compile.
type reader interface {
	Types(ctx context.Context, orgID int) ([]scm.Profile, error)
	CustomFields(ctx context.Context) ([]scm.CustomField, error)
	Get(ctx context.Context, sslID int) (*scm.Certificate, error)
	ListAll(ctx context.Context, opts *scm.ListSSLOptions) ([]scm.CertificateSummary, error)
	Collect(ctx context.Context, sslID int, format string) ([]byte, error)
}

// identity is what makes two orders the same certificate: common name, the whole name set, profile
// and organization (or department).
type identity struct {
	CN        string
	Names     []string
	ProfileID int
	OrgID     int
}

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
	// Current is the newest live (issued, expired or pending) order; Issued its certificate when SCM
	// hands it out.
	Current *scm.Certificate
	Issued  *issuedCert
}

// observe reads, in this order: the files (a bad file fails before any request), the ssl_id's order,
// the organization and profile, the orders of the identity, and the current certificate.
func (r *runner) observe(ctx context.Context) (*observed, error) {
	files, err := readFileStates(r.w.Files)
	if err != nil {
		return nil, err
	}
	o := &observed{Files: files}
	if r.w.SSLID != 0 {
		if o.Anchor, err = getOrder(ctx, r.ssl, r.w.SSLID); err != nil {
			return nil, fmt.Errorf("ssl_id: %w", err)
		}
	}
	if err := r.resolveIdentity(ctx, o); err != nil {
		return nil, err
	}
	if err := r.findOrders(ctx, o); err != nil {
		return nil, err
	}
	if !r.w.Present {
		return o, nil
	}
	o.Current = newestLive(o.Orders)
	if o.Current != nil && !scm.EnumEqual(o.Current.Status, scm.SSLStatusRequested) {
		o.Issued, err = collectIfIssued(ctx, r.ssl, o.Current.ID)
	}
	return o, err
}

// resolveIdentity turns organization and profile names into ids. For state=revoked with only an
// ssl_id, the identity is the order's own.
func (r *runner) resolveIdentity(ctx context.Context, o *observed) error {
	if !r.w.hasIdentity() {
		o.Ident = identityOf(o.Anchor)
		ct := o.Anchor.CertType
		o.Profile = scm.Profile{ID: ct.ID, Name: ct.Name, Terms: ct.Terms}
		return nil
	}
	orgID, err := r.orgs.Resolve(ctx, r.w.Org)
	if err != nil {
		return err
	}
	profiles, err := r.ssl.Types(ctx, orgID)
	if err != nil {
		return fmt.Errorf("list the SSL profiles of organization %d: %w", orgID, err)
	}
	if o.Profile, err = pickProfile(profiles, r.w.Profile); err != nil {
		return err
	}
	o.Ident = identity{CN: r.w.CN, Names: r.w.Names, ProfileID: o.Profile.ID, OrgID: orgID}
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
func (r *runner) findOrders(ctx context.Context, o *observed) error {
	a := o.Anchor
	if a != nil && !r.w.Present {
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

func getOrder(ctx context.Context, rd reader, id int) (*scm.Certificate, error) {
	c, err := rd.Get(ctx, id)
	if errors.Is(err, scm.ErrNotFound) {
		return nil, fmt.Errorf("certificate %d does not exist or is not visible to this admin: %w", id, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read certificate %d: %w", id, err)
	}
	return c, nil
}

// listOrders finds every order of the identity: SCM's list filtered by common name, then the details
// of each candidate. SCM does not say how its filters match, so only the common name filter is used
// (a too narrow orgId or sslTypeId filter would hide an order and cause a duplicate) and the match is
// made here, exactly; the summaries' names, when SCM sends them, spare a read per non-match.
func listOrders(ctx context.Context, rd reader, id identity, parallel int) ([]*scm.Certificate, error) {
	sums, err := rd.ListAll(ctx, &scm.ListSSLOptions{CommonName: id.CN})
	if err != nil {
		return nil, fmt.Errorf("look for certificates for %s: %w", id.CN, err)
	}
	var ids []int
	for _, s := range sums {
		if normLoose(s.CommonName) == id.CN && (len(s.SubjectAlternativeNames) == 0 ||
			slices.Equal(nameSet(s.CommonName, s.SubjectAlternativeNames), id.Names)) {
			ids = append(ids, s.SSLID)
		}
	}
	details := make([]*scm.Certificate, len(ids))
	errs := common.ForEach(ctx, len(ids), parallel, func(ctx context.Context, i int) error {
		c, err := rd.Get(ctx, ids[i])
		if errors.Is(err, scm.ErrNotFound) {
			return nil // gone since the listing
		}
		details[i] = c
		return err
	})
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("read the certificates for %s: %w", id.CN, err)
	}
	out := slices.DeleteFunc(details, func(c *scm.Certificate) bool { return c == nil || identityOf(c).differences(id) != "" })
	slices.SortFunc(out, func(a, b *scm.Certificate) int { return b.ID - a.ID })
	return out, nil
}

// collectIfIssued downloads the certificate with its chain; nil when SCM has nothing to hand out yet.
func collectIfIssued(ctx context.Context, rd reader, id int) (*issuedCert, error) {
	body, err := rd.Collect(ctx, id, "pem")
	if errors.Is(err, scm.ErrNotReady) || errors.Is(err, scm.ErrRevoked) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("collect certificate %d: %w", id, err)
	}
	// SCM's pem format is root-first; SplitChain orders by signature, not by position.
	leaf, chain, err := certutil.SplitChain(body)
	if err != nil {
		return nil, fmt.Errorf("certificate %d: %w", id, err)
	}
	chain = slices.DeleteFunc(chain, func(c *x509.Certificate) bool {
		return c.CheckSignatureFrom(c) == nil && string(c.RawSubject) == string(c.RawIssuer)
	})
	return &issuedCert{Leaf: certutil.NewCert(leaf), Chain: chain}, nil
}

func identityOf(c *scm.Certificate) identity {
	return identity{CN: normLoose(c.CommonName), Names: nameSet(c.CommonName, c.SubjectAlternativeNames),
		ProfileID: c.CertType.ID, OrgID: c.OrgID}
}

// differences describes how an order's identity (got) differs from the task's; "" when it does not.
func (id identity) differences(got identity) string {
	var d []string
	if got.CN != id.CN {
		d = append(d, fmt.Sprintf("common name %s, not %s", got.CN, id.CN))
	}
	if onlySCM, onlyTask := setDiff(got.Names, id.Names); len(onlySCM)+len(onlyTask) > 0 {
		d = append(d, fmt.Sprintf("names only in SCM: %s, only in the task: %s", listOrNone(onlySCM), listOrNone(onlyTask)))
	}
	if got.ProfileID != id.ProfileID {
		d = append(d, fmt.Sprintf("profile %d, not %d", got.ProfileID, id.ProfileID))
	}
	if got.OrgID != id.OrgID {
		d = append(d, fmt.Sprintf("organization %d, not %d", got.OrgID, id.OrgID))
	}
	return strings.Join(d, "; ")
}

// nameSet is a common name and SANs as one sorted set (SCM may or may not repeat the CN).
func nameSet(cn string, sans []string) []string {
	out := []string{normLoose(cn)}
	for _, n := range sans {
		out = append(out, normLoose(n))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// normLoose normalises a name SCM reports; one it would not accept from a user is still compared,
// lower-cased.
func normLoose(name string) string {
	if n, err := dnsname.NormalizeWith(name, wildcardOK); err == nil {
		return n
	}
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
}

// Order states as the module groups them.
func isIssued(c *scm.Certificate) bool  { return scm.EnumEqual(c.Status, scm.SSLStatusIssued) }
func isExpired(c *scm.Certificate) bool { return scm.EnumEqual(c.Status, scm.SSLStatusExpired) }
func isRevoked(c *scm.Certificate) bool { return scm.EnumEqual(c.Status, scm.SSLStatusRevoked) }

// isPending: ordered, not issued yet, and not refused. SAApproved is written "SA Approved" by some
// servers; EnumEqual ignores the space.
func isPending(c *scm.Certificate) bool {
	for _, s := range []string{scm.SSLStatusRequested, scm.SSLStatusApproved, scm.SSLStatusApplied, "SAApproved"} {
		if scm.EnumEqual(c.Status, s) {
			return true
		}
	}
	return false
}

func isLive(c *scm.Certificate) bool { return isIssued(c) || isExpired(c) || isPending(c) }

func newestLive(orders []*scm.Certificate) *scm.Certificate {
	for _, c := range orders {
		if isLive(c) {
			return c
		}
	}
	return nil
}
