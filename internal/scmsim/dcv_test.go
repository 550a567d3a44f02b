package scmsim

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dom(name string) map[string]string { return map[string]string{"domain": name} }

func (e *env) dcvStatus(name string) dcvStatusResp {
	e.t.Helper()
	var st dcvStatusResp
	r := e.do("POST", "/dcv/v2/validation/status", dom(name))
	r.requireStatus(e.t, 200)
	r.decode(e.t, &st)
	return st
}

func TestDCV_CNAMEFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("cname.example.com")
	assert.Equal(t, dcvStatusResp{Status: dcvNotValidated, OrderStatus: orderNotInitiated}, e.dcvStatus("cname.example.com"))

	var start cnameStartResp
	e.do("POST", "/dcv/v1/validation/start/domain/cname", dom("cname.example.com")).decode(t, &start)
	assert.Regexp(t, `^_[0-9a-f]{32}\.cname\.example\.com\.$`, start.Host)
	assert.Regexp(t, `^[0-9a-f]{32}\.[0-9a-f]{32}\.sectigo\.com\.$`, start.Point)
	assert.True(t, e.lastEntry().Mutating)

	var again cnameStartResp
	e.do("POST", "/dcv/v1/validation/start/domain/cname", dom("CNAME.example.com")).decode(t, &again)
	assert.Equal(t, start, again, "a pending order hands out the same values")
	assert.False(t, e.lastEntry().Mutating)

	st := e.dcvStatus("cname.example.com")
	assert.Equal(t, orderAwaiting, st.OrderStatus)
	assert.Equal(t, "CNAME", st.OrderMode)
	assert.Equal(t, start.Host, st.Host)

	var sub dcvSubmitResp
	e.do("POST", "/dcv/v1/validation/submit/domain/cname", dom("cname.example.com")).decode(t, &sub)
	assert.Equal(t, dcvValidated, sub.Status, "auto mode validates at submit")
	assert.Equal(t, orderNotInitiated, sub.OrderStatus)
	assert.NotEmpty(t, sub.OrderBackendID)
	assert.True(t, e.lastEntry().Mutating)

	st = e.dcvStatus("cname.example.com")
	assert.Equal(t, dcvStatusResp{Status: dcvValidated, OrderStatus: orderNotInitiated,
		ValidationDate: "2026-03-10", ExpirationDate: "2027-04-11"}, st)
	assert.False(t, e.lastEntry().Mutating, "status is a read")
}

func TestDCV_Errors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("err.example.com")
	e.createDomain("www.err.example.com")
	e.createDomain("partner.example.org", PartnerOrgID)
	id := e.createDomain("off.example.net")
	e.do("PUT", "/domain/v1/"+itoa(id)+"/suspend", nil).requireStatus(t, 200)
	tests := []struct {
		desc     string
		env      *env
		path     string
		domain   string
		wantCode int
		wantText string
	}{
		{desc: "unknown domain", path: "start/domain/cname", domain: "nope.example.com", wantCode: -727},
		{desc: "subdomain", path: "start/domain/cname", domain: "www.err.example.com", wantCode: -723, wantText: "'err.example.com'"},
		{desc: "wildcard", path: "start/domain/http", domain: "*.err.example.com", wantCode: -723},
		{desc: "name below a domain", path: "submit/domain/txt", domain: "a.b.err.example.com", wantCode: -723},
		{desc: "missing domain", path: "start/domain/cname", domain: "", wantCode: -7},
		{desc: "submit without start", path: "submit/domain/cname", domain: "err.example.com", wantCode: -724},
		{desc: "submit http after nothing", path: "submit/domain/https", domain: "err.example.com", wantCode: -724},
		{desc: "txt has no start", path: "start/domain/txt", domain: "err.example.com", wantCode: -1601},
		{desc: "rao on another org's domain", env: e.rao(), path: "start/domain/cname", domain: "partner.example.org", wantCode: -3},
		{desc: "suspended", path: "start/domain/cname", domain: "off.example.net", wantCode: -715},
		{desc: "email not a candidate", path: "submit/domain/email", domain: "err.example.com", wantCode: -1601},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			env := e
			if tc.env != nil {
				env = tc.env
			}
			eb := env.do("POST", "/dcv/v1/validation/"+tc.path, dom(tc.domain)).requireErr(t, 400, tc.wantCode)
			assert.Contains(t, eb.Description, tc.wantText)
			assert.False(t, e.lastEntry().Mutating)
		})
	}
}

