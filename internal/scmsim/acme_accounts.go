package scmsim

import (
	"crypto/rand"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/scmkit/sectigo/internal/scmsim/acmesrv"
)

// acmeList requires organizationId (-1001, as SCM answers without it).
// "N,-2" means the organization only, without its departments. Filters: name
// (case-insensitive substring), acmeServer (name or URL), status and
// certValidationType (case-insensitive).
func (s *Server) acmeList(c *call) error {
	q := c.filters()
	orgs, err := s.accountOrgFilter(c.admin, q.Get("organizationId"))
	if err != nil {
		return err
	}
	serverKey := ""
	if v := q.Get("acmeServer"); v != "" {
		if srv := s.findServer(v); srv != nil {
			serverKey = srv.Key
		} else {
			serverKey = "\x00" // matches nothing
		}
	}
	return list(c, q, true, s.w.ACMEAccounts, func(a *ACMEAccount) (acmeAccountWire, bool) {
		if a.Deleted || !slices.Contains(orgs, a.OrgID) || !accountMatches(a, q.Values, serverKey) {
			return acmeAccountWire{}, false
		}
		return s.accountWire(c, a), true
	})
}

func accountMatches(a *ACMEAccount, q url.Values, serverKey string) bool {
	switch {
	case q.Get("name") != "" && !containsFold(a.Name, q.Get("name")):
		return false
	case serverKey != "" && a.ServerKey != serverKey:
		return false
	case q.Get("status") != "" && !strings.EqualFold(q.Get("status"), a.Status):
		return false
	}
	return q.Get("certValidationType") == "" || strings.EqualFold(q.Get("certValidationType"), a.CertValidationType)
}

func (s *Server) accountOrgFilter(a Admin, raw string) ([]int, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, badRequest(-1001, "Value of 'organizationId' must not be null.")
	}
	idText, suffix, hasSuffix := strings.Cut(raw, ",")
	id, err := strconv.Atoi(strings.TrimSpace(idText))
	if err != nil || (hasSuffix && strings.TrimSpace(suffix) != "-2") {
		return nil, invalid("organizationId", "'%s' is not an organization id", raw)
	}
	if _, err := s.checkOrg(a, id, "listing ACME accounts"); err != nil {
		return nil, err
	}
	if hasSuffix {
		return []int{id}, nil
	}
	return s.orgFamily(id), nil
}

// acmeCreate answers 201 with a Location and no body; the EAB credentials are
// only readable with GET (§6.5). Names need not be unique: SCM allows two
// accounts with the same name on the same server and org.
func (s *Server) acmeCreate(c *call) error {
	var req acmeCreateReq
	if err := c.decode(&req); err != nil {
		return err
	}
	s.mu.Lock()
	acct, err := s.newAccount(c.admin, req)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	kid, hmacKey, err := acmesrv.MintEAB(rand.Reader)
	if err != nil {
		return err
	}
	// Registered with the ACME server before the account exists, and without
	// the store lock: an ACME request may be waiting for that lock.
	if err := s.acme.AddEAB(kid, hmacKey); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct.MacID, acct.MacKey, acct.ID = kid, hmacKey, s.w.NextIDs.ACMEAccount
	s.w.NextIDs.ACMEAccount++
	s.w.ACMEAccounts = append(s.w.ACMEAccounts, acct)
	c.commit()
	s.log.Info("acme account created", "id", acct.ID, "name", acct.Name, "kid", kid, "by", c.admin.Login)
	version := "v2"
	if c.isV1() {
		version = "v1"
	}
	return c.created("/acme/" + version + "/account/" + itoa(acct.ID))
}

// newAccount validates a create request: name (-7), acmeServer (-7, or -1601
// when unknown), organizationId (-7, -1023, -3). Caller holds s.mu.
func (s *Server) newAccount(a Admin, req acmeCreateReq) (ACMEAccount, error) {
	name := strings.TrimSpace(req.Name)
	switch {
	case name == "":
		return ACMEAccount{}, required("name")
	case len(name) > 255:
		return ACMEAccount{}, invalid("name", "longer than 255 characters")
	case strings.TrimSpace(req.ACMEServer) == "":
		return ACMEAccount{}, required("acmeServer")
	case !req.OrganizationID.Set:
		return ACMEAccount{}, required("organizationId")
	}
	srv := s.findServer(req.ACMEServer)
	if srv == nil {
		return ACMEAccount{}, invalid("acmeServer", "'%s' is not a known ACME server", req.ACMEServer)
	}
	if _, err := s.checkOrg(a, req.OrganizationID.V, "ACME account creation"); err != nil {
		return ACMEAccount{}, err
	}
	return ACMEAccount{Name: name, ServerKey: srv.Key, OrgID: req.OrganizationID.V,
		CertValidationType: srv.CertValidationType, Status: "pending", Created: s.simNow()}, nil
}
