package scm

import (
	"context"
	"fmt"
)

// OrganizationsService reads organizations and their departments.
type OrganizationsService service

// Organization is an SCM organization. Department ids are accepted wherever
// SCM asks for an orgId.
type Organization struct {
	ID          int          `json:"id"`
	Name        string       `json:"name"`
	ParentName  string       `json:"parentName,omitempty"`
	CertTypes   []string     `json:"certTypes,omitempty"`
	Departments []Department `json:"departments,omitempty"`
}

// Department is a sub-unit of an Organization.
type Department struct {
	ID         int      `json:"id"`
	Name       string   `json:"name"`
	ParentName string   `json:"parentName,omitempty"`
	CertTypes  []string `json:"certTypes,omitempty"`
}

// List returns every organization visible to the admin. The endpoint is not
// paginated and has no name filter; match names on the result.
//
// SCM API: GET /organization/v1
func (s *OrganizationsService) List(ctx context.Context) ([]Organization, error) {
	return decodedList[Organization](ctx, s.client, read("/organization/v1", nil))
}

// Get returns one organization.
//
// SCM API: GET /organization/v1/{id}
func (s *OrganizationsService) Get(ctx context.Context, id int) (*Organization, error) {
	return decoded[Organization](ctx, s.client, read(fmt.Sprintf("/organization/v1/%d", id), nil))
}
