package scm

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testMacKey = "kY7vW3n0cQ2pZr8sT5uX1yA4bD6eF9gH0jK2lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE"

func testAccount() *ACMEAccount {
	return &ACMEAccount{ID: 311, Name: "web01.example.org", Status: ACMEStatusPending, MacKey: testMacKey,
		MacID: "Vb8kR2mXw1tLq9sA0cDe4f", ACMEServer: "https://acme.sectigo.com/v2/OV", OrganizationID: 4001,
		CertValidationType: "OV", AccountID: "Vb8kR2mXw1tLq9sA0cDe4f", Contacts: "mailto:ops@example.org"}
}

// The server in these cases serves v2, so no fallback happens (v1 behaviour
// is in acme_version_test.go).
func TestACMEService_ListServers(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "ListServers", method: http.MethodGet, path: "/acme/v1/server",
			query:  url.Values{"name": {"OV"}, "url": {"https://acme.sectigo.com/v2/OV"}, "certValidationType": {"OV"}, "caId": {"58"}},
			status: http.StatusOK, resp: "acme/servers.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ACME.ListServers(ctx, &ListACMEServersOptions{Name: "OV", URL: "https://acme.sectigo.com/v2/OV", CertValidationType: "OV", CAID: 58})
			},
			want: []ACMEServer{{URL: "https://acme.sectigo.com/v2/OV", CAID: 58, Name: "https://acme.sectigo.com/v2/OV",
				CertValidationType: "OV", SingleProductID: 61000, MultiProductID: 61001, WCProductID: 61002}},
		},
		{
			desc: "ListServers_error", method: http.MethodGet, path: "/acme/v1/server", status: http.StatusUnauthorized,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.ACME.ListServers(ctx, nil) },
			wantErr:    ErrUnauthorized,
			wantErrMsg: "scm: GET /acme/v1/server: 401: Unauthorized",
		},
		{
			desc: "ListAllServers", method: http.MethodGet, path: "/acme/v1/server",
			query: url.Values{"size": {"200"}, "position": {"0"}}, status: http.StatusOK, resp: "acme/servers.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				s, err := c.ACME.ListAllServers(ctx, nil)
				return len(s), err
			},
			want: 1,
		},
		{
			desc: "ListAllServers_error", method: http.MethodGet, path: "/acme/v1/server",
			query: url.Values{"size": {"200"}, "position": {"0"}}, status: http.StatusForbidden,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.ACME.ListAllServers(ctx, nil) },
			wantErr: ErrForbidden,
		},
	})
}

