package scmsim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"

	"github.com/scmkit/sectigo/internal/scmsim/simca"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSSL_TypesAndCustomFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var types []profileWire
	r := e.do("GET", "/ssl/v1/types?organizationId=1001", nil)
	r.decode(t, &types)
	require.Len(t, types, 4)
	assert.Equal(t, profileWire{ID: ProfileOVMulti, Name: "OV Multi-Domain", Description: "Organization validated, up to 250 names",
		Terms: []int{90, 180, 199, 365}, KeyTypes: map[string][]string{"RSA": {"2048", "3072", "4096"}, "EC": {"P-256", "P-384"}}}, types[0])
	assert.Empty(t, r.header.Get("X-Total-Count"))
	e.do("GET", "/ssl/v1/types?organizationId=99", nil).requireErr(t, 400, -1023)

	var fields []customFieldWire
	e.do("GET", "/ssl/v1/customFields", nil).decode(t, &fields)
	assert.Equal(t, []customFieldWire{{ID: 201, Name: "costCenter", Mandatory: true}, {ID: 202, Name: "ticket"}}, fields)
}

func TestSSL_EnrollValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("ok.example.com")
	e.createDomain("novalid.example.com")
	e.validDomain("partner.example.org", PartnerOrgID)
	e.createDomain("exact.example.net")
	require.NoError(t, e.sim.ValidateDCV("exact.example.net"))
	good := func() map[string]any { return enrollBody(t, "www.ok.example.com", ProfileOVMulti, 365, "") }
	with := func(k string, v any) map[string]any {
		b := good()
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	tests := []struct {
		desc     string
		env      *env
		body     any
		wantCode int
	}{
		{desc: "missing org", body: with("orgId", nil), wantCode: -7},
		{desc: "unknown org", body: with("orgId", 77), wantCode: -1023},
		{desc: "org not managed by the rao", env: e.rao(), body: with("orgId", PartnerOrgID), wantCode: -3},
		{desc: "missing certType", body: with("certType", nil), wantCode: -39},
		{desc: "unknown certType", body: with("certType", 999), wantCode: -111},
		{desc: "term not offered", body: with("term", 730), wantCode: -36},
		{desc: "missing csr", body: with("csr", nil), wantCode: -7},
		{desc: "csr not base64", body: with("csr", "!!!"), wantCode: -9},
		{desc: "csr garbage", body: with("csr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"), wantCode: -10},
		{desc: "P-384 key on OV Single", body: map[string]any{"orgId": DemoOrgID, "certType": ProfileOVSingl,
			"term": 365, "csr": csrFor(t, mustP384(t), "www.ok.example.com")}, wantCode: -13},
		{desc: "rsa too small", body: with("csr", rsaCSR(t, 1024, "www.ok.example.com")), wantCode: -141},
		{desc: "EV without its mandatory field", body: map[string]any{"orgId": DemoOrgID, "certType": ProfileEVMulti, "term": 365,
			"csr": rsaCSR(t, 2048, "www.ok.example.com")}, wantCode: -62},
		{desc: "unknown custom field", body: with("customFields", []map[string]string{{"name": "color", "value": "red"}}), wantCode: -1601},
		{desc: "bad dcvMode", body: with("dcvMode", "PIGEON"), wantCode: -1601},
		{desc: "email dcv without address", body: with("dcvMode", "EMAIL"), wantCode: -7},
		{desc: "name not delegated to the org", body: with("subjAltNames", "www.partner.example.org"), wantCode: -1010},
		{desc: "unknown name", body: with("subjAltNames", "www.nowhere.test"), wantCode: -1010},
		{desc: "domain without DCV", body: enrollBody(t, "novalid.example.com", ProfileOVMulti, 365, ""), wantCode: -107},
		{desc: "subdomain of an exact entry", body: enrollBody(t, "www.exact.example.net", ProfileOVMulti, 365, ""), wantCode: -1010},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			env := e
			if tc.env != nil {
				env = tc.env
			}
			env.do("POST", "/ssl/v1/enroll", tc.body).requireErr(t, 400, tc.wantCode)
			assert.False(t, e.lastEntry().Mutating)
		})
	}
	assert.Empty(t, e.sim.World().Certificates)
}

