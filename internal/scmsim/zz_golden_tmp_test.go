package scmsim

// TEMPORARY (refactor safety net, removed before hand-back): drives most
// endpoints through success and error paths and writes a normalised
// transcript to $SCMSIM_GOLDEN_OUT.

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var (
	goldenPEM   = regexp.MustCompile(`-----BEGIN [A-Z ]+-----[^-]*-----END [A-Z ]+-----`)
	goldenHex   = regexp.MustCompile(`[0-9a-fA-F:]{16,}`)
	goldenTok   = regexp.MustCompile(`[A-Za-z0-9_\-]{20,}`)
	goldenPort  = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	goldenB64   = regexp.MustCompile(`"[A-Za-z0-9+/=\\_-]{40,}"`)
	goldenRenew = regexp.MustCompile(`/ssl/v1/renew/[A-Za-z0-9_\-]+`)
)

var (
	goldenRef = regexp.MustCompile(`"emailValidationReferenceNumber":"[0-9A-F]+"`)
	goldenCA  = regexp.MustCompile(`CA [0-9a-f]{6}`)
)

func goldenNorm(s string) string {
	s = goldenRef.ReplaceAllString(s, "REF")
	s = goldenCA.ReplaceAllString(s, "CA ID")
	s = goldenPEM.ReplaceAllString(s, "PEM")
	s = goldenPort.ReplaceAllString(s, "HOST")
	s = goldenB64.ReplaceAllString(s, `"B64"`)
	s = goldenHex.ReplaceAllString(s, "HEX")
	s = goldenTok.ReplaceAllString(s, "TOK")
	return s
}

