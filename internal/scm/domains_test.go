package scm

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func domainCall(f func(context.Context, *DomainsService) error) func(context.Context, *Client) (any, error) {
	return func(ctx context.Context, c *Client) (any, error) { return only(f(ctx, c.Domains)) }
}

func TestDomainsService_List_ListAll(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "List", method: http.MethodGet, path: "/domain/v1",
			query:  url.Values{"name": {"example.org"}, "state": {"active"}, "status": {"approved"}, "orgId": {"4001"}, "size": {"50"}, "position": {"100"}},
			status: http.StatusOK, resp: "domains/list.json", header: http.Header{"X-Total-Count": {"2"}},
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Domains.List(ctx, &ListDomainsOptions{ListOptions: ListOptions{Position: 100, Size: 50},
					Name: "example.org", State: "active", Status: "approved", OrgID: 4001})
			},
			want: []DomainSummary{{ID: 1201, Name: "example.org"}, {ID: 1202, Name: "*.example.org"}},
		},
		{
			desc: "List_error", method: http.MethodGet, path: "/domain/v1",
			status: http.StatusForbidden, resp: `<html>Forbidden</html>`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.Domains.List(ctx, nil) },
			wantErr:    ErrForbidden,
			wantErrMsg: "scm: GET /domain/v1: 403: Forbidden",
		},
		{
			desc: "ListAll", method: http.MethodGet, path: "/domain/v1",
			query:  url.Values{"name": {"example.org"}, "size": {"200"}, "position": {"0"}},
			status: http.StatusOK, resp: "domains/list.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Domains.ListAll(ctx, &ListDomainsOptions{Name: "example.org", ListOptions: ListOptions{Size: 5}})
			},
			want: []DomainSummary{{ID: 1201, Name: "example.org"}, {ID: 1202, Name: "*.example.org"}},
		},
		{
			desc: "ListAll_error", method: http.MethodGet, path: "/domain/v1",
			query:  url.Values{"size": {"200"}, "position": {"0"}},
			status: http.StatusBadRequest, resp: `{"code":-1601,"description":"Field 'state' has invalid value"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.Domains.ListAll(ctx, nil) },
			wantErrMsg: "scm: GET /domain/v1: 400 (code -1601): Field 'state' has invalid value",
		},
	})
}

func TestDomainsService_Get(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "Get", method: http.MethodGet, path: "/domain/v1/1201",
			status: http.StatusOK, resp: "domains/get.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Domains.Get(ctx, 1201) },
			want: &Domain{ID: 1201, Name: "example.org", Description: ptrTo("main site"), DelegationStatus: "ACTIVE",
				State: "ACTIVE", ValidationStatus: "VALIDATED", ValidationMethod: "CNAME_CSR_HASH",
				DCVValidation: DateOf("2025-03-02"), DCVExpiration: DateOf("2026-03-02"),
				Delegations: []Delegation{
					{OrgID: 4001, CertTypes: []string{"SSL"}, DomainCertificateRequestPrivileges: []string{"DOMAIN", "SUBDOMAIN"}, Status: "ACTIVE"},
					{OrgID: 4010, CertTypes: []string{"SSL", "SMIME"}, Status: "REQUESTED"},
				}},
		},
		{
			desc: "Get_error", method: http.MethodGet, path: "/domain/v1/77",
			status: http.StatusNotFound, resp: `{"code":-1,"description":"Entity not found"}`,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.Domains.Get(ctx, 77) },
			wantErr: ErrNotFound,
		},
	})
}

func TestDomainsService_Create(t *testing.T) {
	t.Parallel()
	active := true
	create := &CreateDomainRequest{Name: "example.net", Description: "lab domain", Active: &active,
		Delegations: []DelegationRequest{{OrgID: 4001, CertTypes: []string{"SSL"}, DomainCertificateRequestPrivileges: []string{"DOMAIN"}}}}
	runEndpoints(t, []endpointCase{
		{
			desc: "Create", method: http.MethodPost, path: "/domain/v1", reqBody: "domains/create-request.json",
			status: http.StatusCreated, header: http.Header{"Location": {"https://cert-manager.com/api/domain/v1/1207"}},
			call: func(ctx context.Context, c *Client) (any, error) { return c.Domains.Create(ctx, create) },
			want: 1207,
		},
		{
			desc: "Create_error", method: http.MethodPost, path: "/domain/v1", reqBody: "domains/create-request.json",
			status: http.StatusBadRequest, resp: `{"code":-700,"description":"Such domain already exists"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.Domains.Create(ctx, create) },
			wantErr:    ErrConflict,
			wantErrMsg: "scm: POST /domain/v1: 400 (code -700): Such domain already exists",
		},
		{
			desc: "Create_errorNoLocation", method: http.MethodPost, path: "/domain/v1", reqBody: "domains/create-request.json",
			status:  http.StatusCreated,
			call:    func(ctx context.Context, c *Client) (any, error) { return c.Domains.Create(ctx, create) },
			wantErr: ErrMayHaveBeenApplied,
			wantErrMsg: "scm: POST /domain/v1: the request may have been applied; re-run to reconcile: " +
				"created, but the response has no Location header",
		},
	})
}

