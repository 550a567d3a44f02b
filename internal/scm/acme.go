package scm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// ACMEService manages Sectigo Public ACME accounts, whose EAB credentials
// (MacID, MacKey) let certbot and other ACME clients order certificates.
type ACMEService service

// ACMEServer is an ACME endpoint (directory URL) an account can belong to.
type ACMEServer struct {
	URL                string `json:"url"`
	CAID               int    `json:"caId"`
	Name               string `json:"name"`
	CertValidationType string `json:"certValidationType,omitempty"` // DV, OV, EV
	SingleProductID    int    `json:"singleProductId,omitempty"`
	MultiProductID     int    `json:"multiProductId,omitempty"`
	WCProductID        int    `json:"wcProductId,omitempty"`
}

// ListACMEServersOptions filters the server list. Empty fields are not sent.
type ListACMEServersOptions struct {
	ListOptions
	Name               string `query:"name"`
	URL                string `query:"url"`
	CertValidationType string `query:"certValidationType"`
	CAID               int    `query:"caId"`
}

// ACMEAccount is an SCM ACME account. MacKey is a secret: the fmt verbs and
// String never print it.
type ACMEAccount struct {
	ID                 int               `json:"id"`
	Name               string            `json:"name"`
	Status             ACMEAccountStatus `json:"status,omitempty"`
	MacKey             string            `json:"macKey,omitempty"`
	MacID              string            `json:"macId,omitempty"`
	ACMEServer         string            `json:"acmeServer,omitempty"`
	OrganizationID     int               `json:"organizationId,omitempty"`
	CertValidationType string            `json:"certValidationType,omitempty"`
	AccountID          string            `json:"accountId,omitempty"`
	Contacts           string            `json:"contacts,omitempty"`
	Domains            []ACMEDomainName  `json:"domains,omitempty"` // v1 only
}

// ACMEDomainName is a domain entry of a v1 account or of add/remove bodies.
type ACMEDomainName struct {
	Name string `json:"name"`
}

// Pending reports an account no ACME client has registered with yet.
func (a ACMEAccount) Pending() bool { return a.Status == ACMEStatusPending }

// Valid reports an account an ACME client has registered with.
func (a ACMEAccount) Valid() bool { return a.Status == ACMEStatusValid }

// String describes the account with MacKey redacted.
func (a ACMEAccount) String() string {
	key := "<empty>"
	if a.MacKey != "" {
		key = redacted
	}
	return fmt.Sprintf("ACMEAccount{ID: %d, Name: %q, Status: %q, MacID: %q, MacKey: %s, ACMEServer: %q, "+
		"OrganizationID: %d, CertValidationType: %q, AccountID: %q, Contacts: %q, Domains: %v}",
		a.ID, a.Name, a.Status, a.MacID, key, a.ACMEServer, a.OrganizationID, a.CertValidationType,
		a.AccountID, a.Contacts, a.Domains)
}

// GoString keeps %#v from printing MacKey.
func (a ACMEAccount) GoString() string { return "scm." + a.String() }

// Format routes every fmt verb (%v, %+v, %#v, %s, %q, ...) through String,
// so no formatting path reaches the raw MacKey field.
func (a ACMEAccount) Format(f fmt.State, verb rune) {
	s := a.String()
	if verb == 'v' && f.Flag('#') {
		s = a.GoString()
	}
	_, _ = fmt.Fprint(f, s)
}

// ListACMEAccountsOptions filters the account list. SCM rejects a list
// without OrganizationID (code -1001), so it is required here too.
type ListACMEAccountsOptions struct {
	ListOptions
	OrganizationID     int               `query:"organizationId"`
	Name               string            `query:"name"`
	ACMEServer         string            `query:"acmeServer"`
	CertValidationType string            `query:"certValidationType"`
	Status             ACMEAccountStatus `query:"status"`
}

// CreateACMEAccountRequest is the body of an account create.
type CreateACMEAccountRequest struct {
	Name           string `json:"name"`
	ACMEServer     string `json:"acmeServer"`
	OrganizationID int    `json:"organizationId"`
}

type renameBody struct {
	Name string `json:"name"`
}

// acmeServerList is the ACME server listing, which has one generation only.
var acmeServerList = listing[ListACMEServersOptions, ACMEServer]{fetch: get("/acme/v1/server")}