func TestSSL_EnrollAccepted(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("ok.example.com")
	e.createDomain("exact.example.net")
	require.NoError(t, e.sim.ValidateDCV("exact.example.net"))
	tests := []struct {
		desc string
		body any
	}{
		{desc: "comma-separated SANs", body: enrollBody(t, "ok.example.com", ProfileOVMulti, 90, "a.ok.example.com, *.ok.example.com")},
		{desc: "SANs as an array", body: map[string]any{"orgId": DemoOrgID, "csr": csrPEM(t, "ok.example.com"), "certType": ProfileOVMulti,
			"term": 90, "subjAltNames": []string{"b.ok.example.com"}}},
		{desc: "string numbers, legacy fields, null SANs", body: map[string]any{"orgId": "1001", "csr": csrPEM(t, "c.ok.example.com"),
			"certType": "101", "term": "365", "subjAltNames": nil, "numberServers": 1, "serverType": -1, "commonName": "x", "evDetails": map[string]any{}}},
		{desc: "department uses its parent's domain", body: map[string]any{"orgId": DemoWebDeptID, "csr": csrPEM(t, "d.ok.example.com"),
			"certType": ProfileOVSingl, "term": 199}},
		{desc: "exact entry for itself", body: enrollBody(t, "exact.example.net", ProfileOVMulti, 365, "")},
		{desc: "EV with costCenter", body: map[string]any{"orgId": DemoOrgID, "certType": ProfileEVMulti, "term": 365,
			"csr": rsaCSR(t, 2048, "ev.ok.example.com"), "customFields": []map[string]string{{"name": "costCenter", "value": "42"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := e.do("POST", "/ssl/v1/enroll", tc.body)
			r.requireStatus(t, http.StatusOK)
			assert.Equal(t, typeSSLJSON, r.header.Get("Content-Type"))
			var out enrollResp
			r.decode(t, &out)
			assert.Positive(t, out.SSLID)
			assert.Len(t, out.RenewID, 24)
			assert.True(t, e.lastEntry().Mutating)
		})
	}
}

func mustP384(t *testing.T) any {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	return key
}

func TestSSL_DetailsAndCollect(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("det.example.com")
	id := e.enroll("det.example.com", "www.det.example.com")

	var d sslDetails
	e.do("GET", "/ssl/v1/"+itoa(id), nil).decode(t, &d)
	assert.Equal(t, sslIssued, d.Status, "default knobs issue at enroll")
	assert.Equal(t, id, d.SSLID)
	assert.Equal(t, "03/10/2026", d.Requested)
	assert.Equal(t, "03/10/2027", d.Expires)
	assert.Equal(t, "EC - P-256", d.KeyType)
	assert.Equal(t, []string{"det.example.com", "www.det.example.com"}, d.SubjectAlternativeNames)
	assert.Regexp(t, `^[0-9A-F]{2}(:[0-9A-F]{2}){15}$`, d.SerialNumber)
	assert.Equal(t, "OV Multi-Domain", d.CertType.Name)
	assert.Equal(t, "Organization Validation (OV)", d.ValidationType)
	require.NotNil(t, d.CertificateDetails)
	assert.Equal(t, "dNSName=det.example.com, dNSName=www.det.example.com", d.CertificateDetails.SubjectAltNames)

	for _, path := range []string{"/ssl/v1/collect/" + itoa(id) + "?format=x509CO", "/ssl/v1/collect/" + itoa(id) + "/x509CO"} {
		r := e.do("GET", path, nil)
		r.requireStatus(t, 200)
		assert.Equal(t, typeOctet, r.header.Get("Content-Type"))
		assert.Equal(t, `attachment; filename="det.example.com.crt"`, r.header.Get("Content-Disposition"))
		block, _ := pem.Decode(r.body)
		require.NotNil(t, block)
		cert, err := x509.ParseCertificate(block.Bytes)
		require.NoError(t, err)
		assert.Equal(t, d.SerialNumber, strings.ToUpper(colonHex(cert.SerialNumber.Bytes())))
	}
	r := e.do("GET", "/ssl/v1/collect/"+itoa(id), nil)
	r.requireStatus(t, 200)
	assert.Contains(t, string(r.body), "BEGIN PKCS7", "default format base64")
	for _, f := range simca.Formats() {
		r := e.do("GET", "/ssl/v1/collect/"+itoa(id)+"?format="+f, nil)
		r.requireStatus(t, 200)
		assert.NotEmpty(t, r.body, f)
	}
	e.do("GET", "/ssl/v1/collect/"+itoa(id)+"/weird", nil).requireErr(t, 400, -126)
	e.rao().do("GET", "/ssl/v1/"+itoa(id), nil).requireStatus(t, 200)
	assert.False(t, e.lastEntry().Mutating)
}

func TestSSL_List(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("lst.example.com")
	e.validDomain("partner.example.org", PartnerOrgID)
	a := e.enroll("a.lst.example.com", "alias.lst.example.com")
	b := e.enroll("b.lst.example.com", "")
	body := enrollBody(t, "p.partner.example.org", ProfileOVSingl, 365, "")
	body["orgId"] = PartnerOrgID
	var pr enrollResp
	e.do("POST", "/ssl/v1/enroll", body).decode(t, &pr)
	serial := e.sim.World().Certificates[1].SerialHex
	e.do("POST", "/ssl/v1/revoke/"+itoa(b), map[string]any{"reason": "test", "reasonCode": 4}).requireStatus(t, 204)
	tests := []struct {
		desc  string
		env   *env
		query string
		want  []int
	}{
		{desc: "all", query: "", want: []int{a, b, pr.SSLID}},
		{desc: "empty filters", query: "?commonName=&status=&orgId=", want: []int{a, b, pr.SSLID}},
		{desc: "cn substring any case", query: "?commonName=LST.EXAMPLE", want: []int{a, b}},
		{desc: "san substring", query: "?subjectAlternativeName=alias", want: []int{a}},
		{desc: "status", query: "?status=Revoked", want: []int{b}},
		{desc: "serial without colons", query: "?serialNumber=" + strings.ReplaceAll(serial, ":", ""), want: []int{b}},
		{desc: "org", query: "?orgId=1004", want: []int{pr.SSLID}},
		{desc: "profile", query: "?sslTypeId=103", want: []int{pr.SSLID}},
		{desc: "rao sees its orgs only", env: e.rao(), query: "", want: []int{a, b}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			env := e
			if tc.env != nil {
				env = tc.env
			}
			var items []sslListItem
			r := env.do("GET", "/ssl/v1"+tc.query, nil)
			r.decode(t, &items)
			var ids []int
			for _, it := range items {
				ids = append(ids, it.SSLID)
			}
			assert.Equal(t, tc.want, ids)
			assert.Equal(t, itoa(len(tc.want)), r.header.Get("X-Total-Count"))
			head := env.do("HEAD", "/ssl/v1"+tc.query, nil)
			head.requireStatus(t, 200)
			assert.Empty(t, head.body)
			assert.Equal(t, itoa(len(tc.want)), head.header.Get("X-Total-Count"))
		})
	}
}

func colonHex(b []byte) string {
	parts := make([]string, len(b))
	for i, octet := range b {
		parts[i] = strings.ToUpper(hexByte(octet))
	}
	return strings.Join(parts, ":")
}

func hexByte(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
