package scmsim

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
)

// The store is the live *World behind s.mu. These helpers look objects up and
// answer scope questions; every one of them expects the caller to hold s.mu.

// orgRef is an organization or a department, flattened.
type orgRef struct {
	ID        int
	Name      string
	ParentID  int // 0 for a top-level organization
	CertTypes []string
}

// org finds an organization or department by id.
func (s *Server) org(id int) (orgRef, bool) {
	for _, o := range s.w.Organizations {
		if o.ID == id {
			return orgRef{ID: o.ID, Name: o.Name, CertTypes: o.CertTypes}, true
		}
		for _, d := range o.Departments {
			if d.ID == id {
				return orgRef{ID: d.ID, Name: d.Name, ParentID: o.ID, CertTypes: d.CertTypes}, true
			}
		}
	}
	return orgRef{}, false
}

// topOrg returns the organization id an org or department belongs to.
func (s *Server) topOrg(id int) int {
	if ref, ok := s.org(id); ok && ref.ParentID != 0 {
		return ref.ParentID
	}
	return id
}

// canSee reports whether the admin manages the organization or department.
// An MRAO manages everything; an RAO its organizations and their departments.
func (s *Server) canSee(a Admin, orgID int) bool {
	if a.Role == RoleMRAO {
		return true
	}
	return slices.Contains(a.Orgs, s.topOrg(orgID))
}

// checkOrg resolves an organization id from a request: -1023 when it does not
// exist, -3 when the admin does not manage it.
func (s *Server) checkOrg(a Admin, id int, op string) (orgRef, error) {
	ref, ok := s.org(id)
	if !ok {
		return orgRef{}, badRequest(-1023, "Organization '%d' not found", id)
	}
	if !s.canSee(a, id) {
		return orgRef{}, forbidden(op + " for organization '" + ref.Name + "'")
	}
	return ref, nil
}

// orgFamily is the org itself plus, for an organization, its departments.
func (s *Server) orgFamily(id int) []int {
	out := []int{id}
	for _, o := range s.w.Organizations {
		if o.ID == id {
			for _, d := range o.Departments {
				out = append(out, d.ID)
			}
		}
	}
	return out
}

// find returns the first element of items that match accepts, or nil. The
// pointer aliases the slice, so a handler updates the stored object in place;
// it stays valid only until the slice grows.
func find[T any](items []T, match func(*T) bool) *T {
	for i := range items {
		if match(&items[i]) {
			return &items[i]
		}
	}
	return nil
}

func (s *Server) domainByID(id int) *Domain {
	return find(s.w.Domains, func(d *Domain) bool { return d.ID == id })
}

func (s *Server) domainByName(name string) *Domain {
	return find(s.w.Domains, func(d *Domain) bool { return d.Name == name })
}

func (s *Server) profile(id int) *Profile {
	return find(s.w.Profiles, func(p *Profile) bool { return p.ID == id })
}

func (s *Server) cert(id int) *Certificate {
	return find(s.w.Certificates, func(c *Certificate) bool { return c.ID == id })
}

// account finds a live (not deleted) ACME account.
func (s *Server) account(id int) *ACMEAccount {
	return find(s.w.ACMEAccounts, func(a *ACMEAccount) bool { return a.ID == id && !a.Deleted })
}

// accountByKID finds an account by its EAB key id, deleted or not: the ACME
// side must tell a deleted account's kid from an unknown one.
func (s *Server) accountByKID(kid string) *ACMEAccount {
	return find(s.w.ACMEAccounts, func(a *ACMEAccount) bool { return a.MacID == kid })
}

// nextOrderID hands out DCV backend order ids.
func (s *Server) nextOrderID() int {
	id := s.w.NextIDs.Order
	s.w.NextIDs.Order++
	return id
}

// randomHex returns n random bytes as lower-case hex. crypto/rand cannot fail
// on supported platforms (Go 1.24+ panics instead), so no error is returned.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
