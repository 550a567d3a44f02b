package scmsim

import "time"

// World is everything the emulator knows: the static configuration a seed file
// provides (customer, admins, organizations, profiles, custom fields, ACME
// servers) and the objects clients create (domains, DCV records, certificates,
// ACME accounts). A seed file is a World in JSON or YAML; usually it holds only
// the static part. GET /admin/world and the -state file use the same shape.
type World struct {
	CustomerURI   string         `json:"customer_uri"`
	Admins        []Admin        `json:"admins"`
	APIClients    []APIClient    `json:"api_clients,omitempty"`
	Organizations []Organization `json:"organizations"`
	Profiles      []Profile      `json:"profiles"`
	CustomFields  []CustomField  `json:"custom_fields"`
	ACMEServers   []ACMEServer   `json:"acme_servers"`
	Domains       []Domain       `json:"domains,omitempty"`
	DCV           []DCVRecord    `json:"dcv,omitempty"`
	Certificates  []Certificate  `json:"certificates,omitempty"`
	ACMEAccounts  []ACMEAccount  `json:"acme_accounts,omitempty"`
	NextIDs       NextIDs        `json:"next_ids"`
}

// NextIDs are the id counters. Ids are deterministic: the same sequence of
// requests against the same seed yields the same ids.
type NextIDs struct {
	Domain      int `json:"domain"`
	Certificate int `json:"certificate"`
	ACMEAccount int `json:"acme_account"`
	ACMEClient  int `json:"acme_client"`
	Order       int `json:"order"`
}

// Admin roles. MRAO sees and may do everything; RAO_SSL is limited to its
// organizations (and their departments) and to SSL and domain work there.
const (
	RoleMRAO   = "MRAO"
	RoleRAOSSL = "RAO_SSL"
)

// Admin is an API-enabled SCM administrator.
type Admin struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	Role     string `json:"role"`
	// Orgs lists the organizations an RAO manages; their departments follow.
	Orgs []int `json:"orgs,omitempty"`
}

// APIClient is an OAuth2 API key (client credentials) of the Admin API. Its
// bearer tokens act with the privileges of one admin of the world.
type APIClient struct {
	ID     string `json:"client_id"`
	Secret string `json:"client_secret"`
	// Admin is the login whose privileges the client's requests have; empty
	// means the first MRAO admin.
	Admin string `json:"admin,omitempty"`
	// Disabled clients get no tokens, and their tokens are refused.
	Disabled bool `json:"disabled,omitempty"`
}

// Organization is an SCM organization with its departments.
type Organization struct {
	ID          int          `json:"id"`
	Name        string       `json:"name"`
	CertTypes   []string     `json:"cert_types,omitempty"`
	Country     string       `json:"country,omitempty"`
	City        string       `json:"city,omitempty"`
	Departments []Department `json:"departments,omitempty"`
}

// Department belongs to an Organization; its id is accepted wherever SCM takes
// an organization id.
type Department struct {
	ID        int      `json:"id"`
	Name      string   `json:"name"`
	CertTypes []string `json:"cert_types,omitempty"`
}

// Profile is an SSL certificate type (GET /ssl/v1/types).
type Profile struct {
	ID                  int                 `json:"id"`
	Name                string              `json:"name"`
	Description         string              `json:"description,omitempty"`
	Terms               []int               `json:"terms"`
	KeyTypes            map[string][]string `json:"key_types,omitempty"`
	UseSecondaryOrgName bool                `json:"use_secondary_org_name,omitempty"`
	ValidationType      string              `json:"validation_type,omitempty"`
	// NoRenew makes renewById answer -180 for certificates of this profile.
	NoRenew bool `json:"no_renew,omitempty"`
	// MandatoryFields names the custom fields enroll requires for this
	// profile. SCM reports a field as mandatory globally but enforces it per
	// certificate type; this list is how the emulator models that.
	MandatoryFields []string `json:"mandatory_fields,omitempty"`
}

// CustomField is an SSL custom field (GET /ssl/v1/customFields).
type CustomField struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	Mandatory bool   `json:"mandatory"`
}

// ACMEServer is a Sectigo public ACME endpoint. Its URL is built per request:
// <scheme>://<host>/acme/v2/<Key>.
type ACMEServer struct {
	Key                string `json:"key"`
	Name               string `json:"name"`
	CAID               int    `json:"ca_id"`
	CertValidationType string `json:"cert_validation_type"`
	SingleProductID    int    `json:"single_product_id,omitempty"`
	MultiProductID     int    `json:"multi_product_id,omitempty"`
	WCProductID        int    `json:"wc_product_id,omitempty"`
}