func TestDCV_HTTPAndTXT(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.Knobs = &Knobs{DCVMode: DCVModeNever, DCVValidityDays: 30} })
	e.createDomain("web.example.com")

	var h httpStartResp
	e.do("POST", "/dcv/v1/validation/start/domain/https", dom("web.example.com")).decode(t, &h)
	assert.Regexp(t, `^https://web\.example\.com/\.well-known/pki-validation/[0-9A-F]{32}\.txt$`, h.URL)
	assert.Regexp(t, `^[0-9a-f]{64}$`, h.FirstLine)
	assert.Equal(t, "sectigo.com", h.SecondLine)

	var txt dcvSubmitResp
	e.do("POST", "/dcv/v1/validation/submit/domain/txt", dom("web.example.com")).decode(t, &txt)
	assert.Equal(t, "_pki-validation.web.example.com.", txt.Host)
	assert.Contains(t, txt.Point, "|")
	assert.Equal(t, dcvNotValidated, txt.Status, "never mode")
	assert.Equal(t, orderSubmitted, txt.OrderStatus)

	var again dcvSubmitResp
	e.do("POST", "/dcv/v1/validation/submit/domain/txt", dom("web.example.com")).decode(t, &again)
	assert.Equal(t, txt, again)

	st := e.dcvStatus("web.example.com")
	assert.Equal(t, "TXT", st.OrderMode)
	assert.Equal(t, txt.Point, st.Point)
	assert.Equal(t, "2026-03-10T12:00:00.000Z", st.SubmittedDate)
	assert.Equal(t, "2026-03-10T12:10:00.000Z", st.NextCheck)

	require.NoError(t, e.sim.ValidateDCV("web.example.com"))
	st = e.dcvStatus("web.example.com")
	assert.Equal(t, dcvValidated, st.Status)
	assert.Equal(t, "2026-04-09", st.ExpirationDate, "dcv_validity_days")
	assert.Equal(t, "DNSTXT_RANDOM_VALUE", e.sim.World().DCV[0].Method)
}

func TestDCV_AutoPolls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.setKnobs(func(k *Knobs) { k.DCVAutoPolls = 2 })
	e.createDomain("polls.example.com")
	e.do("POST", "/dcv/v1/validation/start/domain/cname", dom("polls.example.com")).requireStatus(t, 200)
	var sub dcvSubmitResp
	e.do("POST", "/dcv/v1/validation/submit/domain/cname", dom("polls.example.com")).decode(t, &sub)
	assert.Equal(t, dcvNotValidated, sub.Status)
	assert.Equal(t, orderSubmitted, sub.OrderStatus)
	assert.Equal(t, orderSubmitted, e.dcvStatus("polls.example.com").OrderStatus)
	st := e.dcvStatus("polls.example.com")
	assert.Equal(t, dcvValidated, st.Status, "second poll")
	assert.Equal(t, orderNotInitiated, st.OrderStatus)
	for _, je := range e.sim.Journal() {
		if je.Path == "/api/dcv/v2/validation/status" {
			assert.False(t, je.Mutating)
		}
	}
}

func TestDCV_Email(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("mail.example.com")
	e.createDomain("mail.example.org")
	var start emailStartResp
	e.do("POST", "/dcv/v1/validation/start/domain/email", dom("mail.example.com")).decode(t, &start)
	assert.Contains(t, start.Emails, "hostmaster@mail.example.com")
	require.Len(t, start.DCVEmails, 1)
	assert.Len(t, start.DCVEmails[0].AdminEmails, 5)

	var bulk emailStartResp
	e.do("POST", "/dcv/v1/validation/start/domain/email",
		map[string]any{"domains": []string{"mail.example.com", "mail.example.org"}}).decode(t, &bulk)
	assert.Empty(t, bulk.Emails, "no constructed address serves both")
	assert.Len(t, bulk.DCVEmails, 2)

	var sub dcvSubmitResp
	e.do("POST", "/dcv/v1/validation/submit/domain/email",
		map[string]string{"domain": "mail.example.com", "email": "admin@mail.example.com"}).decode(t, &sub)
	assert.Equal(t, dcvValidated, sub.Status)
	assert.Regexp(t, regexp.MustCompile(`^[0-9A-F]{12}$`), sub.EmailValidationReferenceNumber)

	var bs bulkSubmitResp
	e.do("POST", "/dcv/v1/validation/submit-bulk/domain/email",
		map[string]any{"domains": []string{"mail.example.org"}, "email": "webmaster@mail.example.org"}).decode(t, &bs)
	assert.Equal(t, orderSubmitted, bs.OrderStatus)
	assert.Equal(t, dcvValidated, e.dcvStatus("mail.example.org").Status)
}

