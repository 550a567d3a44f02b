package scm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// DomainsService manages SCM domains and their delegations to organizations.
type DomainsService service

// DomainSummary is one entry of the domain list.
type DomainSummary struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// Domain holds the details of one domain.
type Domain struct {
	ID               int             `json:"id"`
	Name             string          `json:"name"`
	Description      *string         `json:"description,omitempty"` // not in the documented GET body: nil when SCM leaves it out
	DelegationStatus DelegationState `json:"delegationStatus,omitempty"`
	State            DomainState     `json:"state,omitempty"`
	ValidationStatus DCVState        `json:"validationStatus,omitempty"`
	ValidationMethod string          `json:"validationMethod,omitempty"`
	DCVValidation    Date            `json:"dcvValidation"` // yyyy-MM-dd
	DCVExpiration    Date            `json:"dcvExpiration"` // yyyy-MM-dd
	Delegations      []Delegation    `json:"delegations,omitempty"`
}

// Delegation grants an organization or department the right to order
// certificates for a domain.
type Delegation struct {
	OrgID                              int             `json:"orgId"`
	CertTypes                          []string        `json:"certTypes,omitempty"`
	DomainCertificateRequestPrivileges []string        `json:"domainCertificateRequestPrivileges,omitempty"`
	Status                             DelegationState `json:"status,omitempty"`
}

// ListDomainsOptions filters the domain list. Empty fields are not sent.
type ListDomainsOptions struct {
	ListOptions
	Name   string `query:"name"`
	State  string `query:"state"`  // active, inactive
	Status string `query:"status"` // requested, approved
	OrgID  int    `query:"orgId"`
}

// CreateDomainRequest is the body of a domain create. SCM requires at least
// one delegation.
type CreateDomainRequest struct {
	Name        string              `json:"name"`
	Description string              `json:"description,omitempty"`
	Active      *bool               `json:"active,omitempty"` // false creates the domain suspended
	Delegations []DelegationRequest `json:"delegations"`
}

// DelegationRequest adds or removes a delegation.
type DelegationRequest struct {
	OrgID                              int      `json:"orgId"`
	CertTypes                          []string `json:"certTypes"`
	DomainCertificateRequestPrivileges []string `json:"domainCertificateRequestPrivileges,omitempty"`
}

// BulkDelegationRequest delegates many domains to one organization.
type BulkDelegationRequest struct {
	DomainIDs                          []int    `json:"domainIds"`
	OrgID                              int      `json:"orgId"`
	CertTypes                          []string `json:"certTypes"`
	DomainCertificateRequestPrivileges []string `json:"domainCertificateRequestPrivileges,omitempty"`
}

type orgIDBody struct {
	OrgID int `json:"orgId"`
}

var errNilRequest = errors.New("scm: request must not be nil")

// domainList is the domain listing, filtered by ListDomainsOptions.
var domainList = listing[ListDomainsOptions, DomainSummary]{fetch: get("/domain/v1"),
	key: func(d DomainSummary) string { return strconv.Itoa(d.ID) }}

// List returns one page of domains.
//
// SCM API: GET /domain/v1
func (s *DomainsService) List(ctx context.Context, opts *ListDomainsOptions) ([]DomainSummary, error) {
	return domainList.one(ctx, s.client, opts)
}

// ListAll returns every domain matching opts (its ListOptions are ignored).
//
// SCM API: GET /domain/v1
func (s *DomainsService) ListAll(ctx context.Context, opts *ListDomainsOptions) ([]DomainSummary, error) {
	return domainList.all(ctx, s.client, opts)
}

// Get returns one domain; an unknown id matches ErrNotFound.
//
// SCM API: GET /domain/v1/{id}
func (s *DomainsService) Get(ctx context.Context, id int) (*Domain, error) {
	return decoded[Domain](ctx, s.client, read(domainPath(id, ""), nil))
}

// Create creates a domain and returns its id, read from the Location header.
// A duplicate name matches ErrConflict.
//
// SCM API: POST /domain/v1
func (s *DomainsService) Create(ctx context.Context, req *CreateDomainRequest) (int, error) {
	if req == nil {
		return 0, errNilRequest
	}
	r := send(http.MethodPost, "/domain/v1", req, retryUnsafe, http.StatusCreated)
	res, err := s.client.do(ctx, r, nil)
	if err != nil {
		return 0, err
	}
	return created(r, res)
}

// Delete deletes a domain. DOC says 204 and OAS also allows 200, so any 2xx
// is success.
//
// SCM API: DELETE /domain/v1/{id}
func (s *DomainsService) Delete(ctx context.Context, id int) error {
	_, err := s.client.do(ctx, send(http.MethodDelete, domainPath(id, ""), nil, retrySafe), nil)
	return err
}

// Activate sets the domain state to ACTIVE.
//
// SCM API: PUT /domain/v1/{id}/activate
func (s *DomainsService) Activate(ctx context.Context, id int) error {
	return s.put(ctx, domainPath(id, "/activate"))
}

// Suspend sets the domain state to SUSPENDED.
//
// SCM API: PUT /domain/v1/{id}/suspend
func (s *DomainsService) Suspend(ctx context.Context, id int) error {
	return s.put(ctx, domainPath(id, "/suspend"))
}

func (s *DomainsService) put(ctx context.Context, path string) error {
	_, err := s.client.do(ctx, send(http.MethodPut, path, nil, retrySafe, http.StatusOK), nil)
	return err
}

// Delegate adds a delegation to a domain.
//
// SCM API: POST /domain/v1/{id}/delegation
func (s *DomainsService) Delegate(ctx context.Context, id int, req *DelegationRequest) error {
	return s.post(ctx, domainPath(id, "/delegation"), req, retryUnsafe)
}

// RemoveDelegation removes a delegation (a DELETE with a JSON body). Removing
// sets an absolute state, so it is safe to retry.
//
// SCM API: DELETE /domain/v1/{id}/delegation
func (s *DomainsService) RemoveDelegation(ctx context.Context, id int, req *DelegationRequest) error {
	if req == nil {
		return errNilRequest
	}
	_, err := s.client.do(ctx, send(http.MethodDelete, domainPath(id, "/delegation"), req, retrySafe, http.StatusOK), nil)
	return err
}

// ApproveDelegation approves a REQUESTED delegation to orgID.
//
// SCM API: POST /domain/v1/{id}/delegation/approve
func (s *DomainsService) ApproveDelegation(ctx context.Context, id, orgID int) error {
	return s.post(ctx, domainPath(id, "/delegation/approve"), &orgIDBody{OrgID: orgID}, retryUnsafe)
}

// RejectDelegation rejects a REQUESTED delegation to orgID.
//
// SCM API: POST /domain/v1/{id}/delegation/reject
func (s *DomainsService) RejectDelegation(ctx context.Context, id, orgID int) error {
	return s.post(ctx, domainPath(id, "/delegation/reject"), &orgIDBody{OrgID: orgID}, retryUnsafe)
}

// DelegateBulk delegates several domains to one organization.
//
// SCM API: POST /domain/v1/delegation
func (s *DomainsService) DelegateBulk(ctx context.Context, req *BulkDelegationRequest) error {
	return s.post(ctx, "/domain/v1/delegation", req, retryUnsafe)
}

func (s *DomainsService) post(ctx context.Context, path string, body any, safe bool) error {
	if isNil(body) {
		return errNilRequest
	}
	_, err := s.client.do(ctx, send(http.MethodPost, path, body, safe, http.StatusOK), nil)
	return err
}

func domainPath(id int, suffix string) string { return fmt.Sprintf("/domain/v1/%d%s", id, suffix) }