func TestZZGoldenTranscript(t *testing.T) {
	out := os.Getenv("SCMSIM_GOLDEN_OUT")
	if out == "" {
		t.Skip("SCMSIM_GOLDEN_OUT not set")
	}
	e := newEnv(t)
	var b strings.Builder
	rec := func(r *resp, method, path string) {
		body := string(r.body)
		if strings.HasPrefix(r.header.Get("Content-Type"), "application/octet-stream") {
			body = "<octets>"
		}
		fmt.Fprintf(&b, "%s %s -> %d ct=%q loc=%q total=%q disp=%q retry=%q\n  %s\n", method, goldenRenew.ReplaceAllString(goldenNorm(path), "/ssl/v1/renew/RID"), r.status,
			r.header.Get("Content-Type"), goldenNorm(r.header.Get("Location")), r.header.Get("X-Total-Count"),
			goldenNorm(r.header.Get("Content-Disposition")), r.header.Get("Retry-After"), goldenNorm(body))
	}
	do := func(env *env, method, path string, body any) *resp {
		r := env.do(method, path, body)
		rec(r, env.login+" "+method, path)
		return r
	}
	raw := func(env *env, method, path, ctype, body string) *resp {
		hdr := map[string]string{"login": env.login, "password": env.pass, "customerUri": "demo"}
		if ctype != "" {
			hdr["Content-Type"] = ctype
		}
		var bd any
		if body != "" {
			bd = body
		}
		r := env.doWith(env.client, method, path, bd, hdr)
		rec(r, env.login+" RAW "+method+" ct="+ctype, path)
		return r
	}
	adm := func(method, path string, body any) *resp {
		r := e.adminDo(method, path, body)
		rec(r, "ADMIN "+method, path)
		return r
	}
	rao := e.rao()
	bad := e.as("mrao", "nope")

	// auth, unknown paths
	do(bad, "GET", "/organization/v1", nil)
	do(e, "GET", "/nothing/here", nil)
	do(e, "GET", "=/elsewhere", nil)

	// organizations
	for _, p := range []string{"/organization/v1", "/organization/v1/1001", "/organization/v1/1002",
		"/organization/v1/1004", "/organization/v1/9999", "/organization/v1/abc", "/organization/v1/-3",
		"/organization/v1/managedBy/RAO_SSL", "/organization/v1/managed-by/DRAO_SSL", "/organization/v1/managedBy/XX",
		"/organization/v1/report-type/SSL", "/organization/v1/report-type/Device", "/organization/v1/report-type/Nope"} {
		do(e, "GET", p, nil)
		do(rao, "GET", p, nil)
	}

	// domains
	do(e, "POST", "/domain/v1", domainBody("example.com", DemoOrgID))
	do(e, "POST", "/domain/v1", domainBody("*.example.org", DemoOrgID, 1004))
	do(e, "POST", "/domain/v1", domainBody("partner.net", 1004))
	do(e, "POST", "/domain/v1", domainBody("example.com", DemoOrgID))
	do(e, "POST", "/domain/v1", domainBody("x", DemoOrgID))
	do(e, "POST", "/domain/v1", map[string]any{"name": "nodeleg.com"})
	do(e, "POST", "/domain/v1", domainBody("unknownorg.com", 4242))
	do(rao, "POST", "/domain/v1", domainBody("raoother.com", 1004))
	do(e, "POST", "/domain/v1", map[string]any{"name": "ct.com", "delegations": []map[string]any{{"orgId": "1001", "certTypes": []string{"SSL"}}},
		"ctLogMonitoring": map[string]any{"enabled": true}})
	do(e, "POST", "/domain/v1", map[string]any{"name": "ct2.com", "active": "false", "description": "d", "delegations": []map[string]any{{"orgId": 1001, "certTypes": []string{"SSL", "SMIME"}, "domainCertificateRequestPrivileges": []string{"DOMAIN", "SUBDOMAIN"}}},
		"ctLogMonitoring": map[string]any{"enabled": "true", "bucketId": "b1"}})
	do(e, "POST", "/domain/v1", map[string]any{"name": "bad.com", "delegations": []map[string]any{{"orgId": 1001, "certTypes": []string{"XX"}}}})
	do(e, "POST", "/domain/v1", map[string]any{"name": "bad.com", "delegations": []map[string]any{{"orgId": 1001, "certTypes": []string{"SSL"}, "domainCertificateRequestPrivileges": []string{"NOPE"}}}})
	do(e, "POST", "/domain/v1", map[string]any{"name": "bad.com", "delegations": []map[string]any{{"certTypes": []string{"SSL"}}}})
	raw(e, "POST", "/domain/v1", "text/plain", `{"name":"a.com"}`)
	raw(e, "POST", "/domain/v1", "application/json", `{"name":`)
	raw(e, "POST", "/domain/v1", "application/json", `null`)
	for _, p := range []string{"/domain/v1", "/domain/v1?name=EXAMPLE", "/domain/v1?state=inactive", "/domain/v1?status=approved&orgId=1004",
		"/domain/v1?size=500", "/domain/v1?position=-1", "/domain/v1?position=1&size=1", "/domain/v1?orgId=x",
		"/domain/v1/2001", "/domain/v1/2003", "/domain/v1/9999", "/domain/v1/abc"} {
		do(e, "GET", p, nil)
		do(rao, "GET", p, nil)
	}
	do(rao, "PUT", "/domain/v1/2001/suspend", nil)
	do(e, "PUT", "/domain/v1/2001/suspend", nil)
	do(e, "PUT", "/domain/v1/2001/suspend", nil)
	do(e, "PUT", "/domain/v1/2001/activate", nil)
	do(e, "PUT", "/domain/v1/9999/activate", nil)
	do(e, "POST", "/domain/v1/2001/delegation", map[string]any{"orgId": 1002, "certTypes": []string{"SSL"}})
	do(e, "POST", "/domain/v1/2001/delegation", map[string]any{"orgId": 1002, "certTypes": []string{"SMIME"}})
	raw(e, "POST", "/domain/v1/9999/delegation", "application/json", `{bad`)
	raw(e, "POST", "/domain/v1/2001/delegation", "application/json", `{bad`)
	raw(e, "POST", "/domain/v1/abc/delegation", "text/plain", `{}`)
	do(rao, "POST", "/domain/v1/2001/delegation", map[string]any{"orgId": 1004, "certTypes": []string{"SSL"}})
	do(e, "DELETE", "/domain/v1/2001/delegation", map[string]any{"orgId": 1002, "certTypes": []string{"SMIME"}})
	do(e, "DELETE", "/domain/v1/2001/delegation", map[string]any{"orgId": 1002})
	do(e, "DELETE", "/domain/v1/2001/delegation", map[string]any{"orgId": 1002})
	do(e, "DELETE", "/domain/v1/2001/delegation", map[string]any{"orgId": 1001})
	do(e, "DELETE", "/domain/v1/2001/delegation", map[string]any{})
	do(e, "DELETE", "/domain/v1/2001/delegation", map[string]any{"orgId": 4242})
	raw(e, "DELETE", "/domain/v1/9999/delegation", "application/json", `{bad`)
	e.setKnobs(func(k *Knobs) { k.DelegationApproval = true })
	do(e, "POST", "/domain/v1/2001/delegation", map[string]any{"orgId": 1003, "certTypes": []string{"SSL"}})
	do(e, "POST", "/domain/v1/2001/delegation", map[string]any{"orgId": 1004, "certTypes": []string{"SSL"}})
	raw(rao, "POST", "/domain/v1/2001/delegation/approve", "application/json", `{bad`)
	raw(e, "POST", "/domain/v1/2001/delegation/approve", "application/json", `{bad`)
	raw(e, "POST", "/domain/v1/9999/delegation/approve", "application/json", `{bad`)
	do(e, "POST", "/domain/v1/2001/delegation/approve", map[string]any{})
	do(e, "POST", "/domain/v1/2001/delegation/approve", map[string]any{"orgId": 1001})
	do(e, "POST", "/domain/v1/2001/delegation/approve", map[string]any{"orgId": 1003})
	do(e, "POST", "/domain/v1/2001/delegation/reject", map[string]any{"orgId": 1004})
	do(e, "GET", "/domain/v1?status=requested", nil)
	e.setKnobs(func(k *Knobs) { k.DelegationApproval = false })
	do(e, "POST", "/domain/v1/delegation", map[string]any{"domainIds": []int{2001, 2002}, "orgId": 1003, "certTypes": []string{"SSL"}})
	do(e, "POST", "/domain/v1/delegation", map[string]any{"domainIds": []int{2001, 9999}, "orgId": 1003, "certTypes": []string{"SSL"}})
	do(e, "POST", "/domain/v1/delegation", map[string]any{"domainIds": []int{}, "orgId": 1003, "certTypes": []string{"SSL"}})
	do(rao, "POST", "/domain/v1/delegation", map[string]any{"domainIds": []int{2003}, "orgId": 1001, "certTypes": []string{"SSL"}})
	do(e, "GET", "/domain/v1/2001", nil)

	// DCV
	do(e, "POST", "/domain/v1", domainBody("sub.example.com", DemoOrgID))
	for _, p := range []string{"/dcv/v1/validation", "/dcv/v2/validation?domain=example", "/dcv/v2/validation?org=1001&department=1002",
		"/dcv/v1/validation?expiresIn=x", "/dcv/v1/validation?dcvStatus=validated", "/dcv/v1/validation?org=x", "/dcv/v1/validation?department=-1"} {
		do(e, "GET", p, nil)
		do(rao, "GET", p, nil)
	}
	for _, d := range []string{"", "nosuch.com", "sub.example.com", "example.com", "partner.net", "ct2.com"} {
		body := map[string]any{"domain": d}
		do(e, "POST", "/dcv/v1/validation/status", body)
		do(rao, "POST", "/dcv/v2/validation/status", body)
		do(rao, "POST", "/dcv/v1/validation/start/domain/cname", body)
		do(rao, "POST", "/dcv/v1/validation/clear", body)
		do(rao, "POST", "/dcv/v1/validation/sync?force=true", body)
	}
	raw(e, "POST", "/dcv/v1/validation/status", "application/json", `{bad`)
	raw(e, "POST", "/dcv/v1/validation/clear", "application/json", `{bad`)
	raw(e, "POST", "/dcv/v1/validation/delete", "application/json", `{bad`)
	raw(e, "POST", "/dcv/v1/validation/sync", "application/json", `{bad`)
	raw(e, "POST", "/dcv/v1/validation/start/domain/http", "application/json", `{bad`)
	raw(e, "POST", "/dcv/v1/validation/submit/domain/http", "application/json", `{bad`)
	raw(e, "POST", "/dcv/v1/validation/start/domain/email", "application/json", `{bad`)
	raw(e, "POST", "/dcv/v1/validation/submit-bulk/domain/email", "application/json", `{bad`)
	e.setKnobs(func(k *Knobs) { k.DCVAutoPolls = 1 })
	dom := map[string]any{"domain": "example.com"}
	do(e, "POST", "/dcv/v1/validation/submit/domain/cname", dom)
	do(e, "POST", "/dcv/v1/validation/start/domain/cname", dom)
	do(e, "POST", "/dcv/v1/validation/start/domain/cname", dom)
	do(e, "POST", "/dcv/v1/validation/start/domain/http", dom)
	do(e, "POST", "/dcv/v1/validation/start/domain/https", dom)
	do(e, "POST", "/dcv/v1/validation/submit/domain/cname", dom)
	do(e, "POST", "/dcv/v1/validation/submit/domain/https", dom)
	do(e, "POST", "/dcv/v1/validation/submit/domain/https", dom)
	do(e, "GET", "/dcv/v1/validation", nil)
	do(e, "POST", "/dcv/v1/validation/status", dom)
	do(e, "POST", "/dcv/v2/validation/status", dom)
	do(e, "POST", "/dcv/v1/validation/clear", dom)
	do(e, "POST", "/dcv/v1/validation/start/domain/txt", dom)
	do(e, "POST", "/dcv/v1/validation/submit/domain/txt", dom)
	do(e, "POST", "/dcv/v1/validation/sync", dom)
	do(e, "POST", "/dcv/v1/validation/status", dom)
	do(e, "POST", "/dcv/v1/validation/delete", dom)
	do(e, "POST", "/dcv/v1/validation/status", dom)
	do(e, "POST", "/dcv/v1/validation/start/domain/email", map[string]any{"domain": "example.com"})
	do(e, "POST", "/dcv/v1/validation/start/domain/email", map[string]any{"domains": []string{"example.com", "example.org"}})
	do(e, "POST", "/dcv/v1/validation/start/domain/email", map[string]any{"domains": []string{"example.com", "nosuch.org"}})
	do(e, "POST", "/dcv/v1/validation/submit/domain/email", map[string]any{"domain": "example.com", "email": "x@y.z"})
	do(e, "POST", "/dcv/v1/validation/submit/domain/email", map[string]any{"domain": "example.com", "email": "admin@example.com"})
	do(e, "POST", "/dcv/v1/validation/submit-bulk/domain/email", map[string]any{"domains": []string{"example.com", "example.org"}, "email": "admin@example.com"})
	do(e, "POST", "/dcv/v1/validation/submit-bulk/domain/email", map[string]any{"domains": []string{}, "email": "admin@example.com"})
	do(e, "POST", "/dcv/v1/validation/submit-bulk/domain/email", map[string]any{"domains": []string{"example.com"}, "email": "nobody@example.com"})
	do(e, "POST", "/dcv/v1/validation/status", dom)
	do(e, "POST", "/dcv/v1/validation/status", map[string]any{"domain": "example.org"})
	e.setKnobs(func(k *Knobs) { k.DCVAutoPolls = 0 })
	require.NoError(t, e.sim.ValidateDCV("example.com"))
	require.NoError(t, e.sim.ValidateDCV("example.org"))
	require.NoError(t, e.sim.ValidateDCV("partner.net"))
	do(e, "GET", "/dcv/v1/validation?expiresIn=500&orderStatus=not_initiated", nil)

	// SSL
	for _, p := range []string{"/ssl/v1/types", "/ssl/v1/types?organizationId=1001", "/ssl/v1/types?organizationId=1004",
		"/ssl/v1/types?organizationId=x", "/ssl/v1/types?organizationId=4242", "/ssl/v1/customFields"} {
		do(e, "GET", p, nil)
		do(rao, "GET", p, nil)
	}
	enr := func(env *env, cn string, profile, term int, sans string) *resp {
		return do(env, "POST", "/ssl/v1/enroll", enrollBody(t, cn, profile, term, sans))
	}
	enr(e, "www.example.com", ProfileOVMulti, 365, "example.com, a.example.com")
	enr(e, "www.example.org", ProfileOVMulti, 365, "")
	enr(e, "www.partner.net", ProfileOVMulti, 365, "")
	enr(e, "www.example.com", 102, 365, "")
	enr(e, "www.example.com", 104, 365, "")
	enr(e, "www.example.com", 999, 365, "")
	enr(e, "www.example.com", ProfileOVMulti, 7, "")
	enr(e, "www.unknown.com", ProfileOVMulti, 365, "")
	enr(rao, "www.example.com", ProfileOVMulti, 365, "")
	do(e, "POST", "/ssl/v1/enroll", map[string]any{"orgId": 1001, "certType": 101, "term": 365})
	do(e, "POST", "/ssl/v1/enroll", map[string]any{"csr": "x"})
	do(e, "POST", "/ssl/v1/enroll", map[string]any{"orgId": 1001, "csr": "junk", "certType": 101, "term": 365})
	raw(e, "POST", "/ssl/v1/enroll", "application/json", `{bad`)
	raw(e, "POST", "/ssl/v1/enroll", "application/xml", `<x/>`)
	for _, p := range []string{"/ssl/v1/5001", "/ssl/v1/5002", "/ssl/v1/9999", "/ssl/v1/abc", "/ssl/v1/0",
		"/ssl/v1", "/ssl/v1?commonName=www", "/ssl/v1?status=issued&orgId=1001", "/ssl/v1?sslTypeId=x", "/ssl/v1?size=201",
		"/ssl/v1?subjectAlternativeName=a.example", "/ssl/v1?serialNumber=00",
		"/ssl/v1/collect/5001", "/ssl/v1/collect/5001?format=PEM", "/ssl/v1/collect/5001/x509CO", "/ssl/v1/collect/5001/nope",
		"/ssl/v1/collect/9999", "/ssl/v1/collect/5002/pemia", "/ssl/v1/collect/5001/bin"} {
		do(e, "GET", p, nil)
		do(rao, "GET", p, nil)
	}
	do(e, "HEAD", "/ssl/v1", nil)
	do(e, "PUT", "/ssl/v1", map[string]any{"sslId": 5001, "comments": "c", "externalRequester": "x@y", "customFields": []map[string]string{{"name": "ticket", "value": "T1"}}})
	do(e, "PUT", "/ssl/v1", map[string]any{"sslId": 5001, "term": 180})
	do(e, "PUT", "/ssl/v1", map[string]any{"sslId": 5001, "customFields": []map[string]string{{"name": "nope", "value": "T1"}}})
	do(e, "PUT", "/ssl/v1", map[string]any{"sslId": 9999})
	do(e, "PUT", "/ssl/v1", map[string]any{})
	raw(e, "PUT", "/ssl/v1", "application/json", `{bad`)
	do(e, "DELETE", "/ssl/v1/5001", nil)
	do(e, "DELETE", "/ssl/v1/9999", nil)
	do(e, "POST", "/ssl/v1/renewById/5001", nil)
	do(e, "POST", "/ssl/v1/renewById/5001", nil)
	do(e, "POST", "/ssl/v1/renewById/9999", nil)
	raw(e, "POST", "/ssl/v1/renewById/5002", "application/json", `""`)
	raw(e, "POST", "/ssl/v1/renewById/5002", "application/json", `{bad`)
	do(e, "POST", "/ssl/v1/renew/nope", nil)
	var det sslDetails
	e.do("GET", "/ssl/v1/5002", nil).decode(t, &det)
	var cert5002 Certificate
	for _, c := range e.sim.World().Certificates {
		if c.ID == 5002 {
			cert5002 = c
		}
	}
	do(e, "POST", "/ssl/v1/renew/"+cert5002.RenewID, nil)
	do(e, "POST", "/ssl/v1/replace/5003", map[string]any{"csr": csrPEM(t, "www.partner.net"), "reason": "key"})
	do(e, "POST", "/ssl/v1/replace/5001", map[string]any{"csr": csrPEM(t, "x.example.com"), "reason": "key"})
	do(e, "POST", "/ssl/v1/replace/5004", map[string]any{"csr": csrPEM(t, "x.example.com"), "reason": ""})
	do(e, "POST", "/ssl/v1/replace/5004", map[string]any{"csr": csrPEM(t, "x.example.com"), "reason": "k", "commonName": "y.example.com", "subjectAlternativeNames": "z.example.com"})
	do(e, "POST", "/ssl/v1/replace/5004", map[string]any{"csr": "", "reason": "k"})
	raw(e, "POST", "/ssl/v1/replace/9999", "application/json", `{bad`)
	raw(e, "POST", "/ssl/v1/replace/5004", "application/json", `{bad`)
	do(e, "POST", "/ssl/v1/revoke/5004", map[string]any{"reason": ""})
	do(e, "POST", "/ssl/v1/revoke/5004", map[string]any{"reason": "r", "reasonCode": 2})
	do(e, "POST", "/ssl/v1/revoke/5004", map[string]any{"reason": "r", "reasonCode": "4"})
	do(e, "POST", "/ssl/v1/revoke/5004", map[string]any{"reason": "r"})
	do(e, "GET", "/ssl/v1/collect/5004", nil)
	do(e, "GET", "/ssl/v1/5004", nil)
	raw(e, "POST", "/ssl/v1/revoke/9999", "application/json", `{bad`)
	do(e, "POST", "/ssl/v1/revoke/serial/nope", map[string]any{"reason": "r"})
	w := e.sim.World()
	serial := ""
	for _, c := range w.Certificates {
		if c.ID == 5003 {
			serial = c.SerialHex
		}
	}
	do(e, "POST", "/ssl/v1/revoke/serial/"+serial, map[string]any{"reason": "r", "reasonCode": 1})
	do(e, "POST", "/ssl/v1/revoke/manual", map[string]any{"certId": 5005, "reasonCode": 0})
	do(e, "POST", "/ssl/v1/revoke/manual", map[string]any{"certId": 5005})
	do(e, "POST", "/ssl/v1/revoke/manual", map[string]any{"certId": 9999})
	do(e, "POST", "/ssl/v1/revoke/manual", map[string]any{"serialNumber": "00"})
	do(e, "POST", "/ssl/v1/revoke/manual", map[string]any{})
	do(e, "POST", "/ssl/v1/revoke/manual", map[string]any{"certId": 5005, "reasonCode": 9})
	raw(e, "POST", "/ssl/v1/revoke/manual", "application/json", `{bad`)
	e.setKnobs(func(k *Knobs) { k.SSLApproval = true; k.SSLIssueAfterCollects = 1 })
	enr(e, "www.example.com", ProfileOVMulti, 365, "")
	enr(e, "b.example.com", ProfileOVMulti, 365, "")
	do(e, "GET", "/ssl/v1/collect/5007", nil)
	do(e, "PUT", "/ssl/v1", map[string]any{"sslId": 5007, "term": 180})
	do(e, "PUT", "/ssl/v1", map[string]any{"sslId": 5007, "term": 7})
	do(e, "POST", "/ssl/v1/approve/5007", map[string]any{"message": strings.Repeat("m", 600)})
	raw(e, "POST", "/ssl/v1/approve/9999", "application/json", `{bad`)
	raw(e, "POST", "/ssl/v1/approve/5007", "application/json", `{bad`)
	do(e, "POST", "/ssl/v1/approve/5007", map[string]any{"message": "ok"})
	do(e, "POST", "/ssl/v1/approve/5007", map[string]any{"message": "ok"})
	do(e, "GET", "/ssl/v1/collect/5007", nil)
	do(e, "GET", "/ssl/v1/collect/5007", nil)
	do(e, "POST", "/ssl/v1/decline/5008", nil)
	do(e, "POST", "/ssl/v1/decline/5008", nil)
	do(e, "GET", "/ssl/v1/collect/5008", nil)
	do(e, "GET", "/ssl/v1/5008", nil)
	e.setKnobs(func(k *Knobs) { k.SSLApproval = false; k.SSLIssueAfterCollects = 0; k.CollectNotReadyCode = -183 })

	// ACME
	for _, p := range []string{"/acme/v1/server", "/acme/v1/server?caId=x", "/acme/v1/server?name=ov&caId=301", "/acme/v1/server?certValidationType=dv"} {
		do(e, "GET", p, nil)
	}
	for _, v := range []string{"v1", "v2"} {
		do(e, "POST", "/acme/"+v+"/account", acctBody("acct-"+v, "Sectigo OV ACME (demo)", DemoOrgID))
		do(e, "POST", "/acme/"+v+"/account", acctBody("acct-"+v, "https://h/acme/v2/DV/", "1002"))
		do(e, "POST", "/acme/"+v+"/account", acctBody("", "Sectigo OV ACME (demo)", DemoOrgID))
		do(e, "POST", "/acme/"+v+"/account", acctBody("n", "nope", DemoOrgID))
		do(e, "POST", "/acme/"+v+"/account", acctBody("n", "Sectigo OV ACME (demo)", nil))
		do(rao, "POST", "/acme/"+v+"/account", acctBody("n", "Sectigo OV ACME (demo)", 1004))
		raw(e, "POST", "/acme/"+v+"/account", "application/json", `{bad`)
	}
	for _, v := range []string{"v1", "v2"} {
		for _, p := range []string{"", "?organizationId=1001", "?organizationId=1001,-2", "?organizationId=1001&name=V1&acmeServer=Sectigo%20OV%20ACME%20(demo)",
			"?organizationId=1001&acmeServer=nope", "?organizationId=x", "?organizationId=1004", "?organizationId=1001&status=PENDING&certValidationType=ov",
			"/7001", "/7002", "/9999", "/abc"} {
			do(e, "GET", "/acme/"+v+"/account"+p, nil)
			do(rao, "GET", "/acme/"+v+"/account"+p, nil)
		}
	}
	do(e, "PUT", "/acme/v2/account/7001", map[string]any{"name": "renamed"})
	do(e, "PUT", "/acme/v2/account/7001", map[string]any{"name": "renamed"})
	do(e, "PUT", "/acme/v2/account/7001", map[string]any{"name": " "})
	raw(e, "PUT", "/acme/v2/account/9999", "application/json", `{bad`)
	raw(e, "PUT", "/acme/v1/account/7001", "application/json", `{bad`)
	do(e, "POST", "/acme/v1/account/7001/domains", map[string]any{"domains": []map[string]string{{"name": "www.example.com"}, {"name": "*.example.org"}, {"name": "other.io"}}})
	do(e, "POST", "/acme/v2/account/7001/domain", map[string]any{"domains": []map[string]string{{"name": "a.example.com"}}})
	do(e, "POST", "/acme/v2/account/7001/domain", map[string]any{"domains": []map[string]string{}})
	do(e, "POST", "/acme/v2/account/7001/domain", map[string]any{"domains": []map[string]string{{"name": ""}}})
	raw(e, "POST", "/acme/v2/account/9999/domain", "application/json", `{bad`)
	raw(e, "POST", "/acme/v2/account/7001/domain", "application/json", `{bad`)
	do(e, "GET", "/acme/v1/account/7001", nil)
	for _, p := range []string{"", "?name=^www", "?name=(", "?expiresWithinNextDays=400", "?expiresWithinNextDays=10", "?stickyExpiresWithinNextDays=x", "?size=1&position=1"} {
		do(e, "GET", "/acme/v2/account/7001/domain"+p, nil)
	}
	do(e, "DELETE", "/acme/v2/account/7001/domain", map[string]any{"domains": []map[string]string{{"name": "a.example.com"}, {"name": "zzz.com"}}})
	do(e, "DELETE", "/acme/v1/account/7001/domains", map[string]any{"domains": []map[string]string{{"name": "zzz.com"}}})
	raw(e, "DELETE", "/acme/v1/account/9999/domains", "application/json", `{bad`)
	do(e, "GET", "/acme/v2/account/7001/client", nil)
	do(e, "GET", "/acme/v2/account/9999/client", nil)
	do(e, "PUT", "/acme/v2/account/7001/client/9001", nil)
	do(e, "PUT", "/acme/v2/account/9999/client/9001", nil)
	e.setKnobs(func(k *Knobs) { k.StrictACMEDelete = true })
	do(e, "DELETE", "/acme/v2/account/7002", nil)
	e.setKnobs(func(k *Knobs) { k.StrictACMEDelete = false })
	do(rao, "DELETE", "/acme/v2/account/7002", nil)
	do(e, "DELETE", "/acme/v2/account/7002", nil)
	do(e, "DELETE", "/acme/v2/account/7002", nil)
	do(e, "GET", "/acme/v2/account?organizationId=1001", nil)

	// private API without a client certificate
	rec(e.do("GET", "/private/api/organization/v1", nil), "mrao GET", "/private/api/organization/v1")

	// admin API
	adm("GET", "/admin/journal?since=x", nil)
	adm("GET", "/admin/counters", nil)
	adm("GET", "/admin/faults", nil)
	adm("PUT", "/admin/faults", `{"nope":1}`)
	adm("PUT", "/admin/faults", `{"fail_rate":2}`)
	adm("PUT", "/admin/faults", `{bad`)
	adm("PUT", "/admin/faults", `{"fail_next":{"match":"GET /api/domain/v1","count":1}}`)
	do(e, "GET", "/domain/v1", nil)
	do(e, "GET", "/domain/v1", nil)
	adm("PUT", "/admin/faults", `{"fail_next":null,"retry_after_seconds":3,"rate_limit_rate":1}`)
	do(e, "GET", "/domain/v1", nil)
	adm("PUT", "/admin/faults", `{"rate_limit_rate":0}`)
	adm("GET", "/admin/knobs", nil)
	adm("PUT", "/admin/knobs", `{"dcv_mode":"nope"}`)
	adm("PUT", "/admin/knobs", `{"bogus":true}`)
	adm("PUT", "/admin/knobs", `{"dcv_auto_polls":2}`)
	adm("PUT", "/admin/knobs", ``)
	adm("POST", "/admin/dcv/nosuch.com/validate", nil)
	adm("POST", "/admin/dcv/example.com/expire", nil)
	adm("POST", "/admin/dcv/example.com/validate", nil)
	adm("POST", "/admin/ssl/abc/issue", nil)
	adm("POST", "/admin/ssl/9999/issue", nil)
	adm("POST", "/admin/ssl/5004/issue", nil)
	adm("POST", "/admin/ssl/5001/issue", `{"days_valid":5}`)
	adm("POST", "/admin/ssl/5001/issue", `{"bogus":5}`)
	adm("POST", "/admin/ssl/abc/decline", nil)
	adm("POST", "/admin/ssl/9999/decline", nil)
	adm("POST", "/admin/ssl/5001/decline", nil)
	adm("GET", "/admin/clock", nil)
	adm("POST", "/admin/clock", `{"offset_seconds":86400}`)
	adm("POST", "/admin/clock", `{bad`)
	adm("POST", "/admin/client-cert", `{"login":""}`)
	adm("POST", "/admin/client-cert", `{"login":"mrao"}`)
	adm("POST", "/admin/client-cert", `{bad`)
	adm("POST", "/admin/seed", `{bad`)
	adm("GET", "/admin/ca", nil)
	for _, j := range e.sim.Journal() {
		fmt.Fprintf(&b, "J %d %s %s %q %d mut=%v fault=%s\n", j.Seq, j.Method, goldenRenew.ReplaceAllString(goldenNorm(j.Path), "/ssl/v1/renew/RID"), j.Query, j.Status, j.Mutating, j.Fault)
	}
	fmt.Fprintf(&b, "counters %+v\n", e.sim.Counters())
	wj, _ := jsonMarshalIndent(e.sim.World())
	b.WriteString(goldenNorm(wj))
	adm("DELETE", "/admin/journal", nil)
	adm("POST", "/admin/reset", nil)
	adm("GET", "/admin/world", nil)
	require.NoError(t, os.WriteFile(out, []byte(b.String()), 0o600))
}

func jsonMarshalIndent(v any) (string, error) {
	data, err := json.MarshalIndent(v, "", " ")
	return string(data), err
}
