package scm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testCSR = "-----BEGIN CERTIFICATE REQUEST-----\nMIIBnew\n-----END CERTIFICATE REQUEST-----\n"

func testCertificate() *Certificate {
	return &Certificate{ID: 1001, SSLID: 1001, CommonName: "www.example.org", OrgID: 4001, Status: "Issued",
		CertType: CertType{ID: 224, Name: "OV Multi-Domain", Description: "OV", Terms: []int{365, 730}},
		Term:     365, Requested: DateOf("05/20/2025"), Approved: DateOf("05/20/2025"), Issued: DateOf("05/21/2025"),
		Expires:      DateOf("05/21/2026"),
		SerialNumber: "AB:CD:EF:01:23", KeyAlgorithm: "RSA", KeyType: "RSA - 2048",
		SubjectAlternativeNames: []string{"www.example.org", "api.example.org"},
		ExternalRequester:       "ops@example.org", Comments: "ansible",
		CustomFields: []CustomFieldValue{{Name: "Cost center", Value: "CC-42"}}}
}

func TestSSLService_Types_CustomFields(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "Types", method: http.MethodGet, path: "/ssl/v1/types", query: url.Values{"organizationId": {"4001"}},
			status: http.StatusOK, resp: "ssl/types.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.SSL.Types(ctx, 4001) },
			want: []Profile{
				{ID: 224, Name: "OV Multi-Domain", Description: "Organization validated, up to 100 names", Terms: []int{365, 730},
					KeyTypes: map[string][]string{"RSA": {"2048", "3072", "4096"}, "EC": {"P-256", "P-384"}}},
				{ID: 225, Name: "Legacy SSL", Terms: []int{365}},
			},
		},
		{
			desc: "Types_error", method: http.MethodGet, path: "/ssl/v1/types", status: http.StatusBadRequest,
			resp:    `{"code":-1023,"description":"Organization '0' not found"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.SSL.Types(ctx, 0) },
			wantErr: ErrNotFound,
		},
		{
			desc: "CustomFields", method: http.MethodGet, path: "/ssl/v1/customFields",
			status: http.StatusOK, resp: "ssl/custom-fields.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.SSL.CustomFields(ctx) },
			want: []CustomField{{ID: 7, Name: "Cost center", Mandatory: true}, {ID: 8, Name: "Ticket"}},
		},
		{
			desc: "CustomFields_error", method: http.MethodGet, path: "/ssl/v1/customFields", status: http.StatusOK,
			resp:       `{"not":"a list"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.SSL.CustomFields(ctx) },
			wantErrMsg: "scm: GET /ssl/v1/customFields: decode response (status 200): json: cannot unmarshal object into Go value of type []scm.CustomField",
		},
	})
}

func TestSSLService_Get(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "Get", method: http.MethodGet, path: "/ssl/v1/1001", status: http.StatusOK, resp: "ssl/get.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.SSL.Get(ctx, 1001) },
			want: testCertificate(),
		},
		{
			desc: "Get_onlySSLID", method: http.MethodGet, path: "/ssl/v1/1001", status: http.StatusOK,
			resp: `{"sslId":"1001","commonName":"www.example.org","certType":{"id":224}}`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SSL.Get(ctx, 1001) },
			want: &Certificate{ID: 1001, SSLID: 1001, CommonName: "www.example.org", CertType: CertType{ID: 224}},
		},
		{
			desc: "Get_error", method: http.MethodGet, path: "/ssl/v1/7", status: http.StatusBadRequest,
			resp:       `{"code":-124,"description":"Wrong SSL certificate id 7"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.SSL.Get(ctx, 7) },
			wantErr:    ErrNotFound,
			wantErrMsg: "scm: GET /ssl/v1/7: 400 (code -124): Wrong SSL certificate id 7",
		},
	})
}

func TestSSLService_List_ListAll_Count(t *testing.T) {
	t.Parallel()
	filters := &ListSSLOptions{CommonName: "www.example.org", SubjectAlternativeName: "api.example.org", Status: "Issued",
		SerialNumber: "AB:CD", ExternalRequester: "ops@example.org", SSLTypeID: 224, OrgID: 4001}
	filterQuery := url.Values{"commonName": {"www.example.org"}, "subjectAlternativeName": {"api.example.org"},
		"status": {"Issued"}, "serialNumber": {"AB:CD"}, "externalRequester": {"ops@example.org"},
		"sslTypeId": {"224"}, "orgId": {"4001"}}
	listed := []CertificateSummary{
		{SSLID: 1001, CommonName: "www.example.org", SubjectAlternativeNames: []string{"www.example.org", "api.example.org"}, SerialNumber: "AB:CD:EF:01:23"},
		{SSLID: 1002, CommonName: "old.example.org"},
	}
	runEndpoints(t, []endpointCase{
		{
			desc: "List", method: http.MethodGet, path: "/ssl/v1", status: http.StatusOK, resp: "ssl/list.json",
			query: url.Values{"commonName": {"www.example.org"}, "position": {"5"}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SSL.List(ctx, &ListSSLOptions{CommonName: "www.example.org", ListOptions: ListOptions{Position: 5}})
			},
			want: listed,
		},
		{
			desc: "List_error", method: http.MethodGet, path: "/ssl/v1", status: http.StatusUnauthorized,
			resp:    `{"code":-16,"description":"Unknown user"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.SSL.List(ctx, nil) },
			wantErr: ErrUnauthorized,
		},
		{
			desc: "ListAll", method: http.MethodGet, path: "/ssl/v1", status: http.StatusOK, resp: "ssl/list.json",
			query: withPage(filterQuery, 0), header: http.Header{"X-Total-Count": {"2"}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.SSL.ListAll(ctx, filters) },
			want: listed,
		},
		{
			desc: "ListAll_error", method: http.MethodGet, path: "/ssl/v1", status: http.StatusServiceUnavailable,
			query:      withPage(filterQuery, 0),
			call:       func(ctx context.Context, c *Client) (any, error) { return c.SSL.ListAll(ctx, filters) },
			wantStatus: http.StatusServiceUnavailable,
		},
		{
			desc: "Count", method: http.MethodHead, path: "/ssl/v1", query: filterQuery, status: http.StatusOK,
			header: http.Header{"X-Total-Count": {"42"}},
			call:   func(ctx context.Context, c *Client) (any, error) { return c.SSL.Count(ctx, filters) },
			want:   42,
		},
		{
			desc: "Count_error", method: http.MethodHead, path: "/ssl/v1", status: http.StatusOK,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.SSL.Count(ctx, nil) },
			wantErrMsg: "scm: HEAD /ssl/v1: the response has no usable X-Total-Count header",
		},
	})
}

