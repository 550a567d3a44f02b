package scmdomaininfo

import (
	"cmp"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// domain is one SCM domain as the result reports it.
type domain struct {
	ID          int
	Name        string
	State       string // ACTIVE or SUSPENDED
	Pending     bool   // some delegation awaits approval
	Delegations []delegation
	Description *string // details only; nil when SCM's details leave it out (unknown, not empty)
	DCV         dcvFacts
	Detailed    bool
}

// delegation is one delegation; CertTypes and Status are known only from details.
type delegation struct {
	OrgID     int
	CertTypes []string
	Status    string
}

// dcvFacts is the DCV state that applies to a domain.
type dcvFacts struct {
	Status, Method, OrderStatus, OrderMethod string
	Expires                                  string // yyyy-mm-dd, "" when SCM gives none
	Validated                                string // yyyy-mm-dd, details only
	DaysLeft                                 *int
}

// assemble joins the listings into one record per selected domain, sorted by name (then id).
func assemble(s *snapshot, dates common.Dates) []*domain {
	out := make([]*domain, 0, len(s.domains))
	for _, d := range s.domains {
		dom := &domain{ID: d.ID, Name: d.Name}
		if s.listed {
			dom.State = "ACTIVE"
			if s.inactive[d.Name] {
				dom.State = "SUSPENDED"
			}
			dom.Pending = s.requested[d.Name]
			for _, id := range sortedIDs(s.delegated[d.Name]) {
				dom.Delegations = append(dom.Delegations, delegation{OrgID: id})
			}
		}
		if v, ok := s.dcv.For(d.Name); ok {
			dom.DCV = fromListing(v)
			dom.DCV.DaysLeft = dates.DaysLeft(v.ExpirationDate, "domain "+d.Name, "DCV expiration date")
		}
		out = append(out, dom)
	}
	slices.SortFunc(out, func(a, b *domain) int { return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out
}

func fromListing(v scm.DCVValidation) dcvFacts {
	return dcvFacts{Status: upper(v.DCVStatus), Method: v.DCVMethod, OrderStatus: upper(v.DCVOrderStatus),
		OrderMethod: upper(v.DCVOrderMethod), Expires: v.ExpirationDate.Raw}
}

// addDetails takes what the domain's details say about state and delegations, and the DCV facts the
// listing lacked.
func (d *domain) addDetails(det *scm.Domain) {
	d.Detailed, d.Description = true, det.Description
	d.State, d.Pending, d.Delegations = upper(det.State), det.DelegationStatus == scm.DelegationRequested, nil
	for _, dl := range det.Delegations {
		status := upper(dl.Status)
		d.Pending = d.Pending || dl.Status == scm.DelegationRequested
		types := slices.Clone(dl.CertTypes)
		slices.Sort(types)
		d.Delegations = append(d.Delegations, delegation{OrgID: dl.OrgID, CertTypes: types, Status: status})
	}
	slices.SortFunc(d.Delegations, func(a, b delegation) int { return cmp.Compare(a.OrgID, b.OrgID) })
	d.DCV.Validated = det.DCVValidation.Raw
	if d.DCV.Status == "" {
		d.DCV.Status, d.DCV.Method = upper(det.ValidationStatus), det.ValidationMethod
	}
}

func sortedIDs(ids []int) []int {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// upper is how the result spells SCM's words (its statuses arrive in SCM's own spelling already).
func upper[T ~string](s T) string { return strings.ToUpper(strings.TrimSpace(string(s))) }
