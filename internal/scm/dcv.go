package scm

import (
	"context"
	"net/http"
)

// DCVService drives domain control validation. Start and submit place
// orders at Sectigo, so they are never replayed after they may have reached
// the server; Status is a read-only POST and is retried freely.
type DCVService service

// DCVValidation is one entry of the DCV list.
type DCVValidation struct {
	Domain         string        `json:"domain"`
	DCVStatus      DCVState      `json:"dcvStatus,omitempty"`
	DCVOrderStatus DCVOrderState `json:"dcvOrderStatus,omitempty"`
	DCVOrderMethod string        `json:"dcvOrderMethod,omitempty"`
	DCVMethod      string        `json:"dcvMethod,omitempty"`
	ExpirationDate Date          `json:"expirationDate"` // yyyy-MM-dd
}

// ListDCVOptions filters the DCV list. Empty fields are not sent.
type ListDCVOptions struct {
	ListOptions
	Domain      string        `query:"domain"`
	Org         int           `query:"org"`
	Department  int           `query:"department"`
	DCVStatus   DCVState      `query:"dcvStatus"`
	OrderStatus DCVOrderState `query:"orderStatus"`
	ExpiresIn   int           `query:"expiresIn"` // days
}

// DCVStatus is the validation state of one domain. Mode-specific fields are
// present only for the matching order mode.
type DCVStatus struct {
	Status                         DCVState      `json:"status"`
	ValidationDate                 Date          `json:"validationDate"`
	ExpirationDate                 Date          `json:"expirationDate"`
	OrderStatus                    DCVOrderState `json:"orderStatus,omitempty"`
	OrderMode                      string        `json:"orderMode,omitempty"`
	URL                            string        `json:"url,omitempty"`
	FirstLine                      string        `json:"firstLine,omitempty"`
	SecondLine                     string        `json:"secondLine,omitempty"`
	Host                           string        `json:"host,omitempty"`
	Point                          string        `json:"point,omitempty"`
	ValidationEmail                string        `json:"validationEmail,omitempty"`
	EmailValidationReferenceNumber string        `json:"emailValidationReferenceNumber,omitempty"`
	OrderBackendID                 string        `json:"orderBackendId,omitempty"`
	SubmittedDate                  Date          `json:"submittedDate"`
	LastCheck                      Date          `json:"lastCheck"`
	NextCheck                      Date          `json:"nextCheck"`
}

// Validated reports a VALIDATED status.
func (d *DCVStatus) Validated() bool { return d.Status == DCVValidated }

// CNAMEInstructions tell the caller which CNAME to publish. Both names carry
// SCM's trailing dot.
type CNAMEInstructions struct {
	Host  string `json:"host"`
	Point string `json:"point"`
}

// HTTPInstructions tell the caller which file to serve: FirstLine, a
// newline, then SecondLine, at URL.
type HTTPInstructions struct {
	URL        string `json:"url"`
	FirstLine  string `json:"firstLine"`
	SecondLine string `json:"secondLine"`
}

// EmailInstructions list the addresses SCM can send the validation mail to.
type EmailInstructions struct {
	Emails    []string    `json:"emails,omitempty"`
	DCVEmails []DCVEmails `json:"dcvEmails,omitempty"`
}

// DCVEmails groups candidate addresses for one domain by their source.
type DCVEmails struct {
	DomainName   string   `json:"domainName"`
	WhoisEmails  []string `json:"whoisEmails,omitempty"`
	AdminEmails  []string `json:"adminEmails,omitempty"`
	DNSTXTEmails []string `json:"dnsTxtEmails,omitempty"`
}

// SubmitResult is the answer to submit and clear. Host and Point are set for
// TXT (the record to publish); EmailValidationReferenceNumber for email.
type SubmitResult struct {
	Status                         DCVState      `json:"status,omitempty"`
	OrderStatus                    DCVOrderState `json:"orderStatus,omitempty"`
	Message                        string        `json:"message,omitempty"`
	OrderBackendID                 string        `json:"orderBackendId,omitempty"`
	Host                           string        `json:"host,omitempty"`
	Point                          string        `json:"point,omitempty"`
	EmailValidationReferenceNumber string        `json:"emailValidationReferenceNumber,omitempty"`
}

type domainBody struct {
	Domain string `json:"domain"`
}

type emailSubmitBody struct {
	Domain string `json:"domain"`
	Email  string `json:"email"`
}

const dcvV1 = "/dcv/v1/validation"

// dcvList is the DCV listing, filtered by ListDCVOptions.
var dcvList = listing[ListDCVOptions, DCVValidation]{fetch: get(dcvV1)}

// List returns one page of DCV records.
//
// SCM API: GET /dcv/v1/validation
func (s *DCVService) List(ctx context.Context, opts *ListDCVOptions) ([]DCVValidation, error) {
	return dcvList.one(ctx, s.client, opts)
}

