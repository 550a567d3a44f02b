package scmsim

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Wire structs of the domain area (scm-api.md §4).
type domainItem struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

type domainDetails struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	// Description is echoed although §4.3 does not list it in the details:
	// an emulator addition so that modules can read back what they wrote.
	Description      string           `json:"description,omitempty"`
	DelegationStatus string           `json:"delegationStatus"`
	State            string           `json:"state"`
	ValidationStatus string           `json:"validationStatus"`
	ValidationMethod string           `json:"validationMethod,omitempty"`
	DCVValidation    string           `json:"dcvValidation,omitempty"`
	DCVExpiration    string           `json:"dcvExpiration,omitempty"`
	CTLogMonitoring  ctLogWire        `json:"ctLogMonitoring"`
	Delegations      []delegationWire `json:"delegations"`
}

type ctLogWire struct {
	Enabled           flexBool `json:"enabled"`
	IncludeSubdomains flexBool `json:"includeSubdomains"`
	BucketID          string   `json:"bucketId,omitempty"`
}

type delegationWire struct {
	OrgID      int      `json:"orgId"`
	CertTypes  []string `json:"certTypes"`
	Privileges []string `json:"domainCertificateRequestPrivileges,omitempty"`
	Status     string   `json:"status"`
}

type delegationReq struct {
	OrgID      flexInt  `json:"orgId"`
	CertTypes  []string `json:"certTypes"`
	Privileges []string `json:"domainCertificateRequestPrivileges"`
}

type domainCreateReq struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Active      *flexBool       `json:"active"`
	CTLog       *ctLogWire      `json:"ctLogMonitoring"`
	Delegations []delegationReq `json:"delegations"`
}

// flexBool accepts true/false as JSON booleans or strings (OAS types
// "active" as a string).
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if s == "null" || s == "" {
		return nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*f = flexBool(v)
	return nil
}

func (s *Server) domainRoutes() []route {
	return []route{
		{pattern: "GET /domain/v1", ctype: typeJSON, h: s.domainList},
		{pattern: "POST /domain/v1", ctype: typeJSON, h: s.domainCreate},
		{pattern: "GET /domain/v1/{id}", ctype: typeJSON, h: s.domainGet},
		{pattern: "DELETE /domain/v1/{id}", ctype: typeJSON, h: s.domainDelete},
		{pattern: "PUT /domain/v1/{id}/activate", ctype: typeJSON, h: s.domainActivate},
		{pattern: "PUT /domain/v1/{id}/suspend", ctype: typeJSON, h: s.domainSuspend},
		{pattern: "POST /domain/v1/{id}/delegation", ctype: typeJSON, h: s.delegationAdd},
		{pattern: "DELETE /domain/v1/{id}/delegation", ctype: typeJSON, h: s.delegationRemove},
		{pattern: "POST /domain/v1/{id}/delegation/approve", ctype: typeJSON, h: s.delegationApprove},
		{pattern: "POST /domain/v1/{id}/delegation/reject", ctype: typeJSON, h: s.delegationReject},
		{pattern: "POST /domain/v1/delegation", ctype: typeJSON, h: s.delegationBulk},
	}
}

// domainVisible reports whether any of the domain's delegations is to an
// organization the admin manages.
func (s *Server) domainVisible(a Admin, d *Domain) bool {
	for _, dl := range d.Delegations {
		if s.canSee(a, dl.OrgID) {
			return true
		}
	}
	return a.Role == RoleMRAO
}

// visibleDomain resolves {id} to a domain the admin may see (404 otherwise).
func (c *call) visibleDomain() (*Domain, error) {
	return pathObject(c, -1, "Domain", c.s.domainByID,
		func(d *Domain) bool { return c.s.domainVisible(c.admin, d) })
}

// domainList filters: name (case-insensitive substring), state
// (active|inactive), status (requested|approved: the delegation status),
// orgId (delegated to exactly that org or department).
func (s *Server) domainList(c *call) error {
	q := c.filters()
	orgID := q.int("orgId", 0)
	// Read once: every page matches every domain (the total counts them all).
	name, state, status := q.Get("name"), q.Get("state"), q.Get("status")
	return list(c, q, true, s.w.Domains, func(d *Domain) (domainItem, bool) {
		ok := s.domainVisible(c.admin, d) && s.domainMatches(d, name, state, status, orgID)
		return domainItem{ID: d.ID, Name: d.Name}, ok
	})
}

