package scm

import (
	"context"
	"net/http"
	"testing"
)

func TestOrganizationsService(t *testing.T) {
	t.Parallel()
	runEndpoints(t, []endpointCase{
		{
			desc: "List", method: http.MethodGet, path: "/organization/v1",
			status: http.StatusOK, resp: "organizations/list.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Organizations.List(ctx) },
			want: []Organization{
				{ID: 4001, Name: "Example University", CertTypes: []string{"SSL", "SMIME"}, Departments: []Department{
					{ID: 4010, Name: "Physics", ParentName: "Example University"},
					{ID: 4011, Name: "Library", ParentName: "Example University"},
				}},
				{ID: 4002, Name: "Example Labs", Departments: []Department{}},
			},
		},
		{
			desc: "List_error", method: http.MethodGet, path: "/organization/v1",
			status: http.StatusUnauthorized, resp: `{"code":-16,"description":"Unknown user"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.Organizations.List(ctx) },
			wantErr:    ErrUnauthorized,
			wantErrMsg: "scm: GET /organization/v1: 401 (code -16): Unknown user",
		},
		{
			desc: "Get", method: http.MethodGet, path: "/organization/v1/4001",
			status: http.StatusOK, resp: "organizations/get.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Organizations.Get(ctx, 4001) },
			want: &Organization{ID: 4001, Name: "Example University", CertTypes: []string{"SSL"},
				Departments: []Department{{ID: 4010, Name: "Physics", ParentName: "Example University"}}},
		},
		{
			desc: "Get_error", method: http.MethodGet, path: "/organization/v1/9",
			status: http.StatusBadRequest, resp: `{"code":-1023,"description":"Organization '9' not found"}`,
			call:       func(ctx context.Context, c *Client) (any, error) { return c.Organizations.Get(ctx, 9) },
			wantErr:    ErrNotFound,
			wantErrMsg: "scm: GET /organization/v1/9: 400 (code -1023): Organization '9' not found",
		},
	})
}