func TestSSLService_Collect(t *testing.T) {
	t.Parallel()
	collect := func(format string) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.SSL.Collect(ctx, 1001, format) }
	}
	runEndpoints(t, []endpointCase{
		{
			desc: "x509CO", method: http.MethodGet, path: "/ssl/v1/collect/1001", query: url.Values{"format": {"x509CO"}},
			status: http.StatusOK, resp: "ssl/collect.pem", call: collect("x509CO"),
			want: []byte("-----BEGIN CERTIFICATE-----\nMIIBleaf\n-----END CERTIFICATE-----\n"),
		},
		{
			desc: "default format", method: http.MethodGet, path: "/ssl/v1/collect/1001",
			status: http.StatusOK, resp: "ssl/collect.pem", call: collect(""),
			want: []byte("-----BEGIN CERTIFICATE-----\nMIIBleaf\n-----END CERTIFICATE-----\n"),
		},
		{
			desc: "error being processed", method: http.MethodGet, path: "/ssl/v1/collect/1001", query: url.Values{"format": {"pem"}},
			status: http.StatusBadRequest, resp: `{"code":0,"description":"Being processed by Sectigo"}`, call: collect("pem"),
			wantErr: ErrNotReady, wantErrMsg: "scm: GET /ssl/v1/collect/1001: 400 (code 0): Being processed by Sectigo",
		},
		{
			desc: "error not collectable", method: http.MethodGet, path: "/ssl/v1/collect/1001", query: url.Values{"format": {"pem"}},
			status: http.StatusBadRequest, resp: `{"code":-183,"description":"Certificate is not collectable."}`, call: collect("pem"),
			wantErr: ErrNotReady,
		},
		{
			desc: "error try later", method: http.MethodGet, path: "/ssl/v1/collect/1001", query: url.Values{"format": {"pem"}},
			status: http.StatusBadRequest, resp: `{"code":"-109","description":"Certificate not available now"}`, call: collect("pem"),
			wantErr: ErrNotReady,
		},
		{
			desc: "error empty body", method: http.MethodGet, path: "/ssl/v1/collect/1001", query: url.Values{"format": {"pem"}},
			status: http.StatusOK, resp: "", call: collect("pem"),
			wantErr: ErrNotReady, wantErrMsg: "scm: GET /ssl/v1/collect/1001: empty certificate body: scm: certificate not ready",
		},
		{
			desc: "error revoked", method: http.MethodGet, path: "/ssl/v1/collect/1001", query: url.Values{"format": {"pem"}},
			status: http.StatusBadRequest, resp: `{"code":-110,"description":"Certificate has been revoked"}`, call: collect("pem"),
			wantErr: ErrRevoked,
		},
		{
			desc: "error unknown format", method: http.MethodGet, path: "/ssl/v1/collect/1001", query: url.Values{"format": {"zip"}},
			status: http.StatusBadRequest, resp: `{"code":-126,"description":"Unknown SSL certificate file format zip"}`, call: collect("zip"),
			wantErrMsg: "scm: GET /ssl/v1/collect/1001: 400 (code -126): Unknown SSL certificate file format zip",
		},
	})
}

