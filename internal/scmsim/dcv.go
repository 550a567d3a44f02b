package scmsim

import (
	"net/http"
	"strings"
	"time"
)

// Wire structs of the DCV area (scm-api.md §5).
type dcvDomainReq struct {
	Domain string `json:"domain"`
}

type dcvStatusResp struct {
	Status                         string `json:"status"`
	ValidationDate                 string `json:"validationDate,omitempty"`
	ExpirationDate                 string `json:"expirationDate,omitempty"`
	OrderStatus                    string `json:"orderStatus"`
	OrderMode                      string `json:"orderMode,omitempty"`
	URL                            string `json:"url,omitempty"`
	FirstLine                      string `json:"firstLine,omitempty"`
	SecondLine                     string `json:"secondLine,omitempty"`
	Host                           string `json:"host,omitempty"`
	Point                          string `json:"point,omitempty"`
	ValidationEmail                string `json:"validationEmail,omitempty"`
	EmailValidationReferenceNumber string `json:"emailValidationReferenceNumber,omitempty"`
	OrderBackendID                 string `json:"orderBackendId,omitempty"`
	SubmittedDate                  string `json:"submittedDate,omitempty"`
	LastCheck                      string `json:"lastCheck,omitempty"`
	NextCheck                      string `json:"nextCheck,omitempty"`
}

type dcvListItem struct {
	Domain         string `json:"domain"`
	DCVStatus      string `json:"dcvStatus"`
	DCVOrderStatus string `json:"dcvOrderStatus"`
	DCVOrderMethod string `json:"dcvOrderMethod,omitempty"`
	DCVMethod      string `json:"dcvMethod,omitempty"`
	ExpirationDate string `json:"expirationDate,omitempty"`
}

type dcvClearResp struct {
	Status      string `json:"status"`
	OrderStatus string `json:"orderStatus"`
	Message     string `json:"message"`
}

func (s *Server) dcvRoutes() []route {
	rs := []route{
		{pattern: "GET /dcv/v1/validation", ctype: typeJSON, h: s.dcvList},
		{pattern: "GET /dcv/v2/validation", ctype: typeJSON, h: s.dcvList},
		{pattern: "POST /dcv/v1/validation/status", ctype: typeJSON, h: s.dcvStatus, unlocked: true},
		{pattern: "POST /dcv/v2/validation/status", ctype: typeJSON, h: s.dcvStatus, unlocked: true},
		{pattern: "POST /dcv/v1/validation/clear", ctype: typeJSON, h: s.dcvClear},
		{pattern: "POST /dcv/v1/validation/delete", ctype: typeJSON, h: s.dcvDelete},
		{pattern: "POST /dcv/v1/validation/sync", ctype: typeJSON, h: s.dcvSync, unlocked: true},
	}
	return append(rs, s.dcvOrderRoutes()...)
}

// resolveDCV maps a request's domain to its DCV record. The name must be a
// domain in SCM (-727), be the high-level domain itself (-723, naming the one
// to validate), be visible to the admin (-3) and active (-715). Caller holds
// s.mu.
func (s *Server) resolveDCV(a Admin, raw string) (*DCVRecord, error) {
	name := normName(raw)
	if name == "" {
		return nil, required("domain")
	}
	target, ok := s.dcvTarget(name)
	if !ok {
		return nil, badRequest(-727, "Domain '%s' does not exist", name)
	}
	if name != target {
		return nil, badRequest(-723, "Domain '%s' is not a high level domain. Only high level domains can be validated: validate '%s'",
			name, target)
	}
	visible, active := false, false
	for i := range s.w.Domains {
		d := &s.w.Domains[i]
		if baseOf(d.Name) == target {
			visible = visible || s.domainVisible(a, d)
			active = active || !d.Suspended
		}
	}
	if !visible {
		return nil, forbidden("DCV validation")
	}
	if !active {
		return nil, badRequest(-715, "Domain '%s' is inactive", target)
	}
	return s.ensureDCV(target), nil
}

// bodyDCV resolves the request body's {"domain": ...} to its DCV record, as
// most DCV endpoints take it. Caller holds s.mu.
func (c *call) bodyDCV() (*DCVRecord, error) {
	req, err := decodeAs[dcvDomainReq](c)
	if err != nil {
		return nil, err
	}
	return c.s.resolveDCV(c.admin, req.Domain)
}

// dcvList lists every visible domain entry with the DCV state it inherits.
func (s *Server) dcvList(c *call) error {
	q := c.filters()
	org, dept, expiresIn := q.int("org", 0), q.int("department", 0), q.int("expiresIn", -1)
	x := s.dcvIndexOf()
	domain, status, orderStatus := q.Get("domain"), q.Get("dcvStatus"), q.Get("orderStatus")
	byItem := domain != "" || status != "" || orderStatus != "" || expiresIn >= 0 // filters on the rendered row
	return listPage(c, q, true, s.w.Domains,
		func(d *Domain) bool {
			if !s.domainVisible(c.admin, d) || !s.delegatedTo(d, org, dept) {
				return false
			}
			return !byItem || s.dcvItemMatches(s.dcvItem(x, d.Name), domain, status, orderStatus, expiresIn)
		},
		func(d *Domain) dcvListItem { return s.dcvItem(x, d.Name) })
}

