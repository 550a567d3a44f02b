package scmsim

import (
	"slices"
	"strings"
)

// Delegation statuses.
const (
	statusActive    = "ACTIVE"
	statusRequested = "REQUESTED"
)

// newDomain validates a create request and builds the domain, in the order
// SCM reports problems: name, description, duplicate, delegations.
func (s *Server) newDomain(a Admin, req domainCreateReq) (Domain, error) {
	name := normName(req.Name)
	if err := checkDomainName(name); err != nil {
		return Domain{}, err
	}
	if len(req.Description) > 255 {
		return Domain{}, invalid("description", "longer than 255 characters")
	}
	if s.domainByName(name) != nil {
		return Domain{}, badRequest(-700, "Such domain already exists: '%s'", name)
	}
	if len(req.Delegations) == 0 {
		return Domain{}, badRequest(-709, "Domain must be delegated to at least one organization or department")
	}
	d := Domain{Name: name, Description: req.Description, Created: s.simNow()}
	if req.Active != nil && !bool(*req.Active) {
		d.Suspended = true
	}
	if err := s.applyCTLog(&d, req.CTLog); err != nil {
		return Domain{}, err
	}
	for _, dr := range req.Delegations {
		dl, err := s.newDelegation(a, dr)
		if err != nil {
			return Domain{}, err
		}
		d.Delegations = mergeDelegation(d.Delegations, dl)
	}
	d.ID = s.w.NextIDs.Domain
	s.w.NextIDs.Domain++
	return d, nil
}

func (s *Server) applyCTLog(d *Domain, ct *ctLogWire) error {
	if ct == nil {
		return nil
	}
	if ct.Enabled && ct.BucketID == "" {
		return required("ctLogMonitoring.bucketId")
	}
	d.CTLog = CTLog{Enabled: bool(ct.Enabled), IncludeSubdomains: bool(ct.IncludeSubdomains), BucketID: ct.BucketID}
	return nil
}

// newDelegation checks one delegation: the org exists (-1023) and is managed
// by the admin (-3), certTypes and privileges are known values. With the
// delegation_approval knob it starts REQUESTED.
func (s *Server) newDelegation(a Admin, dr delegationReq) (Delegation, error) {
	if !dr.OrgID.Set {
		return Delegation{}, required("delegations.orgId")
	}
	if _, err := s.checkOrg(a, dr.OrgID.V, "domain delegation"); err != nil {
		return Delegation{}, err
	}
	if len(dr.CertTypes) == 0 {
		return Delegation{}, required("delegations.certTypes")
	}
	for _, t := range dr.CertTypes {
		if !slices.Contains(allCertTypes, t) {
			return Delegation{}, invalid("certTypes", "'%s' is not one of %s", t, strings.Join(allCertTypes, ", "))
		}
	}
	for _, p := range dr.Privileges {
		if !slices.Contains(allPrivileges, p) {
			return Delegation{}, invalid("domainCertificateRequestPrivileges", "'%s' is not one of %s",
				p, strings.Join(allPrivileges, ", "))
		}
	}
	status := statusActive
	if s.knobs.DelegationApproval {
		status = statusRequested
	}
	return Delegation{OrgID: dr.OrgID.V, CertTypes: slices.Clone(dr.CertTypes),
		Privileges: slices.Clone(dr.Privileges), Status: status}, nil
}

// mergeDelegation adds dl, or widens an existing delegation to the same org.
func mergeDelegation(list []Delegation, dl Delegation) []Delegation {
	for i := range list {
		if list[i].OrgID != dl.OrgID {
			continue
		}
		list[i].CertTypes = union(list[i].CertTypes, dl.CertTypes)
		list[i].Privileges = union(list[i].Privileges, dl.Privileges)
		return list
	}
	return append(list, dl)
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, v := range b {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// domainHasCerts reports whether any certificate (other than a declined
// request) names the domain's base or anything below it.
func (s *Server) domainHasCerts(name string) bool {
	base := baseOf(name)
	for _, c := range s.w.Certificates {
		if c.Status == sslDeclined {
			continue
		}
		for _, n := range append([]string{c.CommonName}, c.SANs...) {
			if underOrAt(baseOf(n), base) {
				return true
			}
		}
	}
	return false
}

// removeDomain deletes the domain and, when no other entry shares its base,
// its DCV record.
func (s *Server) removeDomain(id int) {
	defer s.domainsChanged()
	var base string
	s.w.Domains = slices.DeleteFunc(s.w.Domains, func(d Domain) bool {
		if d.ID == id {
			base = baseOf(d.Name)
		}
		return d.ID == id
	})
	for _, d := range s.w.Domains {
		if baseOf(d.Name) == base {
			return
		}
	}
	s.w.DCV = slices.DeleteFunc(s.w.DCV, func(r DCVRecord) bool { return r.Domain == base })
}