func TestACMEService_ListAccounts(t *testing.T) {
	t.Parallel()
	listOpts := &ListACMEAccountsOptions{OrganizationID: 4001, Status: "pending", Name: "web01.example.org",
		ACMEServer: "https://acme.sectigo.com/v2/OV", CertValidationType: "OV"}
	runEndpoints(t, []endpointCase{
		{
			desc: "ListAccounts", method: http.MethodGet, path: "/acme/v2/account",
			query: url.Values{"organizationId": {"4001"}, "status": {"pending"}, "name": {"web01.example.org"},
				"acmeServer": {"https://acme.sectigo.com/v2/OV"}, "certValidationType": {"OV"}},
			status: http.StatusOK, resp: "acme/accounts.json", header: http.Header{"X-Total-Count": {"2"}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.ACME.ListAccounts(ctx, listOpts) },
			want: []ACMEAccount{
				{ID: 311, Name: "web01.example.org", Status: "pending", MacKey: testMacKey, MacID: "Vb8kR2mXw1tLq9sA0cDe4f",
					ACMEServer: "https://acme.sectigo.com/v2/OV", OrganizationID: 4001, CertValidationType: "OV",
					AccountID: "Vb8kR2mXw1tLq9sA0cDe4f"},
				{ID: 312, Name: "web02.example.org", Status: ACMEStatusValid, MacID: "Zq1", OrganizationID: 4001},
			},
		},
		{
			desc: "ListAccounts_error", method: http.MethodGet, path: "/acme/v2/account",
			query: url.Values{"organizationId": {"4001"}}, status: http.StatusBadRequest,
			resp: `{"code":-1001,"description":"Value of 'organizationId' must not be null."}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ACME.ListAccounts(ctx, &ListACMEAccountsOptions{OrganizationID: 4001})
			},
			wantErrMsg: "scm: GET /acme/v2/account: 400 (code -1001): Value of 'organizationId' must not be null.",
		},
		{
			desc: "ListAllAccounts", method: http.MethodGet, path: "/acme/v2/account",
			query:  url.Values{"organizationId": {"4001"}, "size": {"200"}, "position": {"0"}},
			status: http.StatusOK, resp: "acme/accounts.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				a, err := c.ACME.ListAllAccounts(ctx, &ListACMEAccountsOptions{OrganizationID: 4001})
				return len(a), err
			},
			want: 2,
		},
		{
			desc: "ListAllAccounts_error", method: http.MethodGet, path: "/acme/v2/account",
			query:  url.Values{"organizationId": {"4001"}, "size": {"200"}, "position": {"0"}},
			status: http.StatusUnauthorized, resp: `{"code":-16,"description":"Unknown user"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ACME.ListAllAccounts(ctx, &ListACMEAccountsOptions{OrganizationID: 4001})
			},
			wantErr: ErrUnauthorized,
		},
	})
}