func TestDCV_ClearDeleteSync(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("cds.example.com")
	require.NoError(t, e.sim.ValidateDCV("cds.example.com"))
	e.do("POST", "/dcv/v1/validation/start/domain/cname", dom("cds.example.com")).requireStatus(t, 200)

	var cl dcvClearResp
	e.do("POST", "/dcv/v1/validation/clear", dom("cds.example.com")).decode(t, &cl)
	assert.Equal(t, dcvClearResp{Status: dcvValidated, OrderStatus: orderNotInitiated,
		Message: "DCV status: Validated; DCV order status: Not Initiated"}, cl)

	var st dcvStatusResp
	e.do("POST", "/dcv/v1/validation/sync?force=true", dom("cds.example.com")).decode(t, &st)
	assert.Equal(t, dcvValidated, st.Status)
	assert.False(t, e.lastEntry().Mutating)

	r := e.do("POST", "/dcv/v1/validation/delete", dom("cds.example.com"))
	r.requireStatus(t, 200)
	assert.Empty(t, r.body)
	assert.Equal(t, dcvNotValidated, e.dcvStatus("cds.example.com").Status)
}

func TestDCV_ListAndExpiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createDomain("list.example.com")
	e.createDomain("*.list.example.com")
	e.createDomain("other.example.org", PartnerOrgID)
	e.createDomain("dept.example.net", DemoWebDeptID)
	require.NoError(t, e.sim.ValidateDCV("list.example.com"))
	e.setKnobs(func(k *Knobs) { k.DCVValidityDays = 10 })
	require.NoError(t, e.sim.ValidateDCV("dept.example.net"))
	names := func(query string) []string {
		var items []dcvListItem
		r := e.do("GET", "/dcv/v1/validation"+query, nil)
		r.decode(t, &items)
		var out []string
		for _, it := range items {
			out = append(out, it.Domain)
		}
		assert.Equal(t, itoa(len(out)), r.header.Get("X-Total-Count"))
		return out
	}
	all := []string{"list.example.com", "*.list.example.com", "other.example.org", "dept.example.net"}
	assert.Equal(t, all, names(""))
	assert.Equal(t, all, names("?domain=&org=&department=&dcvStatus=&orderStatus=&expiresIn="))
	assert.Equal(t, []string{"list.example.com", "*.list.example.com", "dept.example.net"}, names("?dcvStatus=VALIDATED"))
	assert.Equal(t, []string{"dept.example.net"}, names("?expiresIn=30"))
	assert.Equal(t, []string{"other.example.org"}, names("?org=1004"))
	assert.Equal(t, []string{"list.example.com", "*.list.example.com", "dept.example.net"}, names("?org=1001"))
	assert.Equal(t, []string{"dept.example.net"}, names("?department=1002"))
	assert.Equal(t, []string{"list.example.com", "*.list.example.com", "dept.example.net"}, e.rao().namesOf(t))

	e.sim.SetClockOffset(11 * 24 * 3600 * 1e9)
	assert.Equal(t, dcvExpired, e.dcvStatus("dept.example.net").Status, "past the expiration date")
	require.NoError(t, e.sim.ExpireDCV("list.example.com"))
	assert.Equal(t, dcvExpired, e.dcvStatus("list.example.com").Status)
}

func (e *env) namesOf(t *testing.T) []string {
	var items []dcvListItem
	e.do("GET", "/dcv/v2/validation", nil).decode(t, &items)
	var out []string
	for _, it := range items {
		out = append(out, it.Domain)
	}
	return out
}

// TestDCV_ListFollowsDomainChanges: the DCV listing's index is kept between requests, and still shows
// a domain deleted and another created in its place (the same number of entries and records, so only
// the change count tells them apart), and a validation made after it was built.
func TestDCV_ListFollowsDomainChanges(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gone := e.createDomain("gone.example.com")
	require.NoError(t, e.sim.ValidateDCV("gone.example.com"))
	before := e.namesOf(t)
	require.Contains(t, before, "gone.example.com")

	e.do("DELETE", "/domain/v1/"+itoa(gone), nil).requireStatus(t, 204)
	e.createDomain("new.example.com")
	e.dcvStatus("new.example.com") // its DCV record, as SCM keeps one for every domain it was asked about
	after := e.namesOf(t)
	assert.NotContains(t, after, "gone.example.com")
	assert.Contains(t, after, "new.example.com")
	assert.Len(t, after, len(before))

	require.NoError(t, e.sim.ValidateDCV("new.example.com"))
	var items []dcvListItem
	e.do("GET", "/dcv/v1/validation?domain=new.example.com", nil).decode(t, &items)
	require.Len(t, items, 1)
	assert.Equal(t, dcvValidated, items[0].DCVStatus)
}
