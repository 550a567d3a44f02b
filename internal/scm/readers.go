package scm

import "context"

// The read halves of the services: the calls that only read, which a caller that must not write (a
// module observing SCM before it decides, or running in check mode) holds instead of the service. A
// write through one does not compile, because no write is in its method set.

// DomainReader reads domains.
type DomainReader interface {
	List(ctx context.Context, opts *ListDomainsOptions) ([]DomainSummary, error)
	ListAll(ctx context.Context, opts *ListDomainsOptions) ([]DomainSummary, error)
	Get(ctx context.Context, id int) (*Domain, error)
}

// DCVReader reads domain control validation: the listing and one domain's status.
type DCVReader interface {
	ListAll(ctx context.Context, opts *ListDCVOptions) ([]DCVValidation, error)
	Status(ctx context.Context, domain string) (*DCVStatus, error)
}

// SSLReader reads SSL orders, their certificates, the profiles and the custom fields.
type SSLReader interface {
	ListAll(ctx context.Context, opts *ListSSLOptions) ([]CertificateSummary, error)
	Get(ctx context.Context, sslID int) (*Certificate, error)
	Collect(ctx context.Context, sslID int, format string) ([]byte, error)
	Types(ctx context.Context, orgID int) ([]Profile, error)
	CustomFields(ctx context.Context) ([]CustomField, error)
}

// ACMEReader reads ACME servers, accounts and the domains mapped to an account.
type ACMEReader interface {
	ListAllServers(ctx context.Context, opts *ListACMEServersOptions) ([]ACMEServer, error)
	ListAllAccounts(ctx context.Context, opts *ListACMEAccountsOptions) ([]ACMEAccount, error)
	GetAccount(ctx context.Context, id int) (*ACMEAccount, error)
	ListAllAccountDomains(ctx context.Context, id int, opts *ListACMEDomainsOptions) ([]ACMEAccountDomain, error)
}

// OrganizationReader lists organizations and their departments.
type OrganizationReader interface {
	List(ctx context.Context) ([]Organization, error)
}

var (
	_ DomainReader       = (*DomainsService)(nil)
	_ DCVReader          = (*DCVService)(nil)
	_ SSLReader          = (*SSLService)(nil)
	_ ACMEReader         = (*ACMEService)(nil)
	_ OrganizationReader = (*OrganizationsService)(nil)
)