func TestSSLService_order(t *testing.T) {
	t.Parallel()
	enroll := &EnrollRequest{OrgID: 4001, CSR: "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----\n",
		CertType: 224, Term: 365, SubjAltNames: "www.example.org,api.example.org", Comments: "ansible",
		ExternalRequester: "ops@example.org", CustomFields: []CustomFieldValue{{Name: "Cost center", Value: "CC-42"}}, DCVMode: "CNAME"}
	renew := &RenewRequest{CSR: testCSR, DCVMode: "CNAME"}
	runEndpoints(t, []endpointCase{
		{
			desc: "Enroll", method: http.MethodPost, path: "/ssl/v1/enroll", reqBody: "ssl/enroll-request.json",
			status: http.StatusOK, resp: "ssl/enroll.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.SSL.Enroll(ctx, enroll) },
			want: &EnrollResponse{SSLID: 1001, RenewID: "xQ7p-2LmNb9sKd4VtR1w"},
		},
		{
			desc: "Enroll_error", method: http.MethodPost, path: "/ssl/v1/enroll", reqBody: "ssl/enroll-request.json",
			status: http.StatusBadRequest, resp: `{"code":-36,"description":"Invalid term for this profile"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.SSL.Enroll(ctx, enroll) },
			wantErrMsg: "scm: POST /ssl/v1/enroll: 400 (code -36): Invalid term for this profile",
		},
		{
			desc: "Enroll_errorCreated", method: http.MethodPost, path: "/ssl/v1/enroll", reqBody: "ssl/enroll-request.json",
			status: http.StatusCreated, resp: "ssl/enroll.json",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.SSL.Enroll(ctx, enroll) },
			wantErr: ErrMayHaveBeenApplied,
			wantErrMsg: "scm: POST /ssl/v1/enroll: the request may have been applied; re-run to reconcile: " +
				"unexpected status 201 Created",
		},
		{
			desc: "RenewByID", method: http.MethodPost, path: "/ssl/v1/renewById/1001", reqBody: "ssl/renew-request.json",
			status: http.StatusOK, resp: "ssl/renew.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.SSL.RenewByID(ctx, 1001, renew) },
			want: 1003,
		},
		{
			desc: "RenewByID_noBody204", method: http.MethodPost, path: "/ssl/v1/renewById/1001", reqBody: "ssl/renew-empty-request.json",
			status: http.StatusNoContent,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.SSL.RenewByID(ctx, 1001, nil) },
			want:   0,
		},
		{
			desc: "RenewByID_error", method: http.MethodPost, path: "/ssl/v1/renewById/1001", reqBody: "ssl/renew-request.json",
			status: http.StatusBadRequest, resp: `{"code":-180,"description":"This profile doesn't allow renew"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.SSL.RenewByID(ctx, 1001, renew) },
			wantErrMsg: "scm: POST /ssl/v1/renewById/1001: 400 (code -180): This profile doesn't allow renew",
		},
	})
}

func TestSSLService_Replace_Revoke(t *testing.T) {
	t.Parallel()
	replace := &ReplaceRequest{CSR: testCSR, Reason: "key rotation", CommonName: "www.example.org",
		SubjectAlternativeNames: []string{"www.example.org", "api.example.org"}}
	revoke := &RevokeRequest{ReasonCode: 4, Reason: "superseded by a new certificate"}
	runEndpoints(t, []endpointCase{
		{
			desc: "Replace", method: http.MethodPost, path: "/ssl/v1/replace/1001", reqBody: "ssl/replace-request.json",
			status: http.StatusNoContent,
			call:   sslCall(func(ctx context.Context, s *SSLService) error { return s.Replace(ctx, 1001, replace) }),
		},
		{
			desc: "Replace_error", method: http.MethodPost, path: "/ssl/v1/replace/1001", reqBody: "ssl/replace-request.json",
			status: http.StatusBadRequest, resp: `{"code":-1148,"description":"Replace is forbidden for auto-installed certificates"}`,
			call:       sslCall(func(ctx context.Context, s *SSLService) error { return s.Replace(ctx, 1001, replace) }),
			wantErrMsg: "scm: POST /ssl/v1/replace/1001: 400 (code -1148): Replace is forbidden for auto-installed certificates",
		},
		{
			desc: "Revoke", method: http.MethodPost, path: "/ssl/v1/revoke/1001", reqBody: "ssl/revoke-request.json",
			status: http.StatusNoContent,
			call:   sslCall(func(ctx context.Context, s *SSLService) error { return s.Revoke(ctx, 1001, revoke) }),
		},
		{
			desc: "Revoke_error", method: http.MethodPost, path: "/ssl/v1/revoke/1001", reqBody: "ssl/revoke-request.json",
			status: http.StatusBadRequest, resp: `{"code":-159,"description":"Certificate already revoked"}`,
			call:       sslCall(func(ctx context.Context, s *SSLService) error { return s.Revoke(ctx, 1001, revoke) }),
			wantErrMsg: "scm: POST /ssl/v1/revoke/1001: 400 (code -159): Certificate already revoked",
		},
		{
			desc: "RevokeBySerial", method: http.MethodPost, path: "/ssl/v1/revoke/serial/AB:CD:EF:01:23", reqBody: "ssl/revoke-request.json",
			status: http.StatusNoContent,
			call:   sslCall(func(ctx context.Context, s *SSLService) error { return s.RevokeBySerial(ctx, "AB:CD:EF:01:23", revoke) }),
		},
		{
			desc: "RevokeBySerial_error", method: http.MethodPost, path: "/ssl/v1/revoke/serial/AB:CD", reqBody: "ssl/revoke-request.json",
			status: http.StatusBadRequest, resp: `{"code":-5101,"description":"Certificate not found"}`,
			call:    sslCall(func(ctx context.Context, s *SSLService) error { return s.RevokeBySerial(ctx, "AB:CD", revoke) }),
			wantErr: ErrNotFound,
		},
	})
}

