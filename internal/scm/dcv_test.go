package scm

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const dcvPoint = "0a1b2c3d4e5f60718293a4b5c6d7e8f9.1f2e3d4c5b6a79880716253443526170.sectigo.com."

func TestDCVService_read(t *testing.T) {
	t.Parallel()
	listed := []DCVValidation{
		{Domain: "example.org", DCVStatus: "VALIDATED", DCVOrderStatus: "NOT_INITIATED", DCVMethod: "CNAME_CSR_HASH", ExpirationDate: DateOf("2026-03-02")},
		{Domain: "*.example.org", DCVStatus: "NOT_VALIDATED", DCVOrderStatus: "SUBMITTED", DCVOrderMethod: "CNAME"},
	}
	runEndpoints(t, []endpointCase{
		{
			desc: "List", method: http.MethodGet, path: "/dcv/v1/validation",
			query: url.Values{"domain": {"example.org"}, "org": {"4001"}, "department": {"4010"}, "dcvStatus": {"VALIDATED"},
				"orderStatus": {"SUBMITTED"}, "expiresIn": {"30"}, "size": {"10"}, "position": {"0"}},
			status: http.StatusOK, resp: "dcv/list.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DCV.List(ctx, &ListDCVOptions{ListOptions: ListOptions{Size: 10}, Domain: "example.org", Org: 4001,
					Department: 4010, DCVStatus: "VALIDATED", OrderStatus: "SUBMITTED", ExpiresIn: 30})
			},
			want: listed,
		},
		{
			desc: "List_error", method: http.MethodGet, path: "/dcv/v1/validation", status: http.StatusBadRequest,
			resp:       `{"code":-1608,"description":"DCV is not enabled for this customer"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.DCV.List(ctx, nil) },
			wantErrMsg: "scm: GET /dcv/v1/validation: 400 (code -1608): DCV is not enabled for this customer",
		},
		{
			desc: "ListAll", method: http.MethodGet, path: "/dcv/v1/validation",
			query: url.Values{"size": {"200"}, "position": {"0"}}, status: http.StatusOK, resp: "dcv/list.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.ListAll(ctx, nil) },
			want: listed,
		},
		{
			desc: "ListAll_error", method: http.MethodGet, path: "/dcv/v1/validation",
			query: url.Values{"size": {"200"}, "position": {"0"}}, status: http.StatusBadRequest,
			resp:    `{"code":-3,"description":"You are not authorized to perform DCV validation."}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.DCV.ListAll(ctx, nil) },
			wantErr: ErrForbidden,
		},
		{
			desc: "Status", method: http.MethodPost, path: "/dcv/v2/validation/status", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/status.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.Status(ctx, "example.org") },
			want: &DCVStatus{Status: "NOT_VALIDATED", OrderStatus: "SUBMITTED", OrderMode: "CNAME",
				Host: "_3f1c0d9be2a64f5c8d7e6b5a4c3d2e1f.example.org.", Point: dcvPoint, OrderBackendID: "99812",
				SubmittedDate: DateOf("2025-05-20"), LastCheck: DateOf("2025-05-20T10:00:00.000Z"),
				NextCheck: DateOf("2025-05-20T10:15:00.000Z")},
		},
		{
			desc: "Status_error", method: http.MethodPost, path: "/dcv/v2/validation/status", reqBody: "dcv/domain-request.json",
			status: http.StatusBadRequest, resp: `{"code":-727,"description":"Domain 'example.org' does not exist"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.DCV.Status(ctx, "example.org") },
			wantErr: ErrNotFound, wantErrMsg: "scm: POST /dcv/v2/validation/status: 400 (code -727): Domain 'example.org' does not exist",
		},
	})
}

func TestDCVService_start(t *testing.T) {
	t.Parallel()
	const startPath = "/dcv/v1/validation/start/domain/"
	httpFirst := "a3f5c7e9b1d2f4a6c8e0b2d4f6a8c0e2a4c6e8f0b2d4f6a8c0e2a4c6e8f0b2d4"
	wellKnown := "://example.org/.well-known/pki-validation/5E1D7C0A9B8F4E3D2C1B0A9F8E7D6C5B.txt"
	runEndpoints(t, []endpointCase{
		{
			desc: "StartCNAME", method: http.MethodPost, path: startPath + "cname", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/start-cname.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.StartCNAME(ctx, "example.org") },
			want: &CNAMEInstructions{Host: "_3f1c0d9be2a64f5c8d7e6b5a4c3d2e1f.example.org.", Point: dcvPoint},
		},
		{
			desc: "StartCNAME_error", method: http.MethodPost, path: startPath + "cname", reqBody: "dcv/domain-request.json",
			status: http.StatusBadRequest, resp: `{"code":-723,"description":"Not a high-level domain"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.DCV.StartCNAME(ctx, "example.org") },
			wantErrMsg: "scm: POST /dcv/v1/validation/start/domain/cname: 400 (code -723): Not a high-level domain",
		},
		{
			desc: "StartHTTP", method: http.MethodPost, path: startPath + "http", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/start-http.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.StartHTTP(ctx, "example.org", false) },
			want: &HTTPInstructions{URL: "http" + wellKnown, FirstLine: httpFirst, SecondLine: "sectigo.com"},
		},
		{
			desc: "StartHTTP_https", method: http.MethodPost, path: startPath + "https", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/start-https.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.StartHTTP(ctx, "example.org", true) },
			want: &HTTPInstructions{URL: "https" + wellKnown, FirstLine: httpFirst, SecondLine: "sectigo.com"},
		},
		{
			desc: "StartHTTP_error", method: http.MethodPost, path: startPath + "https", reqBody: "dcv/domain-request.json",
			status:  http.StatusBadGateway,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.DCV.StartHTTP(ctx, "example.org", true) },
			wantErr: ErrMayHaveBeenApplied,
		},
		{
			desc: "StartEmail", method: http.MethodPost, path: startPath + "email", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/start-email.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.StartEmail(ctx, "example.org") },
			want: &EmailInstructions{Emails: []string{"admin@example.org", "hostmaster@example.org"},
				DCVEmails: []DCVEmails{{DomainName: "example.org", WhoisEmails: []string{},
					AdminEmails: []string{"admin@example.org", "hostmaster@example.org"}}}},
		},
		{
			desc: "StartEmail_error", method: http.MethodPost, path: startPath + "email", reqBody: "dcv/domain-request.json",
			status: http.StatusBadRequest, resp: `{"code":-727,"description":"Domain 'example.org' does not exist"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.DCV.StartEmail(ctx, "example.org") },
			wantErr: ErrNotFound,
		},
	})
}

func TestDCVService_SubmitCNAME_SubmitHTTP(t *testing.T) {
	t.Parallel()
	const submitPath = "/dcv/v1/validation/submit/domain/"
	cnameResult := &SubmitResult{Status: "NOT_VALIDATED", OrderStatus: "SUBMITTED",
		Message: "DCV status: Not Validated; DCV order status: Submitted", OrderBackendID: "99812"}
	badState := `{"code":-724,"description":"Request cannot be processed since validation status is VALIDATED"}`
	runEndpoints(t, []endpointCase{
		{
			desc: "SubmitCNAME", method: http.MethodPost, path: submitPath + "cname", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/submit-cname.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.SubmitCNAME(ctx, "example.org") },
			want: cnameResult,
		},
		{
			desc: "SubmitCNAME_error", method: http.MethodPost, path: submitPath + "cname", reqBody: "dcv/domain-request.json",
			status: http.StatusBadRequest, resp: badState,
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.SubmitCNAME(ctx, "example.org") },
			wantErrMsg: "scm: POST /dcv/v1/validation/submit/domain/cname: 400 (code -724): " +
				"Request cannot be processed since validation status is VALIDATED",
		},
		{
			desc: "SubmitHTTP", method: http.MethodPost, path: submitPath + "http", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/submit-cname.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.SubmitHTTP(ctx, "example.org", false) },
			want: cnameResult,
		},
		{
			desc: "SubmitHTTP_errorHTTPS", method: http.MethodPost, path: submitPath + "https", reqBody: "dcv/domain-request.json",
			status:  http.StatusServiceUnavailable,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.DCV.SubmitHTTP(ctx, "example.org", true) },
			wantErr: ErrMayHaveBeenApplied,
		},
	})
}

func TestDCVService_SubmitTXT_SubmitEmail(t *testing.T) {
	t.Parallel()
	const submitPath = "/dcv/v1/validation/submit/domain/"
	badState := `{"code":-724,"description":"Request cannot be processed since validation status is VALIDATED"}`
	runEndpoints(t, []endpointCase{
		{
			desc: "SubmitTXT", method: http.MethodPost, path: submitPath + "txt", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/submit-txt.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.SubmitTXT(ctx, "example.org") },
			want: &SubmitResult{Status: "NOT_VALIDATED", OrderStatus: "SUBMITTED", Message: "Submitted successfully",
				OrderBackendID: "99813", Host: "_pki-validation.example.org.", Point: `r4nd0m|v4lue;x`},
		},
		{
			desc: "SubmitTXT_error", method: http.MethodPost, path: submitPath + "txt", reqBody: "dcv/domain-request.json",
			status: http.StatusUnauthorized, resp: `{"code":-970,"description":"Incorrect login credentials"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.DCV.SubmitTXT(ctx, "example.org") },
			wantErr: ErrUnauthorized,
		},
		{
			desc: "SubmitEmail", method: http.MethodPost, path: submitPath + "email", reqBody: "dcv/submit-email-request.json",
			status: http.StatusOK, resp: "dcv/submit-email.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DCV.SubmitEmail(ctx, "example.org", "hostmaster@example.org")
			},
			want: &SubmitResult{Status: "NOT_VALIDATED", OrderStatus: "SUBMITTED", Message: "Submitted successfully",
				OrderBackendID: "99814", EmailValidationReferenceNumber: "EV-20250520-7"},
		},
		{
			desc: "SubmitEmail_error", method: http.MethodPost, path: submitPath + "email", reqBody: "dcv/submit-email-request.json",
			status: http.StatusBadRequest, resp: badState,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DCV.SubmitEmail(ctx, "example.org", "hostmaster@example.org")
			},
			wantErrMsg: "scm: POST /dcv/v1/validation/submit/domain/email: 400 (code -724): " +
				"Request cannot be processed since validation status is VALIDATED",
		},
	})
}

