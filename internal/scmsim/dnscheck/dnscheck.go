package dnscheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// defaultTimeout bounds one check when Checker.Timeout is zero. The Go
// resolver otherwise applies resolv.conf's timeout and attempts, which can add
// up to many seconds against a server that does not answer.
const defaultTimeout = 5 * time.Second

// Sentinel errors that the emulator maps to "not validated". Any other error
// means the check itself failed (server down, timeout, bad input).
var (
	// ErrNotFound: the record or file does not exist.
	ErrNotFound = errors.New("dnscheck: not found")
	// ErrMismatch: the record or file exists but holds something else.
	ErrMismatch = errors.New("dnscheck: mismatch")
)

// Checker looks up DCV records and files. The zero value is not usable: set
// DNSServer for CheckCNAME/CheckTXT and HTTPAddr for CheckHTTP.
type Checker struct {
	// DNSServer is the host:port of the only DNS server asked, e.g.
	// "127.0.0.1:5353". Queries use UDP, and TCP when a reply is truncated.
	DNSServer string
	// HTTPAddr is the host:port every HTTP check connects to, whatever host
	// the URL names, e.g. "127.0.0.1:8080".
	HTTPAddr string
	// Timeout bounds each check; zero means five seconds.
	Timeout time.Duration
}

func (c *Checker) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return defaultTimeout
}

// resolver sends every query to DNSServer. PreferGo is required: the cgo
// resolver would ignore Dial. The address the resolver passes to Dial (from
// resolv.conf) is ignored on purpose, but it still shows up in its error text.
func (c *Checker) resolver() (*net.Resolver, error) {
	if c.DNSServer == "" {
		return nil, errors.New("dnscheck: no DNS server configured")
	}
	d := net.Dialer{Timeout: c.timeout()}
	server := c.DNSServer
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, server)
		},
	}, nil
}

// fqdn adds the trailing dot so resolv.conf's search list and ndots never
// append a suffix to the name.
func fqdn(name string) string {
	name = strings.TrimSpace(name)
	if strings.HasSuffix(name, ".") {
		return name
	}
	return name + "."
}

// sameName compares DNS names the way DNS does: case-insensitively, with or
// without the trailing dot.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(strings.TrimSpace(a), "."), strings.TrimSuffix(strings.TrimSpace(b), "."))
}

// CheckCNAME returns nil when host has a CNAME record pointing at wantTarget
// (case-insensitive, trailing dots ignored). The error says what was found.
func (c *Checker) CheckCNAME(ctx context.Context, host, wantTarget string) error {
	got, err := lookup(ctx, c, "CNAME", host, (*net.Resolver).LookupCNAME)
	if err != nil {
		return err
	}
	// For a name with address records but no CNAME, LookupCNAME answers with
	// the name itself and no error; that is not a CNAME.
	if sameName(got, fqdn(host)) {
		return fmt.Errorf("%w: %s has no CNAME record (it has address records)", ErrNotFound, host)
	}
	// On a chain LookupCNAME returns the first hop, which is the record a DCV
	// check must look at.
	if !sameName(got, wantTarget) {
		return fmt.Errorf("%w: CNAME of %s is %q, want %q", ErrMismatch, host, got, wantTarget)
	}
	return nil
}

// CheckTXT returns nil when any TXT record of host equals wantValue exactly.
// A record split into several character-strings counts as their
// concatenation, as DNS defines it.
func (c *Checker) CheckTXT(ctx context.Context, host, wantValue string) error {
	values, err := lookup(ctx, c, "TXT", host, (*net.Resolver).LookupTXT)
	if err != nil {
		return err
	}
	for _, v := range values {
		if v == wantValue {
			return nil
		}
	}
	if len(values) == 0 {
		return fmt.Errorf("%w: %s has no TXT record", ErrNotFound, host)
	}
	return fmt.Errorf("%w: TXT of %s is %s, want %q", ErrMismatch, host, quoteAll(values), wantValue)
}

// lookup asks DNSServer one rrType question about host (as a FQDN), bounded
// by the check timeout. A failed lookup comes back through lookupErr.
func lookup[T any](ctx context.Context, c *Checker, rrType, host string,
	query func(*net.Resolver, context.Context, string) (T, error),
) (T, error) {
	var zero T
	r, err := c.resolver()
	if err != nil {
		return zero, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	v, err := query(r, ctx, fqdn(host))
	if err != nil {
		return zero, lookupErr(rrType, host, err)
	}
	return v, nil
}

// lookupErr maps the resolver's "no such host" (NXDOMAIN and NODATA look the
// same to the standard library) to ErrNotFound and keeps every other failure
// as a lookup error.
func lookupErr(rrType, host string, err error) error {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return fmt.Errorf("%w: %s has no %s record", ErrNotFound, host, rrType)
	}
	return fmt.Errorf("dnscheck: %s lookup of %s: %w", rrType, host, err)
}

// maxShown keeps error messages readable when a name has large TXT records.
const maxShown = 80

func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		if len(v) > maxShown {
			v = fmt.Sprintf("%s... (%d bytes)", v[:maxShown], len(v))
		}
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