func TestDomainsService_Delete_Activate_Suspend(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "Delete_204", method: http.MethodDelete, path: "/domain/v1/1201", status: http.StatusNoContent,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.Delete(ctx, 1201) }),
		},
		{
			desc: "Delete_200", method: http.MethodDelete, path: "/domain/v1/1201", status: http.StatusOK,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.Delete(ctx, 1201) }),
		},
		{
			desc: "Delete_error", method: http.MethodDelete, path: "/domain/v1/1201", status: http.StatusBadRequest,
			resp:       `{"code":-740,"description":"Domain cannot be deleted: certificates exist"}`,
			call:       domainCall(func(ctx context.Context, s *DomainsService) error { return s.Delete(ctx, 1201) }),
			wantErrMsg: "scm: DELETE /domain/v1/1201: 400 (code -740): Domain cannot be deleted: certificates exist",
		},
		{
			desc: "Activate", method: http.MethodPut, path: "/domain/v1/1201/activate", status: http.StatusOK,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.Activate(ctx, 1201) }),
		},
		{
			desc: "Activate_error", method: http.MethodPut, path: "/domain/v1/1201/activate", status: http.StatusForbidden,
			call:    domainCall(func(ctx context.Context, s *DomainsService) error { return s.Activate(ctx, 1201) }),
			wantErr: ErrForbidden, wantErrMsg: "scm: PUT /domain/v1/1201/activate: 403: Forbidden",
		},
		{
			desc: "Suspend", method: http.MethodPut, path: "/domain/v1/1201/suspend", status: http.StatusOK,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.Suspend(ctx, 1201) }),
		},
		{
			desc: "Suspend_errorUnexpectedStatus", method: http.MethodPut, path: "/domain/v1/1201/suspend", status: http.StatusAccepted,
			call:       domainCall(func(ctx context.Context, s *DomainsService) error { return s.Suspend(ctx, 1201) }),
			wantErrMsg: "scm: PUT /domain/v1/1201/suspend: unexpected status 202 Accepted",
		},
	})
}

func TestDomainsService_Delegate_RemoveDelegation(t *testing.T) {
	t.Parallel()
	delegate := &DelegationRequest{OrgID: 4010, CertTypes: []string{"SSL", "SMIME"},
		DomainCertificateRequestPrivileges: []string{"DOMAIN", "WILDCARD_1ST_LEVEL"}}
	remove := &DelegationRequest{OrgID: 4010, CertTypes: []string{"SMIME"}}
	runEndpoints(t, []endpointCase{
		{
			desc: "Delegate", method: http.MethodPost, path: "/domain/v1/1201/delegation",
			reqBody: "domains/delegate-request.json", status: http.StatusOK,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.Delegate(ctx, 1201, delegate) }),
		},
		{
			desc: "Delegate_error", method: http.MethodPost, path: "/domain/v1/1201/delegation",
			reqBody: "domains/delegate-request.json", status: http.StatusBadRequest,
			resp:       `{"code":-711,"description":"Can't delegate to a deleted organization"}`,
			call:       domainCall(func(ctx context.Context, s *DomainsService) error { return s.Delegate(ctx, 1201, delegate) }),
			wantErrMsg: "scm: POST /domain/v1/1201/delegation: 400 (code -711): Can't delegate to a deleted organization",
		},
		{
			desc: "RemoveDelegation", method: http.MethodDelete, path: "/domain/v1/1201/delegation",
			reqBody: "domains/remove-delegation-request.json", status: http.StatusOK,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.RemoveDelegation(ctx, 1201, remove) }),
		},
		{
			desc: "RemoveDelegation_error", method: http.MethodDelete, path: "/domain/v1/1201/delegation",
			reqBody: "domains/remove-delegation-request.json", status: http.StatusNotFound,
			call:    domainCall(func(ctx context.Context, s *DomainsService) error { return s.RemoveDelegation(ctx, 1201, remove) }),
			wantErr: ErrNotFound,
		},
	})
}

