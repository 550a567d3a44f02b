package scmdomaininfo

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/dnsname"
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
	Description string // details only
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
func assemble(s *snapshot, now time.Time, env *ansible.Env) []*domain {
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
		if v, ok := dcvFor(d.Name, s.dcv); ok {
			dom.DCV = fromListing(v)
		}
		dom.DCV.DaysLeft = daysLeft(dom.DCV.Expires, now, d.Name, env)
		out = append(out, dom)
	}
	slices.SortFunc(out, func(a, b *domain) int { return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out
}

// dcvFor finds the DCV entry that applies to name: its own, or else the one of the nearest parent
// listed (SCM validates high-level domains; a wildcard or a subdomain inherits their status, and not
// every SCM lists the inheriting entries).
func dcvFor(name string, dcv map[string]scm.DCVValidation) (scm.DCVValidation, bool) {
	if v, ok := dcv[name]; ok {
		return v, true
	}
	for n := dnsname.Base(name); strings.Contains(n, "."); {
		if v, ok := dcv[n]; ok {
			return v, true
		}
		_, n, _ = strings.Cut(n, ".")
	}
	return scm.DCVValidation{}, false
}

func fromListing(v scm.DCVValidation) dcvFacts {
	return dcvFacts{Status: upper(v.DCVStatus), Method: v.DCVMethod, OrderStatus: upper(v.DCVOrderStatus),
		OrderMethod: upper(v.DCVOrderMethod), Expires: v.ExpirationDate}
}

// addDetails takes what the domain's details say about state and delegations, and the DCV facts the
// listing lacked.
func (d *domain) addDetails(det *scm.Domain) {
	d.Detailed, d.Description = true, det.Description
	d.State, d.Pending, d.Delegations = upper(det.State), scm.EnumEqual(det.DelegationStatus, "REQUESTED"), nil
	for _, dl := range det.Delegations {
		status := upper(dl.Status)
		d.Pending = d.Pending || status == "REQUESTED"
		types := slices.Clone(dl.CertTypes)
		slices.Sort(types)
		d.Delegations = append(d.Delegations, delegation{OrgID: dl.OrgID, CertTypes: types, Status: status})
	}
	slices.SortFunc(d.Delegations, func(a, b delegation) int { return cmp.Compare(a.OrgID, b.OrgID) })
	d.DCV.Validated = det.DCVValidation
	if d.DCV.Status == "" {
		d.DCV.Status, d.DCV.Method = upper(det.ValidationStatus), det.ValidationMethod
	}
}

// daysLeft counts calendar days (UTC) from now to the expiry date: 0 on the last day, negative once
// expired, nil without a date. SCM gives DCV expiry as a date, so a finer count would be invented.
func daysLeft(date string, now time.Time, name string, env *ansible.Env) *int {
	if date == "" {
		return nil
	}
	t, err := scm.ParseDate(date)
	if err != nil {
		env.Warn("domain " + name + ": SCM sent a DCV expiration date that cannot be read (" + date + "); days_left is left out")
		return nil
	}
	n := common.DaysLeft(t, now)
	return &n
}

func sortedIDs(ids []int) []int {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
