package scm

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// EnrollRequest orders a certificate for a CSR. The common name comes from
// the CSR; SubjAltNames is one comma-separated string (unlike Replace).
type EnrollRequest struct {
	OrgID             int                `json:"orgId"`
	CSR               string             `json:"csr"`
	CertType          int                `json:"certType"`
	Term              int                `json:"term"`
	SubjAltNames      string             `json:"subjAltNames,omitempty"`
	Comments          string             `json:"comments,omitempty"`
	ExternalRequester string             `json:"externalRequester,omitempty"`
	CustomFields      []CustomFieldValue `json:"customFields,omitempty"`
	DCVMode           string             `json:"dcvMode,omitempty"`
	DCVEmail          string             `json:"dcvEmail,omitempty"`
}

// EnrollResponse identifies the new order.
type EnrollResponse struct {
	SSLID   int    `json:"sslId"`
	RenewID string `json:"renewId"`
}

// RenewRequest optionally replaces the CSR or DCV settings on renewal.
type RenewRequest struct {
	CSR      string `json:"csr,omitempty"`
	DCVMode  string `json:"dcvMode,omitempty"`
	DCVEmail string `json:"dcvEmail,omitempty"`
}

// ReplaceRequest re-issues a certificate under the same id. Reason is
// required by SCM (an empty string is accepted by older servers).
type ReplaceRequest struct {
	CSR                     string   `json:"csr"`
	Reason                  string   `json:"reason"`
	CommonName              string   `json:"commonName,omitempty"`
	SubjectAlternativeNames []string `json:"subjectAlternativeNames,omitempty"`
	DCVMode                 string   `json:"dcvMode,omitempty"`
	DCVEmail                string   `json:"dcvEmail,omitempty"`
}

// RevokeRequest gives the revocation reason. ReasonCode is one of 0
// (unspecified), 1, 3, 4, 5; Reason must not be empty.
type RevokeRequest struct {
	ReasonCode int    `json:"reasonCode"`
	Reason     string `json:"reason"`
}

type messageBody struct {
	Message string `json:"message"`
}

// Enroll places an order. It is never retried once it may have reached SCM:
// a lost answer would otherwise become a duplicate order.
//
// SCM API: POST /ssl/v1/enroll
func (s *SSLService) Enroll(ctx context.Context, req *EnrollRequest) (*EnrollResponse, error) {
	if req == nil {
		return nil, errNilRequest
	}
	return decoded[EnrollResponse](ctx, s.client, send(http.MethodPost, "/ssl/v1/enroll", req, retryUnsafe, http.StatusOK))
}

// Collect downloads a certificate in format (x509, x509CO, pem, base64, ...;
// empty means SCM's default, base64). Before issuance the error matches
// ErrNotReady, after revocation ErrRevoked.
//
// SCM API: GET /ssl/v1/collect/{sslId}
func (s *SSLService) Collect(ctx context.Context, sslID int, format string) ([]byte, error) {
	q := url.Values{}
	setString(q, "format", format)
	r := read(sslPath("collect", sslID), q)
	var out []byte
	if _, err := s.client.do(ctx, r, &out); err != nil {
		return nil, err
	}
	// Some servers answer 200 with nothing while the order is processed.
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, fmt.Errorf("%s: empty certificate body: %w", r.prefix(), ErrNotReady)
	}
	return out, nil
}

// RenewByID orders a renewal and returns the new certificate id. DOC answers
// 200 {"sslId": N}; some servers send 204 or an empty body, in which case the
// id is 0 and the caller must find the new order by listing.
//
// SCM API: POST /ssl/v1/renewById/{sslId}
func (s *SSLService) RenewByID(ctx context.Context, sslID int, req *RenewRequest) (int, error) {
	if req == nil {
		req = &RenewRequest{}
	}
	var out struct {
		SSLID int `json:"sslId"`
	}
	if _, err := s.client.do(ctx, send(http.MethodPost, sslPath("renewById", sslID), req, retryUnsafe), &out); err != nil {
		return 0, err
	}
	return out.SSLID, nil
}

// Replace re-issues a certificate with a new CSR; the id stays the same.
//
// SCM API: POST /ssl/v1/replace/{sslId}
func (s *SSLService) Replace(ctx context.Context, sslID int, req *ReplaceRequest) error {
	return s.post204(ctx, sslPath("replace", sslID), req)
}

// Revoke revokes a certificate by id.
//
// SCM API: POST /ssl/v1/revoke/{sslId}
func (s *SSLService) Revoke(ctx context.Context, sslID int, req *RevokeRequest) error {
	return s.post204(ctx, sslPath("revoke", sslID), req)
}

// RevokeBySerial revokes a certificate by its serial number (colon hex).
//
// SCM API: POST /ssl/v1/revoke/serial/{serial}
func (s *SSLService) RevokeBySerial(ctx context.Context, serial string, req *RevokeRequest) error {
	return s.post204(ctx, "/ssl/v1/revoke/serial/"+url.PathEscape(serial), req)
}

// Approve approves a Requested order with a message for the requester.
//
// SCM API: POST /ssl/v1/approve/{sslId}
func (s *SSLService) Approve(ctx context.Context, sslID int, message string) error {
	return s.post204(ctx, sslPath("approve", sslID), &messageBody{Message: message})
}

// Decline declines a Requested order with a message for the requester.
//
// SCM API: POST /ssl/v1/decline/{sslId}
func (s *SSLService) Decline(ctx context.Context, sslID int, message string) error {
	return s.post204(ctx, sslPath("decline", sslID), &messageBody{Message: message})
}

// post204 sends an unsafe POST whose documented answer is 204.
func (s *SSLService) post204(ctx context.Context, path string, body any) error {
	if isNil(body) {
		return errNilRequest
	}
	_, err := s.client.do(ctx, send(http.MethodPost, path, body, retryUnsafe, http.StatusNoContent), nil)
	return err
}