// ListServers returns one page of ACME servers.
//
// SCM API: GET /acme/v1/server
func (s *ACMEService) ListServers(ctx context.Context, opts *ListACMEServersOptions) ([]ACMEServer, error) {
	return acmeServerList.one(ctx, s.client, opts)
}

// ListAllServers returns every ACME server matching opts.
//
// SCM API: GET /acme/v1/server
func (s *ACMEService) ListAllServers(ctx context.Context, opts *ListACMEServersOptions) ([]ACMEServer, error) {
	return acmeServerList.all(ctx, s.client, opts)
}

// acmeAccountList is the account listing of either generation.
var acmeAccountList = listing[ListACMEAccountsOptions, ACMEAccount]{
	check: needsOrganization,
	fetch: acmeGet(acmeAccounts),
	key:   func(a ACMEAccount) string { return strconv.Itoa(a.ID) },
}

// ListAccounts returns one page of ACME accounts of an organization.
//
// SCM API: GET /acme/v2/account
// SCM API: GET /acme/v1/account
func (s *ACMEService) ListAccounts(ctx context.Context, opts *ListACMEAccountsOptions) ([]ACMEAccount, error) {
	return acmeAccountList.one(ctx, s.client, opts)
}

// ListAllAccounts returns every ACME account matching opts.
//
// SCM API: GET /acme/v2/account
// SCM API: GET /acme/v1/account
func (s *ACMEService) ListAllAccounts(ctx context.Context, opts *ListACMEAccountsOptions) ([]ACMEAccount, error) {
	return acmeAccountList.all(ctx, s.client, opts)
}

var errNoOrganization = errors.New("scm: listing ACME accounts needs OrganizationID (SCM rejects the list without it)")

// needsOrganization refuses an account listing without OrganizationID, which
// SCM would answer with an error.
func needsOrganization(o ListACMEAccountsOptions) error {
	if o.OrganizationID == 0 {
		return errNoOrganization
	}
	return nil
}

// GetAccount returns one account including its EAB credentials; an unknown
// id matches ErrNotFound.
//
// SCM API: GET /acme/v2/account/{id}
// SCM API: GET /acme/v1/account/{id}
func (s *ACMEService) GetAccount(ctx context.Context, id int) (*ACMEAccount, error) {
	var out ACMEAccount
	build := func(gen int32) *request { return read(acmeAccountPath(gen, id, ""), nil) }
	if _, err := s.do(ctx, build, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateAccount creates an account and returns its id (from Location). The
// EAB credentials are not in the answer; read them with GetAccount.
//
// SCM API: POST /acme/v2/account
// SCM API: POST /acme/v1/account
func (s *ACMEService) CreateAccount(ctx context.Context, req *CreateACMEAccountRequest) (int, error) {
	if req == nil {
		return 0, errNilRequest
	}
	var last *request
	build := func(gen int32) *request {
		last = send(http.MethodPost, acmeAccounts(gen), req, retryUnsafe, http.StatusCreated)
		return last
	}
	res, err := s.do(ctx, build, nil)
	if err != nil {
		return 0, err
	}
	return created(last, res)
}

// UpdateAccount renames an account (the only field SCM lets you change).
//
// SCM API: PUT /acme/v2/account/{id}
// SCM API: PUT /acme/v1/account/{id}
func (s *ACMEService) UpdateAccount(ctx context.Context, id int, name string) error {
	build := func(gen int32) *request {
		return send(http.MethodPut, acmeAccountPath(gen, id, ""), &renameBody{Name: name}, retrySafe, http.StatusOK)
	}
	_, err := s.do(ctx, build, nil)
	return err
}

// DeleteAccount deletes an account. DOC says 204 and other sources 200, so
// any 2xx is success.
//
// SCM API: DELETE /acme/v2/account/{id}
// SCM API: DELETE /acme/v1/account/{id}
func (s *ACMEService) DeleteAccount(ctx context.Context, id int) error {
	build := func(gen int32) *request {
		return send(http.MethodDelete, acmeAccountPath(gen, id, ""), nil, retrySafe)
	}
	_, err := s.do(ctx, build, nil)
	return err
}

func acmeAccountPath(gen int32, id int, suffix string) string {
	return fmt.Sprintf("%s/%d%s", acmeAccounts(gen), id, suffix)
}