func TestSSLService_Approve_Decline(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "Approve", method: http.MethodPost, path: "/ssl/v1/approve/1001", reqBody: "ssl/approve-request.json",
			status: http.StatusNoContent,
			call:   sslCall(func(ctx context.Context, s *SSLService) error { return s.Approve(ctx, 1001, "approved by ansible") }),
		},
		{
			desc: "Approve_error", method: http.MethodPost, path: "/ssl/v1/approve/1001", reqBody: "ssl/approve-request.json",
			status: http.StatusBadRequest, resp: `{"code":-1112,"description":"Can't approve: state=Issued"}`,
			call:       sslCall(func(ctx context.Context, s *SSLService) error { return s.Approve(ctx, 1001, "approved by ansible") }),
			wantErrMsg: "scm: POST /ssl/v1/approve/1001: 400 (code -1112): Can't approve: state=Issued",
		},
		{
			desc: "Decline", method: http.MethodPost, path: "/ssl/v1/decline/1001", reqBody: "ssl/approve-request.json",
			status: http.StatusNoContent,
			call:   sslCall(func(ctx context.Context, s *SSLService) error { return s.Decline(ctx, 1001, "approved by ansible") }),
		},
		{
			desc: "Decline_error", method: http.MethodPost, path: "/ssl/v1/decline/1001", reqBody: "ssl/approve-request.json",
			status:  http.StatusOK,
			call:    sslCall(func(ctx context.Context, s *SSLService) error { return s.Decline(ctx, 1001, "approved by ansible") }),
			wantErr: ErrMayHaveBeenApplied,
		},
	})
}

func TestSSLService_nilRequests(t *testing.T) {
	t.Parallel()
	client, _ := setup(t)
	ctx := t.Context()
	_, err := client.SSL.Enroll(ctx, nil)
	require.ErrorIs(t, err, errNilRequest)
	require.ErrorIs(t, client.SSL.Replace(ctx, 1, nil), errNilRequest)
	require.ErrorIs(t, client.SSL.Revoke(ctx, 1, nil), errNilRequest)
	require.ErrorIs(t, client.SSL.RevokeBySerial(ctx, "AB", nil), errNilRequest)
}

// The details' MM/dd/yyyy dates decode to times; an empty one is unset.
func TestCertificate_dates(t *testing.T) {
	t.Parallel()
	var c Certificate
	require.NoError(t, decodeJSON(fixture(t, "ssl/get.json"), &c))
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	assert.Equal(t, day(2025, 5, 20), c.Requested.Time, "requested")
	assert.Equal(t, day(2025, 5, 20), c.Approved.Time, "approved")
	assert.Equal(t, day(2025, 5, 21), c.Issued.Time, "issued")
	assert.Equal(t, day(2026, 5, 21), c.Expires.Time, "expires")
	assert.Equal(t, Date{}, c.Revoked, "revoked is empty")
}

// sslCall adapts an SSLService method that returns only an error.
func sslCall(f func(context.Context, *SSLService) error) func(context.Context, *Client) (any, error) {
	return func(ctx context.Context, c *Client) (any, error) { return only(f(ctx, c.SSL)) }
}

func withPage(q url.Values, position int) url.Values {
	out := url.Values{"size": {"200"}, "position": {strconv.Itoa(position)}}
	for k, v := range q {
		out[k] = v
	}
	return out
}
