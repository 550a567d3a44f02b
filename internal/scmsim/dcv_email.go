package scmsim

import (
	"slices"
	"strconv"
	"strings"
)

type emailStartReq struct {
	Domain  string   `json:"domain"`
	Domains []string `json:"domains"`
}

type emailStartResp struct {
	Emails    []string        `json:"emails"`
	DCVEmails []dcvEmailEntry `json:"dcvEmails"`
}

type dcvEmailEntry struct {
	DomainName   string   `json:"domainName"`
	WhoisEmails  []string `json:"whoisEmails"`
	AdminEmails  []string `json:"adminEmails"`
	DNSTXTEmails []string `json:"dnsTxtEmails"`
}

type bulkSubmitResp struct {
	OrderStatus    string `json:"orderStatus"`
	Message        string `json:"message"`
	OrderBackendID string `json:"orderBackendId"`
}

// adminLocals are the constructed addresses SCM offers for email DCV (§5.7).
var adminLocals = []string{"admin", "administrator", "hostmaster", "postmaster", "webmaster"}

func adminEmails(domain string) []string {
	out := make([]string, 0, len(adminLocals))
	for _, l := range adminLocals {
		out = append(out, l+"@"+domain)
	}
	return out
}

func isCandidateEmail(domain, email string) bool {
	return slices.Contains(adminEmails(domain), strings.ToLower(strings.TrimSpace(email)))
}

// startEmail lists the candidate addresses for one domain or several
// ("domains"); emails then holds only the addresses usable for all of them.
// Each domain gets an EMAIL order awaiting submission.
func (s *Server) startEmail(c *call) error {
	var req emailStartReq
	if err := c.decode(&req); err != nil {
		return err
	}
	names := req.Domains
	if len(names) == 0 {
		names = []string{req.Domain}
	}
	out := emailStartResp{DCVEmails: []dcvEmailEntry{}}
	for i, n := range names {
		r, err := s.resolveDCV(c.admin, n)
		if err != nil {
			return err
		}
		list := adminEmails(r.Domain)
		out.DCVEmails = append(out.DCVEmails, dcvEmailEntry{DomainName: r.Domain,
			WhoisEmails: []string{}, AdminEmails: list, DNSTXTEmails: []string{}})
		if i == 0 {
			out.Emails = list
		} else {
			out.Emails = slices.DeleteFunc(out.Emails, func(e string) bool { return !slices.Contains(list, e) })
		}
		if r.Order == nil || r.Order.Mode != "EMAIL" {
			r.Order = s.newOrder(r.Domain, "EMAIL")
			c.commit()
		}
	}
	return c.json(out)
}

// submitBulkEmail submits one address for several domains. The address must
// be a candidate for at least one of them (SCM would also accept WHOIS
// contacts, which the emulator does not model).
func (s *Server) submitBulkEmail(c *call) error {
	var req struct {
		Domains []string `json:"domains"`
		Email   string   `json:"email"`
	}
	if err := c.decode(&req); err != nil {
		return err
	}
	if len(req.Domains) == 0 {
		return required("domains")
	}
	var bases []string // names, not pointers: resolving may grow s.w.DCV
	ok := false
	for _, n := range req.Domains {
		r, err := s.resolveDCV(c.admin, n)
		if err != nil {
			return err
		}
		bases = append(bases, r.Domain)
		ok = ok || isCandidateEmail(r.Domain, req.Email)
	}
	if !ok {
		return invalid("email", "'%s' is not a validation address for these domains", req.Email)
	}
	backend := strconv.Itoa(s.nextOrderID())
	for _, b := range bases {
		r := s.dcvRecord(b)
		r.Order = s.newOrder(r.Domain, "EMAIL")
		r.Order.Email, r.Order.Status, r.Order.Submitted, r.Order.BackendID = req.Email, orderSubmitted, s.simNow(), backend
		s.autoProgress(r, false)
	}
	c.commit()
	return c.json(bulkSubmitResp{OrderStatus: orderSubmitted, Message: "Submitted successfully", OrderBackendID: backend})
}
