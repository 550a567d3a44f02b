package scm

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// SSLService orders, reads and manages SSL certificates. This file holds the
// read side; ssl_order.go the calls that change certificates.
type SSLService service

// Profile is an SSL certificate type ("profile") an organization may order.
type Profile struct {
	ID                  int                 `json:"id"`
	Name                string              `json:"name"`
	Description         string              `json:"description,omitempty"`
	Terms               []int               `json:"terms,omitempty"`    // days
	KeyTypes            map[string][]string `json:"keyTypes,omitempty"` // "RSA": ["2048", ...]
	UseSecondaryOrgName bool                `json:"useSecondaryOrgName,omitempty"`
}

// CustomField is a customer-defined enrollment field.
type CustomField struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	Mandatory bool   `json:"mandatory"`
}

// CustomFieldValue is a custom field set on an order.
type CustomFieldValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// CertType is the profile of an issued or requested certificate.
type CertType struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Terms       []int  `json:"terms,omitempty"`
}

// Certificate is the detail view of an SSL order. SCM sends the dates as
// MM/dd/yyyy; they decode to Date.
type Certificate struct {
	ID                      int                `json:"id"`
	SSLID                   int                `json:"sslId"` // deprecated alias of id; both are filled
	CommonName              string             `json:"commonName"`
	OrgID                   int                `json:"orgId,omitempty"`
	Status                  SSLStatus          `json:"status,omitempty"`
	CertType                CertType           `json:"certType"`
	Term                    int                `json:"term,omitempty"`
	Requested               Date               `json:"requested"`
	Approved                Date               `json:"approved"`
	Issued                  Date               `json:"issued"`
	Expires                 Date               `json:"expires"`
	Revoked                 Date               `json:"revoked"`
	SerialNumber            string             `json:"serialNumber,omitempty"` // colon-separated hex
	KeyAlgorithm            string             `json:"keyAlgorithm,omitempty"`
	KeyType                 string             `json:"keyType,omitempty"` // "RSA - 2048"
	SubjectAlternativeNames []string           `json:"subjectAlternativeNames,omitempty"`
	ExternalRequester       string             `json:"externalRequester,omitempty"`
	Comments                string             `json:"comments,omitempty"`
	Renewed                 bool               `json:"renewed,omitempty"`
	ReasonCode              int                `json:"reasonCode,omitempty"`
	CustomFields            []CustomFieldValue `json:"customFields,omitempty"`
}

// CertificateSummary is one entry of the certificate list.
type CertificateSummary struct {
	SSLID                   int      `json:"sslId"`
	CommonName              string   `json:"commonName,omitempty"`
	SubjectAlternativeNames []string `json:"subjectAlternativeNames,omitempty"`
	SerialNumber            string   `json:"serialNumber,omitempty"`
}

// ListSSLOptions filters the certificate list and count. Empty fields are
// not sent.
type ListSSLOptions struct {
	ListOptions
	CommonName             string    `query:"commonName"`
	SubjectAlternativeName string    `query:"subjectAlternativeName"`
	Status                 SSLStatus `query:"status"`
	SerialNumber           string    `query:"serialNumber"`
	ExternalRequester      string    `query:"externalRequester"`
	SSLTypeID              int       `query:"sslTypeId"`
	OrgID                  int       `query:"orgId"`
}

// Types returns the profiles available to orgID (0: all the admin sees).
//
// SCM API: GET /ssl/v1/types
func (s *SSLService) Types(ctx context.Context, orgID int) ([]Profile, error) {
	q := url.Values{}
	setInt(q, "organizationId", orgID)
	return decodedList[Profile](ctx, s.client, read("/ssl/v1/types", q))
}

// CustomFields returns the customer's custom fields; enroll must set every
// mandatory one.
//
// SCM API: GET /ssl/v1/customFields
func (s *SSLService) CustomFields(ctx context.Context) ([]CustomField, error) {
	return decodedList[CustomField](ctx, s.client, read("/ssl/v1/customFields", nil))
}

// Get returns the details of one certificate; an unknown id matches
// ErrNotFound (404, or 400 with -124).
//
// SCM API: GET /ssl/v1/{sslId}
func (s *SSLService) Get(ctx context.Context, sslID int) (*Certificate, error) {
	out, err := decoded[Certificate](ctx, s.client, read(sslPath("", sslID), nil))
	if err != nil {
		return nil, err
	}
	// sslId is a deprecated alias of id; servers send one or both.
	if out.ID == 0 {
		out.ID = out.SSLID
	}
	if out.SSLID == 0 {
		out.SSLID = out.ID
	}
	return out, nil
}

// sslList is the certificate listing, filtered by ListSSLOptions.
var sslList = listing[ListSSLOptions, CertificateSummary]{fetch: get("/ssl/v1"),
	key: func(c CertificateSummary) string { return strconv.Itoa(c.SSLID) }}

// List returns one page of certificates.
//
// SCM API: GET /ssl/v1
func (s *SSLService) List(ctx context.Context, opts *ListSSLOptions) ([]CertificateSummary, error) {
	return sslList.one(ctx, s.client, opts)
}

// ListAll returns every certificate matching opts (its ListOptions are ignored).
//
// SCM API: GET /ssl/v1
func (s *SSLService) ListAll(ctx context.Context, opts *ListSSLOptions) ([]CertificateSummary, error) {
	return sslList.all(ctx, s.client, opts)
}

// Count returns how many certificates match opts (paging is ignored), from
// the X-Total-Count header of a HEAD request.
//
// SCM API: HEAD /ssl/v1
func (s *SSLService) Count(ctx context.Context, opts *ListSSLOptions) (int, error) {
	q := url.Values{}
	setFilters(q, derefOr(opts))
	r := &request{method: http.MethodHead, path: "/ssl/v1", query: q, safe: retrySafe, accept: []int{http.StatusOK}}
	res, err := s.client.do(ctx, r, nil)
	if err != nil {
		return 0, err
	}
	n, ok := totalCount(res)
	if !ok {
		return 0, fmt.Errorf("%s: the response has no usable X-Total-Count header", r.prefix())
	}
	return n, nil
}

// sslPath builds /ssl/v1[/verb]/{id}.
func sslPath(verb string, id int) string {
	return fmt.Sprintf("/ssl/v1%s/%d", strings.TrimSuffix("/"+verb, "/"), id)
}