func (s *Server) delegatedTo(d *Domain, org, dept int) bool {
	for _, dl := range d.Delegations {
		if (org == 0 || s.topOrg(dl.OrgID) == org) && (dept == 0 || dl.OrgID == dept) {
			return true
		}
	}
	return false
}

func (s *Server) dcvItem(x *dcvIndex, name string) dcvListItem {
	it := dcvListItem{Domain: name, DCVStatus: dcvNotValidated, DCVOrderStatus: orderNotInitiated}
	target, ok := x.target(name)
	if !ok {
		return it
	}
	r := x.records[target]
	v := s.validationFrom(r)
	it.DCVStatus, it.DCVMethod, it.ExpirationDate = v.status, v.method, v.expires
	if r != nil && r.Order != nil {
		it.DCVOrderStatus, it.DCVOrderMethod = r.Order.Status, r.Order.Mode
	}
	return it
}

func (s *Server) dcvItemMatches(it dcvListItem, domain, status, orderStatus string, expiresIn int) bool {
	if domain != "" && !containsFold(it.Domain, domain) {
		return false
	}
	if status != "" && !strings.EqualFold(status, it.DCVStatus) {
		return false
	}
	if orderStatus != "" && !strings.EqualFold(orderStatus, it.DCVOrderStatus) {
		return false
	}
	if expiresIn < 0 {
		return true
	}
	exp, err := time.Parse(dateDCV, it.ExpirationDate)
	return err == nil && !exp.After(s.simNow().AddDate(0, 0, expiresIn))
}

// dcvStatus first lets a submitted order progress (auto polls, or a DNS/HTTP
// check), then reports. It does not count as mutating.
func (s *Server) dcvStatus(c *call) error { return s.statusAfterProgress(c, true) }

// dcvSync is dcvStatus without counting a poll.
func (s *Server) dcvSync(c *call) error { return s.statusAfterProgress(c, false) }

// statusAfterProgress runs unlocked: the body is read without the store lock,
// which is taken only around the store work, never across a DCV check.
func (s *Server) statusAfterProgress(c *call, poll bool) error {
	req, err := decodeAs[dcvDomainReq](c)
	if err != nil {
		return err
	}
	s.mu.Lock()
	r, err := s.resolveDCV(c.admin, req.Domain)
	var base string
	if r != nil {
		base = r.Domain // copied under the lock: r may move once it is released
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	s.progressDCV(c.r.Context(), base, poll)
	s.mu.Lock()
	defer s.mu.Unlock()
	return c.json(s.statusResp(s.dcvRecord(base)))
}

func (s *Server) statusResp(r *DCVRecord) dcvStatusResp {
	out := dcvStatusResp{Status: s.statusOf(r), OrderStatus: orderNotInitiated}
	if r == nil {
		return out
	}
	if !r.Validated.IsZero() {
		out.ValidationDate, out.ExpirationDate = r.Validated.Format(dateDCV), r.Expires.Format(dateDCV)
	}
	if o := r.Order; o != nil {
		out.OrderStatus, out.OrderMode, out.OrderBackendID = o.Status, o.Mode, o.BackendID
		out.URL, out.FirstLine, out.SecondLine, out.Host, out.Point = o.URL, o.FirstLine, o.SecondLine, o.Host, o.Point
		out.ValidationEmail, out.EmailValidationReferenceNumber = o.Email, o.RefNumber
		if o.Status == orderSubmitted {
			last := o.LastCheck
			if last.IsZero() {
				last = o.Submitted
			}
			out.SubmittedDate = o.Submitted.UTC().Format(isoMillis)
			out.LastCheck, out.NextCheck = last.UTC().Format(isoMillis), last.Add(nextCheckAfter).UTC().Format(isoMillis)
		}
	}
	return out
}

// dcvClear drops a pending order; a validated domain stays VALIDATED.
func (s *Server) dcvClear(c *call) error {
	r, err := c.bodyDCV()
	if err != nil {
		return err
	}
	if r.Order != nil {
		r.Order = nil
		c.commit()
	}
	st := s.statusOf(r)
	return c.json(dcvClearResp{Status: st, OrderStatus: orderNotInitiated,
		Message: "DCV status: " + displayDCV(st) + "; DCV order status: Not Initiated"})
}

// dcvDelete removes the validation: NOT_VALIDATED, no order, no dates.
func (s *Server) dcvDelete(c *call) error {
	r, err := c.bodyDCV()
	if err != nil {
		return err
	}
	*r = DCVRecord{Domain: r.Domain, Status: dcvNotValidated}
	return c.commitStatus(http.StatusOK)
}

func displayDCV(status string) string {
	switch status {
	case dcvValidated:
		return "Validated"
	case dcvExpired:
		return "Expired"
	}
	return "Not Validated"
}
