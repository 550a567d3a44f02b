package scmsim

import (
	"strconv"
	"strings"
)

type cnameStartResp struct {
	Host  string `json:"host"`
	Point string `json:"point"`
}

type httpStartResp struct {
	URL        string `json:"url"`
	FirstLine  string `json:"firstLine"`
	SecondLine string `json:"secondLine"`
}

type dcvSubmitResp struct {
	Status                         string `json:"status"`
	OrderStatus                    string `json:"orderStatus"`
	Message                        string `json:"message"`
	OrderBackendID                 string `json:"orderBackendId,omitempty"`
	Host                           string `json:"host,omitempty"`
	Point                          string `json:"point,omitempty"`
	EmailValidationReferenceNumber string `json:"emailValidationReferenceNumber,omitempty"`
}

const submitPath = "POST /dcv/v1/validation/submit/domain/"

func (s *Server) dcvOrderRoutes() []route {
	start := "POST /dcv/v1/validation/start/domain/"
	return []route{
		{pattern: start + "cname", ctype: typeJSON, h: s.startMode("CNAME")},
		{pattern: start + "http", ctype: typeJSON, h: s.startMode("HTTP")},
		{pattern: start + "https", ctype: typeJSON, h: s.startMode("HTTPS")},
		{pattern: start + "email", ctype: typeJSON, h: s.startEmail},
		{pattern: start + "txt", ctype: typeJSON, h: s.startTXT},
		{pattern: submitPath + "cname", ctype: typeJSON, h: s.submitMode("CNAME"), unlocked: true},
		{pattern: submitPath + "http", ctype: typeJSON, h: s.submitMode("HTTP"), unlocked: true},
		{pattern: submitPath + "https", ctype: typeJSON, h: s.submitMode("HTTPS"), unlocked: true},
		{pattern: submitPath + "txt", ctype: typeJSON, h: s.submitMode("TXT"), unlocked: true},
		{pattern: submitPath + "email", ctype: typeJSON, h: s.submitMode("EMAIL"), unlocked: true},
		{pattern: "POST /dcv/v1/validation/submit-bulk/domain/email", ctype: typeJSON, h: s.submitBulkEmail},
	}
}

// startMode starts a CNAME or HTTP(S) order. Starting again with the same
// method while the order is pending returns the same values; another method
// replaces the order. A validated domain may start a revalidation: it stays
// VALIDATED until the new order completes.
func (s *Server) startMode(mode string) func(*call) error {
	return func(c *call) error {
		r, err := c.bodyDCV()
		if err != nil {
			return err
		}
		if r.Order == nil || r.Order.Mode != mode {
			r.Order = s.newOrder(r.Domain, mode)
			c.commit()
		}
		if mode == "CNAME" {
			return c.json(cnameStartResp{Host: r.Order.Host, Point: r.Order.Point})
		}
		return c.json(httpStartResp{URL: r.Order.URL, FirstLine: r.Order.FirstLine, SecondLine: r.Order.SecondLine})
	}
}

// newOrder makes the values SCM hands out for each method (§5.4–5.6).
func (s *Server) newOrder(domain, mode string) *DCVOrder {
	o := &DCVOrder{Mode: mode, Status: orderAwaiting, Started: s.simNow()}
	switch mode {
	case "CNAME":
		o.Host = "_" + randomHex(16) + "." + domain + "."
		o.Point = randomHex(16) + "." + randomHex(16) + ".sectigo.com."
	case "HTTP", "HTTPS":
		o.URL = strings.ToLower(mode) + "://" + domain + "/.well-known/pki-validation/" +
			strings.ToUpper(randomHex(16)) + ".txt"
		o.FirstLine, o.SecondLine = randomHex(32), "sectigo.com"
	case "TXT":
		// The value carries punctuation, as SCM's does, so that clients
		// quote it properly.
		o.Host, o.Point = "_pki-validation."+domain+".", randomHex(12)+"|"+randomHex(8)
	}
	return o
}

// startTXT: v1 has no start step for TXT (§5.6).
func (s *Server) startTXT(*call) error {
	return invalid("dcvMethod", "TXT validation has no start step; call /dcv/v1/validation/submit/domain/txt")
}

// submitMode submits an order. CNAME and HTTP(S) need a started order of the
// same method (-724 otherwise); TXT creates its order here; EMAIL needs one of
// the candidate addresses. The order then progresses per dcv_mode.
func (s *Server) submitMode(mode string) func(*call) error {
	return func(c *call) error {
		var req struct {
			Domain string `json:"domain"`
			Email  string `json:"email"`
		}
		if err := c.decode(&req); err != nil {
			return err
		}
		s.mu.Lock()
		order, err := s.submitLocked(c, mode, req.Domain, req.Email)
		s.mu.Unlock()
		if err != nil {
			return err
		}
		s.progressDCV(c.r.Context(), order.domain, false)
		s.mu.Lock()
		defer s.mu.Unlock()
		return c.json(s.submitResp(s.dcvRecord(order.domain), order.DCVOrder))
	}
}

// submitted is a copy of the order taken at submit, so the answer can carry
// its values even when validation completes (and the order goes) at once.
type submitted struct {
	DCVOrder
	domain string
}

func (s *Server) submitLocked(c *call, mode, domain, email string) (submitted, error) {
	r, err := s.resolveDCV(c.admin, domain)
	if err != nil {
		return submitted{}, err
	}
	switch {
	case mode == "TXT" && (r.Order == nil || r.Order.Mode != "TXT"):
		r.Order = s.newOrder(r.Domain, mode)
	case mode == "EMAIL":
		if !isCandidateEmail(r.Domain, email) {
			return submitted{}, invalid("email", "'%s' is not a validation address for '%s'", email, r.Domain)
		}
		if r.Order == nil || r.Order.Mode != "EMAIL" || r.Order.Email != email {
			r.Order = s.newOrder(r.Domain, mode)
			r.Order.Email, r.Order.RefNumber = email, strings.ToUpper(randomHex(6))
		}
	case r.Order == nil || r.Order.Mode != mode:
		return submitted{}, badRequest(-724, "Request for '%s' cannot be processed since validation status is %s",
			r.Domain, orderNotInitiated)
	}
	if r.Order.Status != orderSubmitted {
		r.Order.Status, r.Order.Submitted = orderSubmitted, s.simNow()
		r.Order.BackendID = strconv.Itoa(s.nextOrderID())
		c.commit()
	}
	return submitted{DCVOrder: *r.Order, domain: r.Domain}, nil
}

func (s *Server) submitResp(r *DCVRecord, o DCVOrder) dcvSubmitResp {
	out := dcvSubmitResp{Status: s.statusOf(r), OrderStatus: orderNotInitiated, Message: "Submitted successfully",
		OrderBackendID: o.BackendID, EmailValidationReferenceNumber: o.RefNumber}
	if r != nil && r.Order != nil && r.Order.BackendID == o.BackendID {
		out.OrderStatus = r.Order.Status // still pending; otherwise validated at once
	}
	if o.Mode == "TXT" {
		out.Host, out.Point = o.Host, o.Point
	}
	return out
}
