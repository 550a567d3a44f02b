package caa

import (
	"context"
	"errors"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Resolver looks up CAA record sets. The default one asks the system's
// resolvers (/etc/resolv.conf); tests and split-horizon setups give a server.
//
// LookupCAA returns the RRset at exactly name, which is taken as absolute
// with or without its trailing dot (no search list is applied). CNAMEs are
// followed, as RFC 8659 §3 requires, so the RRset may be owned by the end of
// the chain. No records, NODATA and NXDOMAIN all give an empty slice; an
// error means the lookup failed (SERVFAIL, REFUSED, timeout, a bad answer).
type Resolver interface {
	LookupCAA(ctx context.Context, name string) ([]Record, error)
}

// Query settings for a server given to NewResolver. Two tries of two
// seconds ride out one lost UDP packet without holding a task for long; a
// context deadline cuts them shorter.
const (
	serverTimeout  = 2 * time.Second
	serverAttempts = 2
)

// NewResolver returns a Resolver that asks server ("127.0.0.1:5353"; port 53
// when none is given) over UDP, retrying over TCP when an answer is
// truncated. server "" asks the name servers in /etc/resolv.conf, read at
// each lookup, in order, with its timeout and attempts options.
func NewResolver(server string) Resolver {
	if server == "" {
		return &dnsResolver{servers: func() (serverSet, error) { return readResolvConf(resolvConfPath) }}
	}
	set := serverSet{addrs: []string{withDefaultPort(server)}, timeout: serverTimeout, attempts: serverAttempts}
	return &dnsResolver{servers: func() (serverSet, error) { return set, nil }}
}

// withDefaultPort adds port 53 to a bare host or IP address.
func withDefaultPort(server string) string {
	if _, _, err := net.SplitHostPort(server); err == nil {
		return server
	}
	return net.JoinHostPort(strings.Trim(server, "[]"), "53")
}

// dnsResolver is the Resolver built on miekg/dns.
type dnsResolver struct {
	servers func() (serverSet, error)
}

// LookupCAA implements Resolver.
func (r *dnsResolver) LookupCAA(ctx context.Context, name string) ([]Record, error) {
	a, err := r.lookupCAA(ctx, name)
	return a.records, err
}

// lookupCAA implements ownerLookup: it also says where the CNAME chain
// ended. Every failure comes back as a *LookupError naming the server.
func (r *dnsResolver) lookupCAA(ctx context.Context, name string) (answer, error) {
	set, err := r.servers()
	if err != nil {
		return answer{}, err
	}
	a, err := followCNAMEs(ctx, dns.Fqdn(strings.ToLower(name)), set.query)
	var lookupErr *LookupError
	if err != nil && !errors.As(err, &lookupErr) {
		err = &LookupError{Name: canonical(name), Server: set.label(), Err: err}
	}
	return a, err
}