func (s *Server) domainMatches(d *Domain, name, state, status string, orgID int) bool {
	if name != "" && !containsFold(d.Name, name) {
		return false
	}
	if state != "" && !strings.EqualFold(state, map[bool]string{true: "inactive", false: "active"}[d.Suspended]) {
		return false
	}
	if status != "" && !strings.EqualFold(status, map[bool]string{true: "requested", false: "approved"}[hasRequested(d)]) {
		return false
	}
	return orgID == 0 || slices.ContainsFunc(d.Delegations, func(dl Delegation) bool { return dl.OrgID == orgID })
}

func hasRequested(d *Domain) bool {
	return slices.ContainsFunc(d.Delegations, func(dl Delegation) bool { return dl.Status == statusRequested })
}

func (s *Server) domainGet(c *call) error {
	d, err := c.visibleDomain()
	if err != nil {
		return err
	}
	return c.json(s.domainDetails(c.admin, d))
}

func (s *Server) domainDetails(a Admin, d *Domain) domainDetails {
	out := domainDetails{ID: d.ID, Name: d.Name, Description: s.detailsDescription(d),
		DelegationStatus: "ACTIVE", State: "ACTIVE", Delegations: []delegationWire{},
		CTLogMonitoring: ctLogWire{Enabled: flexBool(d.CTLog.Enabled),
			IncludeSubdomains: flexBool(d.CTLog.IncludeSubdomains), BucketID: d.CTLog.BucketID}}
	if d.Suspended {
		out.State = "SUSPENDED"
	}
	if hasRequested(d) {
		out.DelegationStatus = statusRequested
	}
	v := s.validationOf(d.Name)
	out.ValidationStatus = v.status
	if v.status != dcvNotValidated {
		out.ValidationMethod, out.DCVValidation, out.DCVExpiration = v.method, v.validated, v.expires
	}
	for _, dl := range d.Delegations {
		if s.canSee(a, dl.OrgID) {
			out.Delegations = append(out.Delegations, delegationWire(dl))
		}
	}
	return out
}

func (s *Server) domainCreate(c *call) error {
	d, err := fromBody(c, s.newDomain)
	if err != nil {
		return err
	}
	s.w.Domains = append(s.w.Domains, d)
	s.domainsChanged()
	c.commit()
	s.log.Info("domain created", "id", d.ID, "name", d.Name, "by", c.admin.Login)
	return c.created("/domain/v1/" + strconv.Itoa(d.ID))
}

// domainDelete refuses RAOs (-738) and domains with certificates at or below
// them (-740).
func (s *Server) domainDelete(c *call) error {
	d, err := c.visibleDomain()
	if err != nil {
		return err
	}
	if c.admin.Role != RoleMRAO {
		return badRequest(-738, "You are not allowed to perform 'delete' on domain '%s'", d.Name)
	}
	if s.domainHasCerts(d.Name) {
		return badRequest(-740, "Domain '%s' cannot be deleted: there are SSL certificates enrolled for it or its subdomains", d.Name)
	}
	s.removeDomain(d.ID)
	return c.commitStatus(http.StatusNoContent)
}

func (s *Server) domainActivate(c *call) error { return s.setSuspended(c, false, "activate") }

func (s *Server) domainSuspend(c *call) error { return s.setSuspended(c, true, "suspend") }

func (s *Server) setSuspended(c *call, suspended bool, op string) error {
	d, err := c.visibleDomain()
	if err != nil {
		return err
	}
	if c.admin.Role != RoleMRAO {
		return badRequest(-738, "You are not allowed to perform '%s' on domain '%s'", op, d.Name)
	}
	if d.Suspended != suspended {
		d.Suspended = suspended
		c.commit()
	}
	return c.status(http.StatusOK)
}

// detailsDescription is the description the details echo, unless the knob models SCM's documented read.
func (s *Server) detailsDescription(d *Domain) string {
	if s.knobs.DomainDetailsOmitDescription {
		return ""
	}
	return d.Description
}