func TestACMEService_GetAccount_CreateAccount(t *testing.T) {
	t.Parallel()
	create := &CreateACMEAccountRequest{Name: "web01.example.org", ACMEServer: "https://acme.sectigo.com/v2/OV", OrganizationID: 4001}
	runEndpoints(t, []endpointCase{
		{
			desc: "GetAccount", method: http.MethodGet, path: "/acme/v2/account/311",
			status: http.StatusOK, resp: "acme/account.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.ACME.GetAccount(ctx, 311) },
			want: testAccount(),
		},
		{
			desc: "GetAccount_error", method: http.MethodGet, path: "/acme/v2/account/9",
			status: http.StatusNotFound, resp: `{"code":-1,"description":"ACME account not found"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.ACME.GetAccount(ctx, 9) },
			wantErr:    ErrNotFound,
			wantErrMsg: "scm: GET /acme/v2/account/9: 404 (code -1): ACME account not found",
		},
		{
			desc: "CreateAccount", method: http.MethodPost, path: "/acme/v2/account", reqBody: "acme/create-account-request.json",
			status: http.StatusCreated, header: http.Header{"Location": {"https://cert-manager.com/api/acme/v2/account/311"}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.ACME.CreateAccount(ctx, create) },
			want: 311,
		},
		{
			desc: "CreateAccount_error", method: http.MethodPost, path: "/acme/v2/account", reqBody: "acme/create-account-request.json",
			status:  http.StatusGatewayTimeout,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.ACME.CreateAccount(ctx, create) },
			wantErr: ErrMayHaveBeenApplied,
			wantErrMsg: "scm: POST /acme/v2/account: the request may have been applied; re-run to reconcile: " +
				"504: Gateway Timeout",
		},
	})
}

func TestACMEService_UpdateAccount_DeleteAccount(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "UpdateAccount", method: http.MethodPut, path: "/acme/v2/account/311", reqBody: "acme/update-account-request.json",
			status: http.StatusOK,
			call: func(ctx context.Context, c *Client) (any, error) {
				return only(c.ACME.UpdateAccount(ctx, 311, "web01-renamed.example.org"))
			},
		},
		{
			desc: "UpdateAccount_error", method: http.MethodPut, path: "/acme/v2/account/311", reqBody: "acme/update-account-request.json",
			status: http.StatusBadRequest, resp: `{"code":-1601,"description":"Field 'name' has invalid value"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return only(c.ACME.UpdateAccount(ctx, 311, "web01-renamed.example.org"))
			},
			wantErrMsg: "scm: PUT /acme/v2/account/311: 400 (code -1601): Field 'name' has invalid value",
		},
		{
			desc: "DeleteAccount", method: http.MethodDelete, path: "/acme/v2/account/311", status: http.StatusNoContent,
			call: func(ctx context.Context, c *Client) (any, error) { return only(c.ACME.DeleteAccount(ctx, 311)) },
		},
		{
			desc: "DeleteAccount_error", method: http.MethodDelete, path: "/acme/v2/account/311", status: http.StatusNotFound,
			resp:    `{"code":-1,"description":"ACME account not found"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return only(c.ACME.DeleteAccount(ctx, 311)) },
			wantErr: ErrNotFound,
		},
	})
}

func TestACMEService_AddDomains_RemoveDomains(t *testing.T) {
	t.Parallel()
	names := []string{"web01.example.org", "*.example.org"}
	runEndpoints(t, []endpointCase{
		{
			desc: "AddDomains", method: http.MethodPost, path: "/acme/v2/account/311/domain", reqBody: "acme/domains-request.json",
			status: http.StatusOK, resp: "acme/add-domains.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.ACME.AddDomains(ctx, 311, names) },
			want: []string{"*.example.org"},
		},
		{
			desc: "AddDomains_allAdded", method: http.MethodPost, path: "/acme/v2/account/311/domain", reqBody: "acme/domains-request.json",
			status: http.StatusOK, resp: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.ACME.AddDomains(ctx, 311, names) },
			want: []string(nil),
		},
		{
			desc: "AddDomains_error", method: http.MethodPost, path: "/acme/v2/account/311/domain", reqBody: "acme/domains-request.json",
			status: http.StatusNotFound, resp: `{"code":-1,"description":"ACME account not found"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.ACME.AddDomains(ctx, 311, names) },
			wantErr: ErrNotFound,
		},
		{
			desc: "RemoveDomains", method: http.MethodDelete, path: "/acme/v2/account/311/domain", reqBody: "acme/domains-request.json",
			status: http.StatusOK, resp: "acme/remove-domains.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.ACME.RemoveDomains(ctx, 311, names) },
			want: []string{"web01.example.org"},
		},
		{
			desc: "RemoveDomains_error", method: http.MethodDelete, path: "/acme/v2/account/311/domain", reqBody: "acme/domains-request.json",
			status: http.StatusBadRequest, resp: `{"code":-7,"description":"Field 'domains' is required"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.ACME.RemoveDomains(ctx, 311, names) },
			wantErrMsg: "scm: DELETE /acme/v2/account/311/domain: 400 (code -7): Field 'domains' is required",
		},
	})
}

func TestACMEService_ListAccountDomains(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "ListAccountDomains", method: http.MethodGet, path: "/acme/v2/account/311/domain",
			query:  url.Values{"name": {".*example"}, "expiresWithinNextDays": {"30"}, "stickyExpiresWithinNextDays": {"7"}},
			status: http.StatusOK, resp: "acme/account-domains.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ACME.ListAccountDomains(ctx, 311, &ListACMEDomainsOptions{Name: ".*example", ExpiresWithinNextDays: 30, StickyExpiresWithinNextDays: 7})
			},
			want: []ACMEAccountDomain{
				{Name: "web01.example.org", ValidUntil: DateOf("2026-05-20T10:00:00.000Z"), StickyUntil: DateOf("2025-06-19T10:00:00.000Z")},
				{Name: "*.example.org", ValidUntil: DateOf("2026-05-20T10:00:00.000Z")},
			},
		},
		{
			desc: "ListAccountDomains_error", method: http.MethodGet, path: "/acme/v2/account/311/domain",
			status: http.StatusNotFound, resp: `{"code":-1,"description":"ACME account not found"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.ACME.ListAccountDomains(ctx, 311, nil) },
			wantErr: ErrNotFound,
		},
		{
			desc: "ListAllAccountDomains", method: http.MethodGet, path: "/acme/v2/account/311/domain",
			query: url.Values{"size": {"200"}, "position": {"0"}}, status: http.StatusOK, resp: "acme/account-domains.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				d, err := c.ACME.ListAllAccountDomains(ctx, 311, nil)
				return len(d), err
			},
			want: 2,
		},
		{
			desc: "ListAllAccountDomains_error", method: http.MethodGet, path: "/acme/v2/account/311/domain",
			query: url.Values{"size": {"200"}, "position": {"0"}}, status: http.StatusForbidden,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.ACME.ListAllAccountDomains(ctx, 311, nil) },
			wantErr: ErrForbidden,
		},
	})
}

