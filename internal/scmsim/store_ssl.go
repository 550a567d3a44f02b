package scmsim

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/scmkit/sectigo/internal/scmsim/simca"
)

// SSL statuses: capitalised words, as SCM sends them (§7.7).
const (
	sslRequested = "Requested"
	sslApplied   = "Applied"
	sslIssued    = "Issued"
	sslRevoked   = "Revoked"
	sslDeclined  = "Declined"
	sslExpired   = "Expired"
)

// IssueOptions force a certificate's validity window (POST
// /admin/ssl/{id}/issue), so tests can create certificates near expiry.
type IssueOptions struct {
	NotBefore time.Time `json:"not_before,omitzero"`
	NotAfter  time.Time `json:"not_after,omitzero"`
	DaysValid int       `json:"days_valid,omitempty"`
}

// certStatus is the status at the business clock: an issued certificate past
// its expiry reads Expired.
func (s *Server) certStatus(c *Certificate) string {
	if c.Status == sslIssued && !c.Dates.Expires.IsZero() && !s.simNow().Before(c.Dates.Expires) {
		return sslExpired
	}
	return c.Status
}

// issueDue reports whether an applied order has waited long enough: the
// ssl_issue_after_seconds since it was applied and ssl_issue_after_collects
// collects.
func (s *Server) issueDue(c *Certificate) bool {
	wait := time.Duration(s.knobs.SSLIssueAfterSeconds) * time.Second
	return c.Status == sslApplied && !s.simNow().Before(c.Dates.Applied.Add(wait)) &&
		c.Collects >= s.knobs.SSLIssueAfterCollects
}

// settle issues an applied order whose time has come. Reads call it, so a
// delayed issuance shows up on the next GET, list or collect. It persists
// quietly: the client did not ask for a change. Caller holds s.mu.
func (s *Server) settle(c *Certificate) {
	if !s.issueDue(c) {
		return
	}
	if err := s.issue(c, nil); err != nil {
		s.log.Error("issue certificate", "id", c.ID, "err", err)
		return
	}
	s.persistQuiet()
}

// issue signs the certificate now (or with the admin's window) and marks it
// Issued. The SANs are the enrolled ones only, never the CSR's own list.
func (s *Server) issue(c *Certificate, opt *IssueOptions) error {
	info, err := simca.ParseCSR(c.CSR)
	if err != nil {
		return fmt.Errorf("stored CSR: %w", err)
	}
	nb, na := s.validity(c, opt)
	org, _ := s.org(c.OrgID)
	iss, err := s.ca.Issue(simca.IssueRequest{CSR: info, CommonName: c.CommonName,
		SANs: append([]string{}, c.SANs...), NotBefore: nb, NotAfter: na, OrgName: org.Name})
	if err != nil {
		return err
	}
	now := s.simNow()
	c.Status, c.DER, c.SerialHex, c.Override = sslIssued, iss.DER, iss.SerialHex, opt
	c.Dates.Issued, c.Dates.Expires = now, iss.Cert.NotAfter
	if c.Dates.Applied.IsZero() {
		c.Dates.Applied = now
	}
	return nil
}

func (s *Server) validity(c *Certificate, opt *IssueOptions) (time.Time, time.Time) {
	nb := s.simNow()
	na := nb.AddDate(0, 0, c.Term)
	if opt == nil {
		return nb, na
	}
	if !opt.NotBefore.IsZero() {
		nb = opt.NotBefore
	}
	switch {
	case !opt.NotAfter.IsZero():
		na = opt.NotAfter
	case opt.DaysValid > 0:
		na = s.simNow().AddDate(0, 0, opt.DaysValid)
	}
	return nb, na
}

// apply moves a new or approved order to Applied and issues it at once when
// no issuance delay is configured.
func (s *Server) apply(c *Certificate) error {
	c.Status, c.Dates.Applied, c.Collects = sslApplied, s.simNow(), 0
	c.DER, c.SerialHex = nil, ""
	if s.issueDue(c) {
		return s.issue(c, nil)
	}
	return nil
}

// checkNames enforces enroll's domain rules for every name: a domain entry
// delegated (ACTIVE, for SSL) to the org or its parent must cover it (-1010
// otherwise), the entry must be active (-715), and its high-level domain
// must be VALIDATED (-107 otherwise).
func (s *Server) checkNames(orgID int, names []string) error {
	for _, n := range names {
		d := s.coveringDomain(orgID, n)
		if d == nil {
			return badRequest(-1010, "Domain '%s' is not allowed for this organization", n)
		}
		if d.Suspended {
			return badRequest(-715, "Domain '%s' is inactive", d.Name)
		}
		if s.validationOf(d.Name).status != dcvValidated {
			return badRequest(-107, "DCV is incomplete or expired for domain '%s'", n)
		}
	}
	return nil
}

// coveringDomain finds a domain entry that lets orgID request a certificate
// for name, preferring an active one.
func (s *Server) coveringDomain(orgID int, name string) *Domain {
	orgs := []int{orgID, s.topOrg(orgID)}
	var found *Domain
	for i := range s.w.Domains {
		d := &s.w.Domains[i]
		for _, dl := range d.Delegations {
			if dl.Status != statusActive || !slices.Contains(dl.CertTypes, "SSL") || !slices.Contains(orgs, dl.OrgID) {
				continue
			}
			if entryCovers(d.Name, dl.Privileges, name) && (found == nil || found.Suspended) {
				found = d
			}
		}
	}
	return found
}

// visibleCert resolves the SSL id {id} to a certificate the admin may see:
// 404 with -124 otherwise (SCM's own wording, unlike pathObject's).
func (c *call) visibleCert() (*Certificate, error) {
	id, err := c.pathID("id", -124, "SSL certificate")
	if err != nil {
		return nil, err
	}
	cert := c.s.cert(id)
	if cert == nil || !c.s.canSee(c.admin, cert.OrgID) {
		return nil, newErr(http.StatusNotFound, -124, "Wrong SSL certificate id '%d'", id)
	}
	c.s.settle(cert)
	return cert, nil
}
