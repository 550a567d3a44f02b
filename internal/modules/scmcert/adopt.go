package scmcert

import (
	"context"
	"fmt"
	"strings"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

// The reads that settle an order whose answer was lost (invariant 3: an enroll or a renewal is never
// sent blindly; SCM is read and what it shows is adopted). They are plain functions of a reader, called
// by apply; they never write.

// found is what SCM shows, after an order whose answer was lost, of the order it may have placed.
type found struct {
	// Ours are the new orders that are the lost order's, newest first: adopted when there is one.
	Ours []*scm.Certificate
	// Others say why each other new order for the common name is not.
	Others []string
}

func (f found) ids() string {
	return orderIDList(f.Ours)
}

// newOrdersFor returns the details of the orders for the common name that observe did not see (ids
// above maxID: SCM numbers orders in sequence), newest first. SCM's list filters by common name but
// not by comments, so every new order for the name is read.
func newOrdersFor(ctx context.Context, rd scm.SSLReader, cn string, maxID, parallel int) ([]*scm.Certificate, error) {
	return ordersFor(ctx, rd, cn, parallel, func(s scm.CertificateSummary) bool { return s.SSLID > maxID })
}

// findEnrolled looks for the order an enroll whose answer was lost placed: a new order for the common
// name that carries the task's marker, is of the task's identity and, once issued, holds a
// certificate for the CSR's key (the marker is derived from that key; the certificate proves it).
func findEnrolled(ctx context.Context, rd scm.SSLReader, id identity, csr *certutil.CSR, marker string,
	maxID, parallel int) (found, error) {
	orders, err := newOrdersFor(ctx, rd, id.CN, maxID, parallel)
	if err != nil {
		return found{}, err
	}
	var f found
	for _, c := range orders {
		if !carriesMarker(c, marker) {
			f.Others = append(f.Others, fmt.Sprintf("order %d does not carry the marker %s", c.ID, marker))
			continue
		}
		if err := f.take(ctx, rd, id, csr, c); err != nil {
			return found{}, err
		}
	}
	return f, nil
}

// findRenewal looks for the order a renewal by id of old whose answer was lost placed, and reads old
// again (renewed: SCM marks it renewed). The renewal is a new order of the task's identity that
// carries old's comments (SCM copies the renewed order's details, comments included, into the
// renewal) or the task's marker and, once issued, holds a certificate for the CSR's key.
func findRenewal(ctx context.Context, rd scm.SSLReader, id identity, old int, csr *certutil.CSR, marker string,
	maxID, parallel int) (renewed bool, f found, err error) {
	prev, err := getOrder(ctx, rd, old)
	if err != nil {
		return false, found{}, err
	}
	orders, err := newOrdersFor(ctx, rd, id.CN, maxID, parallel)
	if err != nil {
		return false, found{}, err
	}
	comments := strings.TrimSpace(prev.Comments)
	for _, c := range orders {
		if strings.TrimSpace(c.Comments) != comments && !carriesMarker(c, marker) {
			f.Others = append(f.Others, fmt.Sprintf("order %d carries neither the comments of order %d nor the marker %s",
				c.ID, old, marker))
			continue
		}
		if err := f.take(ctx, rd, id, csr, c); err != nil {
			return false, found{}, err
		}
	}
	return prev.Renewed, f, nil
}

// take adds c to Ours when it is of the identity and not for another key than the CSR's (which only
// an issued order shows); otherwise it notes why not.
func (f *found) take(ctx context.Context, rd scm.SSLReader, id identity, csr *certutil.CSR, c *scm.Certificate) error {
	if diff := id.differences(identityOf(c)); diff != "" {
		f.Others = append(f.Others, fmt.Sprintf("order %d is another certificate: %s", c.ID, diff))
		return nil
	}
	if isIssued(c) {
		ic, err := collectIfIssued(ctx, rd, c.ID)
		if err != nil {
			return err
		}
		if ic != nil && !csr.MatchesKey(ic.Leaf.Leaf) {
			f.Others = append(f.Others, fmt.Sprintf("order %d holds a certificate for another key than the CSR's", c.ID))
			return nil
		}
	}
	f.Ours = append(f.Ours, c)
	return nil
}

func orderIDList(orders []*scm.Certificate) string {
	ids := make([]string, len(orders))
	for i, c := range orders {
		ids[i] = fmt.Sprint(c.ID)
	}
	return strings.Join(ids, ", ")
}