func TestACMEService_ListClients(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "ListClients", method: http.MethodGet, path: "/acme/v2/account/311/client",
			query: url.Values{"size": {"200"}, "position": {"0"}}, status: http.StatusOK, resp: "acme/clients.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.ACME.ListClients(ctx, 311) },
			want: []ACMEClient{{AccountID: "Vb8kR2mXw1tLq9sA0cDe4f", UserAgent: "CertbotACMEClient/2.9.0", IPAddress: "192.0.2.10",
				Status: "valid", LastActivity: DateOf("2025-05-20T10:00:00.000Z"), Contacts: "mailto:ops@example.org"}},
		},
		{
			desc: "ListClients_error", method: http.MethodGet, path: "/acme/v2/account/311/client",
			query: url.Values{"size": {"200"}, "position": {"0"}}, status: http.StatusNotFound,
			resp:    `{"code":-1,"description":"ACME account not found"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.ACME.ListClients(ctx, 311) },
			wantErr: ErrNotFound,
		},
	})
}

func TestACMEService_ListAccounts_needsOrganization(t *testing.T) {
	t.Parallel()
	client, _ := setup(t) // no handler: nothing may be sent
	_, err := client.ACME.ListAccounts(t.Context(), nil)
	require.ErrorIs(t, err, errNoOrganization)
	_, err = client.ACME.ListAllAccounts(t.Context(), &ListACMEAccountsOptions{Name: "x"})
	require.ErrorIs(t, err, errNoOrganization)
	_, err = client.ACME.CreateAccount(t.Context(), nil)
	require.ErrorIs(t, err, errNilRequest)
}

func TestACMEAccount_formattingHidesMacKey(t *testing.T) {
	t.Parallel()
	acct := testAccount()
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			for _, s := range []string{fmt.Sprintf(format, acct), fmt.Sprintf(format, *acct),
				fmt.Sprintf(format, []ACMEAccount{*acct}), fmt.Sprintf(format, struct{ A ACMEAccount }{*acct})} {
				assert.NotContains(t, s, testMacKey)
				assert.NotContains(t, s, "kY7vW3n0")
			}
		})
	}
	assert.Contains(t, acct.String(), `MacID: "Vb8kR2mXw1tLq9sA0cDe4f"`)
	assert.Contains(t, acct.String(), "MacKey: ********")
	assert.Contains(t, ACMEAccount{}.String(), "MacKey: <empty>")
}

func TestACMEAccount_status(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc             string
		status           string
		pending, isValid bool
	}{
		{desc: "lower pending", status: "pending", pending: true},
		{desc: "capitalised pending", status: "Pending", pending: true},
		{desc: "valid", status: "valid", isValid: true},
		{desc: "upper valid", status: "VALID", isValid: true},
		{desc: "deactivated", status: "deactivated"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			var a ACMEAccount
			require.NoError(t, decodeJSON([]byte(`{"status":"`+tc.status+`"}`), &a))
			assert.Equal(t, tc.pending, a.Pending())
			assert.Equal(t, tc.isValid, a.Valid())
		})
	}
}