// ListAll returns every DCV record matching opts (its ListOptions are ignored).
//
// SCM API: GET /dcv/v1/validation
func (s *DCVService) ListAll(ctx context.Context, opts *ListDCVOptions) ([]DCVValidation, error) {
	return dcvList.all(ctx, s.client, opts)
}

// Status returns the validation state of domain. It only reads, so it is
// retried like a GET. An unknown domain matches ErrNotFound (-727 or 404).
//
// SCM API: POST /dcv/v2/validation/status
func (s *DCVService) Status(ctx context.Context, domain string) (*DCVStatus, error) {
	r := send(http.MethodPost, "/dcv/v2/validation/status", &domainBody{Domain: domain}, retrySafe, http.StatusOK)
	return decoded[DCVStatus](ctx, s.client, r)
}

// StartCNAME starts a CNAME validation and returns the record to publish.
//
// SCM API: POST /dcv/v1/validation/start/domain/cname
func (s *DCVService) StartCNAME(ctx context.Context, domain string) (*CNAMEInstructions, error) {
	return dcvPost[CNAMEInstructions](ctx, s, "/start/domain/cname", &domainBody{Domain: domain})
}

// StartHTTP starts an HTTP (or, with https, HTTPS) file validation.
//
// SCM API: POST /dcv/v1/validation/start/domain/http
// SCM API: POST /dcv/v1/validation/start/domain/https
func (s *DCVService) StartHTTP(ctx context.Context, domain string, https bool) (*HTTPInstructions, error) {
	return dcvPost[HTTPInstructions](ctx, s, "/start/domain/"+httpScheme(https), &domainBody{Domain: domain})
}

// StartEmail lists the addresses an email validation can use.
//
// SCM API: POST /dcv/v1/validation/start/domain/email
func (s *DCVService) StartEmail(ctx context.Context, domain string) (*EmailInstructions, error) {
	return dcvPost[EmailInstructions](ctx, s, "/start/domain/email", &domainBody{Domain: domain})
}

// SubmitCNAME asks SCM to check the published CNAME.
//
// SCM API: POST /dcv/v1/validation/submit/domain/cname
func (s *DCVService) SubmitCNAME(ctx context.Context, domain string) (*SubmitResult, error) {
	return dcvPost[SubmitResult](ctx, s, "/submit/domain/cname", &domainBody{Domain: domain})
}

// SubmitHTTP asks SCM to fetch the validation file over HTTP or HTTPS.
//
// SCM API: POST /dcv/v1/validation/submit/domain/http
// SCM API: POST /dcv/v1/validation/submit/domain/https
func (s *DCVService) SubmitHTTP(ctx context.Context, domain string, https bool) (*SubmitResult, error) {
	return dcvPost[SubmitResult](ctx, s, "/submit/domain/"+httpScheme(https), &domainBody{Domain: domain})
}

// SubmitTXT starts and submits a DNS TXT validation in one step (TXT has no
// start call); the result's Host and Point name the record to publish.
//
// SCM API: POST /dcv/v1/validation/submit/domain/txt
func (s *DCVService) SubmitTXT(ctx context.Context, domain string) (*SubmitResult, error) {
	return dcvPost[SubmitResult](ctx, s, "/submit/domain/txt", &domainBody{Domain: domain})
}

// SubmitEmail sends the validation mail to email.
//
// SCM API: POST /dcv/v1/validation/submit/domain/email
func (s *DCVService) SubmitEmail(ctx context.Context, domain, email string) (*SubmitResult, error) {
	return dcvPost[SubmitResult](ctx, s, "/submit/domain/email", &emailSubmitBody{Domain: domain, Email: email})
}

// Clear resets the DCV order of domain; a validated domain stays validated.
//
// SCM API: POST /dcv/v1/validation/clear
func (s *DCVService) Clear(ctx context.Context, domain string) (*SubmitResult, error) {
	return dcvPost[SubmitResult](ctx, s, "/clear", &domainBody{Domain: domain})
}

// Delete removes the validation of domain. Like a DELETE it sets an absolute
// state, so it is retried as safe.
//
// SCM API: POST /dcv/v1/validation/delete
func (s *DCVService) Delete(ctx context.Context, domain string) error {
	r := send(http.MethodPost, dcvV1+"/delete", &domainBody{Domain: domain}, retrySafe, http.StatusOK)
	_, err := s.client.do(ctx, r, nil)
	return err
}

// dcvPost sends an unsafe DCV call under /dcv/v1/validation and decodes T.
func dcvPost[T any](ctx context.Context, s *DCVService, suffix string, body any) (*T, error) {
	return decoded[T](ctx, s.client, send(http.MethodPost, dcvV1+suffix, body, retryUnsafe, http.StatusOK))
}

func httpScheme(https bool) string {
	if https {
		return "https"
	}
	return "http"
}
