package scmsim

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

type acmeDomainsReq struct {
	Domains []acmeDomainName `json:"domains"`
}

type acmeDomainWire struct {
	Name        string `json:"name"`
	ValidUntil  string `json:"validUntil"`
	StickyUntil string `json:"stickyUntil"`
}

type acmeClientWire struct {
	AccountID    string `json:"accountId"`
	UserAgent    string `json:"userAgent"`
	IPAddress    string `json:"ipAddress"`
	Status       string `json:"status"`
	LastActivity string `json:"lastActivity"`
	Contacts     string `json:"contacts"`
}

func (s *Server) acmeDomainRoutes() []route {
	v1, v2 := "/acme/v1/account/{id}/domains", "/acme/v2/account/{id}/domain"
	return []route{
		{pattern: "POST " + v1, ctype: typeJSON, h: s.acmeAddDomains},
		{pattern: "POST " + v2, ctype: typeJSON, h: s.acmeAddDomains},
		{pattern: "DELETE " + v1, ctype: typeJSON, h: s.acmeRemoveDomains},
		{pattern: "DELETE " + v2, ctype: typeJSON, h: s.acmeRemoveDomains},
		{pattern: "GET " + v2, ctype: typeJSON, h: s.acmeListDomains},
		{pattern: "GET /acme/v2/account/{id}/client", ctype: typeJSON, h: s.acmeListClients},
		{pattern: "PUT /acme/v2/account/{id}/client/{clientId}", ctype: typeJSON, h: s.acmeDeactivateClient},
	}
}

// accountDomains resolves {id} to an account, then reads the body's domain
// names: adding and removing take the same body.
func (c *call) accountDomains() (*ACMEAccount, []string, error) {
	a, req, err := targetAndBody[acmeDomainsReq](c, c.visibleAccount)
	if err != nil {
		return nil, nil, err
	}
	names, err := req.names()
	if err != nil {
		return nil, nil, err
	}
	return a, names, nil
}

// names are the request's names, normalised: at least one, each 1 to 1024
// characters.
func (req acmeDomainsReq) names() ([]string, error) {
	if len(req.Domains) == 0 {
		return nil, required("domains")
	}
	var out []string
	for _, d := range req.Domains {
		n := normName(d.Name)
		if n == "" || len(n) > 1024 {
			return nil, invalid("domains.name", "must hold 1 to 1024 characters")
		}
		out = append(out, n)
	}
	return out, nil
}

// acmeAddDomains adds each name that an SCM domain covers for the account's
// organization (or its parent): the domain itself, a subdomain of it, or "*."
// of either, through an ACTIVE delegation. DCV is not required. Names already
// on the account, or not covered, come back in notAddedDomains; when every
// name was added the answer is {} (§6.8).
func (s *Server) acmeAddDomains(c *call) error {
	a, names, err := c.accountDomains()
	if err != nil {
		return err
	}
	var notAdded []string
	for _, n := range names {
		if slices.ContainsFunc(a.Domains, func(d ACMEDomain) bool { return d.Name == n }) || !s.acmeCoverable(a.OrgID, n) {
			notAdded = append(notAdded, n)
			continue
		}
		a.Domains = append(a.Domains, ACMEDomain{Name: n, Added: s.simNow()})
	}
	if len(notAdded) < len(names) {
		c.commit()
	}
	if len(notAdded) == 0 {
		return c.json(struct{}{})
	}
	return c.json(map[string][]string{"notAddedDomains": notAdded})
}

func (s *Server) acmeCoverable(orgID int, name string) bool {
	orgs := []int{orgID, s.topOrg(orgID)}
	b := baseOf(name)
	for _, d := range s.w.Domains {
		if !underOrAt(b, baseOf(d.Name)) {
			continue
		}
		for _, dl := range d.Delegations {
			if dl.Status == statusActive && slices.Contains(orgs, dl.OrgID) {
				return true
			}
		}
	}
	return false
}

// acmeRemoveDomains takes a JSON body on DELETE. It always answers
// notRemovedDomains, empty when every name was on the account.
func (s *Server) acmeRemoveDomains(c *call) error {
	a, names, err := c.accountDomains()
	if err != nil {
		return err
	}
	notRemoved := []string{}
	for _, n := range names {
		i := slices.IndexFunc(a.Domains, func(d ACMEDomain) bool { return d.Name == n })
		if i < 0 {
			notRemoved = append(notRemoved, n)
			continue
		}
		a.Domains = slices.Delete(a.Domains, i, i+1)
	}
	if len(notRemoved) < len(names) {
		c.commit()
	}
	return c.json(map[string][]string{"notRemovedDomains": notRemoved})
}

// domainUntil is when an ACME domain's pre-validation lapses: dcv_validity_days
// after it was added. The emulator uses the same instant for validUntil and
// stickyUntil, which SCM does not explain.
func (s *Server) domainUntil(d ACMEDomain) time.Time {
	return d.Added.AddDate(0, 0, s.knobs.DCVValidityDays)
}

// acmeListDomains (v2) filters: name is a regular expression (§6.10);
// expiresWithinNextDays and stickyExpiresWithinNextDays.
func (s *Server) acmeListDomains(c *call) error {
	a, err := c.visibleAccount()
	if err != nil {
		return err
	}
	q := c.filters()
	re, err := regexp.Compile(q.Get("name"))
	if err != nil {
		return invalid("name", "not a regular expression: %v", err)
	}
	within, sticky := q.int("expiresWithinNextDays", -1), q.int("stickyExpiresWithinNextDays", -1)
	return list(c, q, true, a.Domains, func(d *ACMEDomain) (acmeDomainWire, bool) {
		until := s.domainUntil(*d)
		if !re.MatchString(d.Name) || !s.withinDays(until, within) || !s.withinDays(until, sticky) {
			return acmeDomainWire{}, false
		}
		iso := until.UTC().Format(isoMillis)
		return acmeDomainWire{Name: d.Name, ValidUntil: iso, StickyUntil: iso}, true
	})
}

func (s *Server) withinDays(t time.Time, days int) bool {
	return days < 0 || !t.After(s.simNow().AddDate(0, 0, days))
}

func (s *Server) acmeListClients(c *call) error {
	a, err := c.visibleAccount()
	if err != nil {
		return err
	}
	return list(c, c.filters(), true, a.Clients, func(cl *ACMEClient) (acmeClientWire, bool) {
		return acmeClientWire{AccountID: itoa(cl.ID), UserAgent: cl.UserAgent, IPAddress: cl.IPAddress,
			Status: cl.Status, LastActivity: cl.LastActivity.UTC().Format(isoMillis), Contacts: ""}, true
	})
}

// acmeDeactivateClient marks a registered client deactivated (204).
func (s *Server) acmeDeactivateClient(c *call) error {
	a, err := c.visibleAccount()
	if err != nil {
		return err
	}
	id := strings.TrimSpace(c.r.PathValue("clientId"))
	for i := range a.Clients {
		if itoa(a.Clients[i].ID) == id {
			if a.Clients[i].Status != "deactivated" {
				a.Clients[i].Status = "deactivated"
				c.commit()
			}
			return c.status(http.StatusNoContent)
		}
	}
	return notFound(-1, "ACME client", id)
}
