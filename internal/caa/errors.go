package caa

import (
	"fmt"

	"github.com/miekg/dns"
)

// LookupError is a CAA lookup that got no usable answer. Check never turns
// one into "allowed": a lookup that failed here says nothing about what the
// CA will find, and a CA that cannot complete its own lookup refuses.
type LookupError struct {
	Name   string // the name queried, without the trailing dot
	Server string // the server or servers asked
	Err    error
}

func (e *LookupError) Error() string {
	return fmt.Sprintf("CAA lookup of %s at %s failed: %v", e.Name, e.Server, e.Err)
}

func (e *LookupError) Unwrap() error { return e.Err }

// RcodeError is an answer whose response code is neither NOERROR nor
// NXDOMAIN.
type RcodeError struct {
	Rcode int
}

// Error names the code and, for the two a user meets, what it usually means.
func (e *RcodeError) Error() string {
	name, ok := dns.RcodeToString[e.Rcode]
	if !ok {
		name = fmt.Sprintf("RCODE %d", e.Rcode)
	}
	switch e.Rcode {
	case dns.RcodeServerFailure:
		return "server answered " + name + " (a validating resolver also answers so for a zone whose DNSSEC does not validate)"
	case dns.RcodeRefused:
		return "server answered " + name + " (it does not answer for this name; give a recursive resolver)"
	}
	return "server answered " + name
}