func TestDomainsService_ApproveDelegation_RejectDelegation(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "ApproveDelegation", method: http.MethodPost, path: "/domain/v1/1201/delegation/approve",
			reqBody: "domains/approve-delegation-request.json", status: http.StatusOK,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.ApproveDelegation(ctx, 1201, 4010) }),
		},
		{
			desc: "ApproveDelegation_error", method: http.MethodPost, path: "/domain/v1/1201/delegation/approve",
			reqBody: "domains/approve-delegation-request.json", status: http.StatusBadRequest,
			resp:       `{"code":-705,"description":"Delegation status is not Requested"}`,
			call:       domainCall(func(ctx context.Context, s *DomainsService) error { return s.ApproveDelegation(ctx, 1201, 4010) }),
			wantErrMsg: "scm: POST /domain/v1/1201/delegation/approve: 400 (code -705): Delegation status is not Requested",
		},
		{
			desc: "RejectDelegation", method: http.MethodPost, path: "/domain/v1/1201/delegation/reject",
			reqBody: "domains/approve-delegation-request.json", status: http.StatusOK,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.RejectDelegation(ctx, 1201, 4010) }),
		},
		{
			desc: "RejectDelegation_error", method: http.MethodPost, path: "/domain/v1/1201/delegation/reject",
			reqBody: "domains/approve-delegation-request.json", status: http.StatusInternalServerError,
			call:    domainCall(func(ctx context.Context, s *DomainsService) error { return s.RejectDelegation(ctx, 1201, 4010) }),
			wantErr: ErrMayHaveBeenApplied,
			wantErrMsg: "scm: POST /domain/v1/1201/delegation/reject: the request may have been applied; " +
				"re-run to reconcile: 500: Internal Server Error",
		},
	})
}

func TestDomainsService_DelegateBulk(t *testing.T) {
	t.Parallel()
	bulk := &BulkDelegationRequest{DomainIDs: []int{1201, 1202}, OrgID: 4010, CertTypes: []string{"SSL"}}
	runEndpoints(t, []endpointCase{
		{
			desc: "DelegateBulk", method: http.MethodPost, path: "/domain/v1/delegation",
			reqBody: "domains/delegate-bulk-request.json", status: http.StatusOK,
			call: domainCall(func(ctx context.Context, s *DomainsService) error { return s.DelegateBulk(ctx, bulk) }),
		},
		{
			desc: "DelegateBulk_error", method: http.MethodPost, path: "/domain/v1/delegation",
			reqBody: "domains/delegate-bulk-request.json", status: http.StatusBadRequest,
			resp:       `{"code":-709,"description":"Delegate to at least one organization or department"}`,
			call:       domainCall(func(ctx context.Context, s *DomainsService) error { return s.DelegateBulk(ctx, bulk) }),
			wantErrMsg: "scm: POST /domain/v1/delegation: 400 (code -709): Delegate to at least one organization or department",
		},
	})
}

func TestDomainsService_nilRequests(t *testing.T) {
	t.Parallel()
	client, _ := setup(t)
	ctx := t.Context()
	_, err := client.Domains.Create(ctx, nil)
	require.ErrorIs(t, err, errNilRequest)
	require.ErrorIs(t, client.Domains.Delegate(ctx, 1, nil), errNilRequest)
	require.ErrorIs(t, client.Domains.RemoveDelegation(ctx, 1, nil), errNilRequest)
	require.ErrorIs(t, client.Domains.DelegateBulk(ctx, nil), errNilRequest)
}

func TestDomainsService_List_invalidPage(t *testing.T) {
	t.Parallel()
	client, _ := setup(t) // no handler: the request must not be sent
	_, err := client.Domains.List(t.Context(), &ListDomainsOptions{ListOptions: ListOptions{Size: 500}})
	require.EqualError(t, err, "scm: invalid page (position 0, size 500): position must be >= 0 and size 0..200")
	assert.NotContains(t, err.Error(), testPassword)
}
