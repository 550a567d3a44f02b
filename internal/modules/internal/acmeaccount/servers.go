package acmeaccount

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// ServerLister is the one read the server resolver needs.
type ServerLister interface {
	ListAllServers(ctx context.Context, opts *scm.ListACMEServersOptions) ([]scm.ACMEServer, error)
}

// Servers resolves acme_server values. SCM's docs call the account's acmeServer a server *name* while
// real clients send the directory URL (scm-api.md §6.2), so a user may write either; both are matched
// against GET /acme/v1/server, listed at most once per module run and only when needed.
type Servers struct {
	listing *common.ListOnce[scm.ACMEServer]
}

// NewServers returns a resolver that lists through lister on first use.
func NewServers(lister ServerLister) *Servers {
	return &Servers{listing: common.NewListOnce("ACME servers", func(ctx context.Context) ([]scm.ACMEServer, error) {
		return lister.ListAllServers(ctx, nil)
	})}
}

// WithHints lets the server listing come from the controller's hints (common.Hints).
func (s *Servers) WithHints(h *common.Hints) *Servers {
	s.listing.WithHints(h)
	return s
}

// Resolve returns the server value names: a name (compared case-insensitively) or a directory URL
// (compared after normalising scheme, host, default port and a trailing slash). An unknown value
// fails and lists the valid ones.
func (s *Servers) Resolve(ctx context.Context, value string) (scm.ACMEServer, error) {
	srv, err := s.resolve(ctx, value)
	if err != nil && s.listing.FromHints() {
		if err := s.listing.Live(ctx); err != nil {
			return scm.ACMEServer{}, err
		}
		return s.resolve(ctx, value)
	}
	return srv, err
}

func (s *Servers) resolve(ctx context.Context, value string) (scm.ACMEServer, error) {
	list, err := s.listing.Items(ctx)
	if err != nil {
		return scm.ACMEServer{}, err
	}
	var found []scm.ACMEServer
	for _, srv := range list {
		if ServerMatches(srv, value) && !containsURL(found, srv.URL) {
			found = append(found, srv)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return scm.ACMEServer{}, fmt.Errorf("acme_server: %q is not an ACME server of this SCM instance; valid values "+
			"(a name or its URL): %s", value, s.describe())
	}
	return scm.ACMEServer{}, fmt.Errorf("acme_server: %q matches several ACME servers (%s); give the directory URL",
		value, describe(found))
}

func (s *Servers) describe() string {
	if len(s.listing.Loaded()) == 0 {
		return "(none: SCM lists no ACME server for this admin)"
	}
	return describe(s.listing.Loaded())
}

func describe(list []scm.ACMEServer) string {
	parts := make([]string, len(list))
	for i, srv := range list {
		parts[i] = fmt.Sprintf("%q (%s)", srv.Name, srv.URL)
	}
	return strings.Join(parts, ", ")
}

func containsURL(list []scm.ACMEServer, u string) bool {
	for _, srv := range list {
		if SameValue(srv.URL, u) {
			return true
		}
	}
	return false
}

// ServerMatches reports whether value (a name or URL as a user or SCM writes it) denotes srv.
func ServerMatches(srv scm.ACMEServer, value string) bool {
	return SameValue(value, srv.URL) || SameValue(value, srv.Name)
}

// SameValue compares two server values: as URLs when both are URLs, otherwise as names
// (case-insensitively, ignoring surrounding space).
func SameValue(a, b string) bool {
	ua, aok := parseURL(a)
	ub, bok := parseURL(b)
	if aok && bok {
		return ua == ub
	}
	return !aok && !bok && strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// parseURL returns the canonical form of an absolute http(s) URL: lower-case scheme and host, no
// default port, no trailing slash, no fragment. Paths keep their case (Sectigo's /v2/InCommonRSAOV).
func parseURL(v string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", false
	}
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" && !(scheme == "https" && port == "443") && !(scheme == "http" && port == "80") {
		host += ":" + port
	}
	canon := scheme + "://" + host + strings.TrimSuffix(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		canon += "?" + u.RawQuery
	}
	return canon, true
}
