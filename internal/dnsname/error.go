package dnsname

import "fmt"

// Error reports why a domain name was rejected. Name is the input exactly as
// the user gave it, so that they can find it in their playbook; Reason is one
// short phrase. Err holds the underlying cause when there is one (the IDNA
// library's error for a bad internationalised name) and is returned by Unwrap.
type Error struct {
	Name   string
	Reason string
	Err    error
}

// Error renders the rejection as `invalid domain name "a..b": empty label`.
func (e *Error) Error() string {
	return fmt.Sprintf("invalid domain name %q: %s", e.Name, e.Reason)
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// reject builds an *Error for name with a formatted reason.
func reject(name, format string, args ...any) *Error {
	return &Error{Name: name, Reason: fmt.Sprintf(format, args...)}
}