func TestDCVService_Clear_Delete(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "Clear", method: http.MethodPost, path: "/dcv/v1/validation/clear", reqBody: "dcv/domain-request.json",
			status: http.StatusOK, resp: "dcv/clear.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.DCV.Clear(ctx, "example.org") },
			want: &SubmitResult{Status: "VALIDATED", OrderStatus: "NOT_INITIATED",
				Message: "DCV status: Validated; DCV order status: Not Initiated"},
		},
		{
			desc: "Clear_error", method: http.MethodPost, path: "/dcv/v1/validation/clear", reqBody: "dcv/domain-request.json",
			status: http.StatusBadRequest, resp: `{"code":-727,"description":"Domain 'example.org' does not exist"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.DCV.Clear(ctx, "example.org") },
			wantErr: ErrNotFound,
		},
		{
			desc: "Delete", method: http.MethodPost, path: "/dcv/v1/validation/delete", reqBody: "dcv/domain-request.json",
			status: http.StatusOK,
			call:   func(ctx context.Context, c *Client) (any, error) { return only(c.DCV.Delete(ctx, "example.org")) },
		},
		{
			desc: "Delete_error", method: http.MethodPost, path: "/dcv/v1/validation/delete", reqBody: "dcv/domain-request.json",
			status: http.StatusInternalServerError, resp: `{"code":-2,"description":"Internal error"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return only(c.DCV.Delete(ctx, "example.org")) },
			wantErrMsg: "scm: POST /dcv/v1/validation/delete: 500 (code -2): Internal error",
		},
	})
}

func TestDCVStatus_Validated(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc   string
		status string
		want   bool
	}{
		{desc: "wire value", status: "VALIDATED", want: true},
		{desc: "display name", status: "Validated", want: true},
		{desc: "not validated display", status: "Not validated", want: false},
		{desc: "expired", status: "EXPIRED", want: false},
		{desc: "empty", status: "", want: false},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			var st DCVStatus
			require.NoError(t, decodeJSON([]byte(`{"status":"`+tc.status+`"}`), &st))
			assert.Equal(t, tc.want, st.Validated())
		})
	}
}
