package scm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
)

// ACMEAccountDomain is a domain allowed for an ACME account. v1 instances
// only know the name.
type ACMEAccountDomain struct {
	Name        string `json:"name"`
	ValidUntil  Date   `json:"validUntil"`  // ISO-8601
	StickyUntil Date   `json:"stickyUntil"` // ISO-8601
}

// ListACMEDomainsOptions filters an account's domains. Name is a regular
// expression (SCM's semantics). On v1 instances only Name and the paging are
// applied, client-side.
type ListACMEDomainsOptions struct {
	ListOptions
	Name                        string `query:"name"`
	ExpiresWithinNextDays       int    `query:"expiresWithinNextDays"`
	StickyExpiresWithinNextDays int    `query:"stickyExpiresWithinNextDays"`
}

// ACMEClient is an ACME client (certbot, ...) registered with an account's
// EAB credentials.
type ACMEClient struct {
	AccountID    string `json:"accountId,omitempty"`
	UserAgent    string `json:"userAgent,omitempty"`
	IPAddress    string `json:"ipAddress,omitempty"`
	Status       string `json:"status,omitempty"`
	LastActivity Date   `json:"lastActivity"`
	Contacts     string `json:"contacts,omitempty"`
}

type acmeDomainsBody struct {
	Domains []ACMEDomainName `json:"domains"`
}

type notAddedBody struct {
	NotAddedDomains []string `json:"notAddedDomains"`
}

type notRemovedBody struct {
	NotRemovedDomains []string `json:"notRemovedDomains"`
}

// AddDomains adds names to an account and returns those SCM did not add. An
// answer of {} means all were added.
//
// SCM API: POST /acme/v2/account/{id}/domain
// SCM API: POST /acme/v1/account/{id}/domains
func (s *ACMEService) AddDomains(ctx context.Context, id int, names []string) (notAdded []string, err error) {
	var out notAddedBody
	if _, err := s.do(ctx, changeDomains(http.MethodPost, id, names, retryUnsafe), &out); err != nil {
		return nil, err
	}
	return out.NotAddedDomains, nil
}

// RemoveDomains removes names from an account (a DELETE with a JSON body) and
// returns those SCM did not remove. Removal sets an absolute state, so it is
// retried as safe.
//
// SCM API: DELETE /acme/v2/account/{id}/domain
// SCM API: DELETE /acme/v1/account/{id}/domains
func (s *ACMEService) RemoveDomains(ctx context.Context, id int, names []string) (notRemoved []string, err error) {
	var out notRemovedBody
	if _, err := s.do(ctx, changeDomains(http.MethodDelete, id, names, retrySafe), &out); err != nil {
		return nil, err
	}
	return out.NotRemovedDomains, nil
}

// changeDomains builds the add (POST) or remove (DELETE) of names on an
// account, on the path of the generation in use.
func changeDomains(method string, id int, names []string, safe bool) acmeBuilder {
	return func(gen int32) *request {
		path := acmeAccountPath(gen, id, acmeDomainsSegment(gen))
		return send(method, path, domainNames(names), safe, http.StatusOK)
	}
}

func domainNames(names []string) *acmeDomainsBody {
	body := &acmeDomainsBody{Domains: make([]ACMEDomainName, len(names))}
	for i, n := range names {
		body.Domains[i] = ACMEDomainName{Name: n}
	}
	return body
}

// accountDomainList is the v2 domain listing of account id.
func accountDomainList(id int) listing[ListACMEDomainsOptions, ACMEAccountDomain] {
	return listing[ListACMEDomainsOptions, ACMEAccountDomain]{fetch: acmeGet(v2AccountPath(id, "/domain"))}
}

// ListAccountDomains returns one page of an account's domains. v1 instances
// have no such endpoint; the account's embedded domains[] is used instead.
//
// SCM API: GET /acme/v2/account/{id}/domain
// SCM API: GET /acme/v1/account/{id}
func (s *ACMEService) ListAccountDomains(ctx context.Context, id int, opts *ListACMEDomainsOptions) ([]ACMEAccountDomain, error) {
	out, err := accountDomainList(id).one(ctx, s.client, opts)
	if errors.Is(err, errV2Only) {
		return s.v1AccountDomains(ctx, id, opts, derefOr(opts).ListOptions)
	}
	return out, err
}

// ListAllAccountDomains returns every domain of an account matching opts.
//
// SCM API: GET /acme/v2/account/{id}/domain
// SCM API: GET /acme/v1/account/{id}
func (s *ACMEService) ListAllAccountDomains(ctx context.Context, id int, opts *ListACMEDomainsOptions) ([]ACMEAccountDomain, error) {
	out, err := accountDomainList(id).all(ctx, s.client, opts)
	if errors.Is(err, errV2Only) {
		return s.v1AccountDomains(ctx, id, opts, ListOptions{})
	}
	return out, err
}

// v1AccountDomains emulates the v2 listing from the v1 account body.
func (s *ACMEService) v1AccountDomains(ctx context.Context, id int, opts *ListACMEDomainsOptions, page ListOptions) ([]ACMEAccountDomain, error) {
	var match *regexp.Regexp
	if name := derefOr(opts).Name; name != "" {
		re, err := regexp.Compile(name)
		if err != nil {
			return nil, fmt.Errorf("scm: domain name filter %q: %w", name, err)
		}
		match = re
	}
	acct, err := s.GetAccount(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []ACMEAccountDomain
	for _, d := range acct.Domains {
		if match == nil || match.MatchString(d.Name) {
			out = append(out, ACMEAccountDomain{Name: d.Name})
		}
	}
	return pageOf(out, page), nil
}

// pageOf applies position/size to a slice (size 0 means the rest).
func pageOf[T any](items []T, page ListOptions) []T {
	start := min(max(page.Position, 0), len(items))
	end := len(items)
	if page.Size > 0 {
		end = min(start+page.Size, end)
	}
	return items[start:end]
}

// ListClients returns every ACME client registered with an account. Only v2
// instances have this endpoint; on v1 the error wraps errors.ErrUnsupported.
//
// SCM API: GET /acme/v2/account/{id}/client
func (s *ACMEService) ListClients(ctx context.Context, id int) ([]ACMEClient, error) {
	clients := listing[ListOptions, ACMEClient]{fetch: acmeGet(v2AccountPath(id, "/client"))}
	out, err := clients.all(ctx, s.client, nil)
	if errors.Is(err, errV2Only) {
		return nil, fmt.Errorf("scm: list ACME clients of account %d: %w", id, errors.Join(errV2Only, errors.ErrUnsupported))
	}
	return out, err
}