// Domain is an SCM domain entry.
type Domain struct {
	ID          int          `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	Suspended   bool         `json:"suspended,omitempty"`
	Delegations []Delegation `json:"delegations"`
	CTLog       CTLog        `json:"ct_log"`
	Created     time.Time    `json:"created"`
}

// Delegation grants an organization or department the right to request
// certificates for a domain.
type Delegation struct {
	OrgID      int      `json:"org_id"`
	CertTypes  []string `json:"cert_types"`
	Privileges []string `json:"privileges,omitempty"`
	Status     string   `json:"status"` // ACTIVE or REQUESTED
}

// CTLog is a domain's certificate-transparency monitoring setting.
type CTLog struct {
	Enabled           bool   `json:"enabled"`
	IncludeSubdomains bool   `json:"include_subdomains"`
	BucketID          string `json:"bucket_id,omitempty"`
}

// DCVRecord is the validation state of one high-level domain.
type DCVRecord struct {
	Domain    string    `json:"domain"`
	Status    string    `json:"status"` // NOT_VALIDATED, VALIDATED, EXPIRED
	Method    string    `json:"method,omitempty"`
	Validated time.Time `json:"validated,omitzero"`
	Expires   time.Time `json:"expires,omitzero"`
	Order     *DCVOrder `json:"order,omitempty"`
}

// DCVOrder is a started or submitted validation attempt.
type DCVOrder struct {
	Mode       string    `json:"mode"`   // CNAME, HTTP, HTTPS, TXT, EMAIL
	Status     string    `json:"status"` // AWAITING_SUBMISSION or SUBMITTED
	Host       string    `json:"host,omitempty"`
	Point      string    `json:"point,omitempty"`
	URL        string    `json:"url,omitempty"`
	FirstLine  string    `json:"first_line,omitempty"`
	SecondLine string    `json:"second_line,omitempty"`
	Email      string    `json:"email,omitempty"`
	RefNumber  string    `json:"ref_number,omitempty"`
	BackendID  string    `json:"backend_id,omitempty"`
	Started    time.Time `json:"started"`
	Submitted  time.Time `json:"submitted,omitzero"`
	LastCheck  time.Time `json:"last_check,omitzero"`
	Polls      int       `json:"polls,omitempty"`
}

// Certificate is an SSL order and, once issued, its certificate.
type Certificate struct {
	ID                int           `json:"id"`
	RenewID           string        `json:"renew_id"`
	OrgID             int           `json:"org_id"`
	ProfileID         int           `json:"profile_id"`
	Term              int           `json:"term"`
	CSR               string        `json:"csr"`
	CommonName        string        `json:"common_name"`
	SANs              []string      `json:"sans,omitempty"`
	KeyType           string        `json:"key_type"`
	Status            string        `json:"status"`
	Requester         string        `json:"requester"`
	Comments          string        `json:"comments,omitempty"`
	ExternalRequester string        `json:"external_requester,omitempty"`
	CustomFields      []NameValue   `json:"custom_fields,omitempty"`
	DCVMode           string        `json:"dcv_mode,omitempty"`
	Dates             CertDates     `json:"dates"`
	SerialHex         string        `json:"serial_hex,omitempty"`
	DER               []byte        `json:"der,omitempty"`
	ReasonCode        int           `json:"reason_code,omitempty"`
	Renewed           bool          `json:"renewed,omitempty"`
	RenewedFrom       int           `json:"renewed_from,omitempty"`
	Collects          int           `json:"collects,omitempty"`
	Override          *IssueOptions `json:"override,omitempty"`
}

// CertDates are the lifecycle timestamps of a Certificate.
type CertDates struct {
	Requested time.Time `json:"requested"`
	Applied   time.Time `json:"applied,omitzero"`
	Approved  time.Time `json:"approved,omitzero"`
	Issued    time.Time `json:"issued,omitzero"`
	Expires   time.Time `json:"expires,omitzero"`
	Declined  time.Time `json:"declined,omitzero"`
	Revoked   time.Time `json:"revoked,omitzero"`
	Replaced  time.Time `json:"replaced,omitzero"`
	Renewed   time.Time `json:"renewed,omitzero"`
}

// NameValue is a custom field value on a certificate.
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ACMEAccount is an SCM ACME account and its EAB credentials.
type ACMEAccount struct {
	ID                 int          `json:"id"`
	Name               string       `json:"name"`
	ServerKey          string       `json:"server_key"`
	OrgID              int          `json:"org_id"`
	CertValidationType string       `json:"cert_validation_type"`
	MacID              string       `json:"mac_id"`
	MacKey             string       `json:"mac_key"`
	Status             string       `json:"status"` // pending or valid
	Deleted            bool         `json:"deleted,omitempty"`
	Domains            []ACMEDomain `json:"domains,omitempty"`
	Clients            []ACMEClient `json:"clients,omitempty"`
	Created            time.Time    `json:"created"`
}

// ACMEDomain is a name on an ACME account.
type ACMEDomain struct {
	Name  string    `json:"name"`
	Added time.Time `json:"added"`
}

// ACMEClient is an ACME client that registered with an account's EAB.
type ACMEClient struct {
	ID           int       `json:"id"`
	UserAgent    string    `json:"user_agent"`
	IPAddress    string    `json:"ip_address"`
	Status       string    `json:"status"`
	LastActivity time.Time `json:"last_activity"`
}
