package scmsim

import (
	"net/http"
	"slices"
)

type bulkDelegationReq struct {
	DomainIDs []flexInt `json:"domainIds"`
	delegationReq
}

// delegationAdd adds a delegation, or widens an existing one to the same org.
func (s *Server) delegationAdd(c *call) error {
	d, err := c.visibleDomain()
	if err != nil {
		return err
	}
	dl, err := fromBody(c, s.newDelegation)
	if err != nil {
		return err
	}
	d.Delegations = mergeDelegation(d.Delegations, dl)
	return c.commitStatus(http.StatusOK)
}

// delegationRemove takes a JSON body on DELETE (§4.7). With certTypes it
// removes only those types; a delegation left with none goes. Removing a
// delegation that does not exist is a no-op; removing the last one is refused
// with -709, the rule that every domain is delegated somewhere.
func (s *Server) delegationRemove(c *call) error {
	d, req, err := targetAndBody[delegationReq](c, c.visibleDomain)
	if err != nil {
		return err
	}
	if !req.OrgID.Set {
		return required("orgId")
	}
	if _, err := s.checkOrg(c.admin, req.OrgID.V, "domain delegation"); err != nil {
		return err
	}
	next := removeDelegation(d.Delegations, req.OrgID.V, req.CertTypes)
	if len(next) == 0 {
		return badRequest(-709, "Domain must be delegated to at least one organization or department")
	}
	if !slices.EqualFunc(next, d.Delegations, delegationEqual) {
		d.Delegations = next
		c.commit()
	}
	return c.status(http.StatusOK)
}

func delegationEqual(a, b Delegation) bool {
	return a.OrgID == b.OrgID && slices.Equal(a.CertTypes, b.CertTypes) && a.Status == b.Status
}

func removeDelegation(list []Delegation, orgID int, certTypes []string) []Delegation {
	var out []Delegation
	for _, dl := range list {
		if dl.OrgID != orgID {
			out = append(out, dl)
			continue
		}
		if len(certTypes) == 0 {
			continue
		}
		dl.CertTypes = slices.DeleteFunc(slices.Clone(dl.CertTypes), func(t string) bool {
			return slices.Contains(certTypes, t)
		})
		if len(dl.CertTypes) > 0 {
			out = append(out, dl)
		}
	}
	return out
}

func (s *Server) delegationApprove(c *call) error { return s.decideDelegation(c, true) }

func (s *Server) delegationReject(c *call) error { return s.decideDelegation(c, false) }

// decideDelegation approves (ACTIVE) or rejects (removes) a REQUESTED
// delegation. Only an MRAO may (-3); anything not REQUESTED is -705.
func (s *Server) decideDelegation(c *call, approve bool) error {
	d, err := c.visibleDomain()
	if err != nil {
		return err
	}
	if c.admin.Role != RoleMRAO {
		return forbidden("delegation approval")
	}
	var req struct {
		OrgID flexInt `json:"orgId"`
	}
	if err := c.decode(&req); err != nil {
		return err
	}
	if !req.OrgID.Set {
		return required("orgId")
	}
	i := slices.IndexFunc(d.Delegations, func(dl Delegation) bool { return dl.OrgID == req.OrgID.V })
	if i < 0 || d.Delegations[i].Status != statusRequested {
		return badRequest(-705, "Delegation status of domain '%s' for organization '%d' is not \"Requested\"",
			d.Name, req.OrgID.V)
	}
	if approve {
		d.Delegations[i].Status = statusActive
	} else {
		d.Delegations = slices.Delete(d.Delegations, i, i+1)
	}
	return c.commitStatus(http.StatusOK)
}

// delegationBulk delegates up to 1000 domains to one org. It checks every id
// first, so that a bad id changes nothing.
func (s *Server) delegationBulk(c *call) error {
	var req bulkDelegationReq
	if err := c.decode(&req); err != nil {
		return err
	}
	if len(req.DomainIDs) == 0 || len(req.DomainIDs) > 1000 {
		return invalid("domainIds", "must hold 1 to 1000 ids")
	}
	dl, err := s.newDelegation(c.admin, req.delegationReq)
	if err != nil {
		return err
	}
	var targets []*Domain
	for _, id := range req.DomainIDs {
		d := s.domainByID(id.V)
		if d == nil || !s.domainVisible(c.admin, d) {
			return notFound(-1, "Domain", id.V)
		}
		targets = append(targets, d)
	}
	for _, d := range targets {
		d.Delegations = mergeDelegation(d.Delegations, dl)
	}
	return c.commitStatus(http.StatusOK)
}
