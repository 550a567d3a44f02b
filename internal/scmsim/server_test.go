package scmsim

import (
	"crypto/tls"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServer_Auth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		desc       string
		hdr        map[string]string
		wantStatus int
	}{
		{desc: "all three headers", hdr: map[string]string{"login": "mrao", "password": "mrao-secret", "customerUri": "demo"}, wantStatus: 200},
		{desc: "rao", hdr: map[string]string{"login": "rao", "password": "rao-secret", "customerUri": "demo"}, wantStatus: 200},
		{desc: "no headers", hdr: map[string]string{}, wantStatus: 401},
		{desc: "wrong password", hdr: map[string]string{"login": "mrao", "password": "nope", "customerUri": "demo"}, wantStatus: 401},
		{desc: "rao's password for mrao", hdr: map[string]string{"login": "mrao", "password": "rao-secret", "customerUri": "demo"}, wantStatus: 401},
		{desc: "missing password", hdr: map[string]string{"login": "mrao", "customerUri": "demo"}, wantStatus: 401},
		{desc: "wrong customer", hdr: map[string]string{"login": "mrao", "password": "mrao-secret", "customerUri": "other"}, wantStatus: 401},
		{desc: "unknown login", hdr: map[string]string{"login": "eve", "password": "x", "customerUri": "demo"}, wantStatus: 401},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := e.doWith(e.client, "GET", "/organization/v1", nil, tc.hdr)
			if tc.wantStatus == 401 {
				eb := r.requireErr(t, 401, -16)
				assert.Equal(t, "Unknown user", eb.Description)
				return
			}
			r.requireStatus(t, tc.wantStatus)
		})
	}
}

func TestServer_PrivateAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	certFor := func(login string) *http.Client {
		certPEM, keyPEM, err := e.sim.ClientCertificate(login)
		require.NoError(t, err)
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		require.NoError(t, err)
		return trustingClient(t, e.sim, &pair)
	}
	hdr := map[string]string{"login": "mrao", "customerUri": "demo"}
	tests := []struct {
		desc       string
		client     *http.Client
		hdr        map[string]string
		wantStatus int
	}{
		{desc: "certificate of the login, no password", client: certFor("mrao"), hdr: hdr, wantStatus: 200},
		{desc: "no certificate", client: e.client, hdr: hdr, wantStatus: 401},
		{desc: "certificate of another login", client: certFor("rao"), hdr: hdr, wantStatus: 401},
		{desc: "wrong customer", client: certFor("mrao"), hdr: map[string]string{"login": "mrao", "customerUri": "x"}, wantStatus: 401},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := e.doWith(tc.client, "GET", "/private/api/ssl/v1/types", nil, tc.hdr)
			if tc.wantStatus == 401 {
				r.requireErr(t, 401, -16)
				return
			}
			r.requireStatus(t, 200)
			assert.Equal(t, typeSSLJSON, r.header.Get("Content-Type"))
		})
	}
	t.Run("creates answer with the private prefix", func(t *testing.T) {
		r := e.doWith(certFor("mrao"), "POST", "/private/api/domain/v1", domainBody("private.example.com", DemoOrgID), hdr)
		r.requireStatus(t, 201)
		assert.Equal(t, e.ts.URL+"/private/api/domain/v1/2001", r.header.Get("Location"))
	})
}

func TestServer_Envelope(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		desc       string
		method     string
		path       string
		body       any
		ctype      string
		wantStatus int
		wantCode   int
	}{
		{desc: "unknown endpoint", method: "GET", path: "/nothing/v1", wantStatus: 404, wantCode: -1},
		{desc: "unknown domain id", method: "GET", path: "/domain/v1/999", wantStatus: 404, wantCode: -1},
		{desc: "non-numeric domain id", method: "GET", path: "/domain/v1/abc", wantStatus: 404, wantCode: -1},
		{desc: "unknown ssl id", method: "GET", path: "/ssl/v1/999", wantStatus: 404, wantCode: -124},
		{desc: "malformed json", method: "POST", path: "/domain/v1", body: "{", wantStatus: 400, wantCode: -1},
		{desc: "wrong type for a field", method: "POST", path: "/domain/v1", body: `{"name":5}`, wantStatus: 400, wantCode: -1},
		{desc: "body without json content type", method: "POST", path: "/domain/v1", body: `{"name":"a.b"}`,
			ctype: "text/plain", wantStatus: 415, wantCode: -1},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			hdr := map[string]string{"login": "mrao", "password": "mrao-secret", "customerUri": "demo"}
			if tc.ctype != "" {
				hdr["Content-Type"] = tc.ctype
			}
			r := e.doWith(e.client, tc.method, tc.path, tc.body, hdr)
			r.requireErr(t, tc.wantStatus, tc.wantCode)
		})
	}
	t.Run("outside the API the answer is still JSON", func(t *testing.T) {
		r := e.doWith(e.client, "GET", "=/acme/nothing/here", nil, nil)
		r.requireErr(t, 404, -1)
	})
}

func TestServer_ContentTypes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		desc string
		path string
		want string
	}{
		{desc: "ssl area", path: "/ssl/v1/customFields", want: "application/json;charset=UTF-8"},
		{desc: "ssl errors too", path: "/ssl/v1/12345", want: "application/json;charset=UTF-8"},
		{desc: "organization area", path: "/organization/v1", want: "application/json"},
		{desc: "acme area", path: "/acme/v1/server", want: "application/json"},
		{desc: "dcv area", path: "/dcv/v1/validation", want: "application/json"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			r := e.do("GET", tc.path, nil)
			assert.Equal(t, tc.want, r.header.Get("Content-Type"))
		})
	}
}

func TestServer_BodylessCallWithoutContentType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.createDomain("plain.example.com")
	r := e.doWith(e.client, "PUT", "/domain/v1/"+itoa(id)+"/suspend", nil,
		map[string]string{"login": "mrao", "password": "mrao-secret", "customerUri": "demo"})
	r.requireStatus(t, 200)
	assert.Empty(t, r.body)
}
