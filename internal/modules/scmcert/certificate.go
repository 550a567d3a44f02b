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

// The reads and the identity of an order, shared by observe and by apply (adopting an order whose
// answer was lost, waiting for issuance). The reads take a reader, so they can never write.

// identity is what makes two orders the same certificate: common name, the whole name set, profile
// and organization (or department).
type identity struct {
	CN        string
	Names     []string
	ProfileID int
	OrgID     int
}

func getOrder(ctx context.Context, rd scm.SSLReader, id int) (*scm.Certificate, error) {
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
func listOrders(ctx context.Context, rd scm.SSLReader, id identity, parallel int) ([]*scm.Certificate, error) {
	orders, err := ordersFor(ctx, rd, id.CN, parallel, func(s scm.CertificateSummary) bool {
		return len(s.SubjectAlternativeNames) == 0 || slices.Equal(nameSet(s.CommonName, s.SubjectAlternativeNames), id.Names)
	})
	return slices.DeleteFunc(orders, func(c *scm.Certificate) bool { return identityOf(c).differences(id) != "" }), err
}

// ordersFor reads the details of the orders SCM lists for the common name cn whose summary keep
// accepts, newest first. An order deleted since the listing is left out.
func ordersFor(ctx context.Context, rd scm.SSLReader, cn string, parallel int,
	keep func(scm.CertificateSummary) bool) ([]*scm.Certificate, error) {
	sums, err := rd.ListAll(ctx, &scm.ListSSLOptions{CommonName: cn})
	if err != nil {
		return nil, fmt.Errorf("look for certificates for %s: %w", cn, err)
	}
	var ids []int
	for _, s := range sums {
		if dnsname.Lenient(s.CommonName) == cn && keep(s) {
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
	if err := common.JoinReads(errs); err != nil {
		return nil, fmt.Errorf("read the certificates for %s: %w", cn, err)
	}
	out := slices.DeleteFunc(details, func(c *scm.Certificate) bool { return c == nil })
	slices.SortFunc(out, func(a, b *scm.Certificate) int { return b.ID - a.ID })
	return out, nil
}

// collectIfIssued downloads the certificate with its chain; nil when SCM has nothing to hand out yet.
func collectIfIssued(ctx context.Context, rd scm.SSLReader, id int) (*issuedCert, error) {
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
	return identity{CN: dnsname.Lenient(c.CommonName), Names: nameSet(c.CommonName, c.SubjectAlternativeNames),
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
	out := []string{dnsname.Lenient(cn)}
	for _, n := range sans {
		out = append(out, dnsname.Lenient(n))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Order states as the module groups them.
func isIssued(c *scm.Certificate) bool  { return c.Status == scm.SSLIssued }
func isExpired(c *scm.Certificate) bool { return c.Status == scm.SSLExpired }
func isRevoked(c *scm.Certificate) bool { return c.Status == scm.SSLRevoked }

// isPending: ordered, not issued yet, and not refused.
func isPending(c *scm.Certificate) bool {
	switch c.Status {
	case scm.SSLRequested, scm.SSLApproved, scm.SSLApplied, scm.SSLSAApproved:
		return true
	}
	return false
}

func isLive(c *scm.Certificate) bool { return isIssued(c) || isExpired(c) || isPending(c) }

// newestCurrent is the newest order that is live or, carrying the task's marker, still in progress
// (inProgress): an order this task placed is waited for, whatever SCM calls its state, and never
// enrolled again.
func newestCurrent(orders []*scm.Certificate, marker string) *scm.Certificate {
	for _, c := range orders {
		if isLive(c) || inProgress(c, marker) {
			return c
		}
	}
	return nil
}
