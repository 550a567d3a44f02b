package scm

import (
	"encoding/json"
	"slices"
	"strings"
)

// SCM spells its enum values inconsistently: DOC writes constants
// ("NOT_VALIDATED"), OAS display names ("Not validated"), and servers differ in
// case ("pending", "Pending") and in spaces ("SA Approved"). The status types
// below decode every spelling of a value they know into one constant, in SCM's
// documented spelling, so that callers compare with ==. A value they do not
// know is kept exactly as SCM sent it: it can still be reported, and it never
// equals a known constant by accident.

// SSLStatus is the state of an SSL certificate order (scm-api.md §7.7).
type SSLStatus string

// SSL statuses, in SCM's spelling.
const (
	SSLRequested  SSLStatus = "Requested"
	SSLApproved   SSLStatus = "Approved"
	SSLApplied    SSLStatus = "Applied"
	SSLIssued     SSLStatus = "Issued"
	SSLRevoked    SSLStatus = "Revoked"
	SSLExpired    SSLStatus = "Expired"
	SSLDeclined   SSLStatus = "Declined"
	SSLReplaced   SSLStatus = "Replaced"
	SSLRejected   SSLStatus = "Rejected"
	SSLInvalid    SSLStatus = "Invalid"
	SSLSAApproved SSLStatus = "SAApproved" // OAS writes "SA Approved"
	SSLInit       SSLStatus = "Init"
	SSLUnmanaged  SSLStatus = "Unmanaged"
)

// sslStatuses lists the documented statuses first, in the order scm-api.md
// §7.7 gives them; error messages list them in this order.
var sslStatuses = []SSLStatus{
	SSLRequested, SSLApproved, SSLApplied, SSLIssued, SSLRevoked, SSLExpired, SSLDeclined, SSLReplaced,
	SSLRejected, SSLInvalid, SSLSAApproved, SSLInit, SSLUnmanaged,
}

// SSLStatuses returns every SSL status this package knows.
func SSLStatuses() []SSLStatus { return slices.Clone(sslStatuses) }

// ParseSSLStatus maps any spelling of a known status ("issued", "SA Approved")
// to its constant. For a value it does not know, ok is false and s comes back
// as given.
func ParseSSLStatus(s string) (status SSLStatus, ok bool) { return parseEnum(s, sslStatuses) }

// UnmarshalJSON decodes any spelling of a known status to its constant.
func (s *SSLStatus) UnmarshalJSON(data []byte) error { return unmarshalEnum(data, s, sslStatuses) }

// DCVState is the validation state of a domain, in the DCV list and status
// calls and in a domain's details. (DCVStatus is the status call's answer.)
type DCVState string

// DCV states, in SCM's spelling.
const (
	DCVValidated    DCVState = "VALIDATED"
	DCVNotValidated DCVState = "NOT_VALIDATED"
	DCVExpired      DCVState = "EXPIRED"
)

var dcvStates = []DCVState{DCVValidated, DCVNotValidated, DCVExpired}

// UnmarshalJSON decodes any spelling of a known state to its constant.
func (s *DCVState) UnmarshalJSON(data []byte) error { return unmarshalEnum(data, s, dcvStates) }

// DCVOrderState is the state of a domain's DCV order.
type DCVOrderState string

// DCV order states, in SCM's spelling.
const (
	DCVOrderNotInitiated       DCVOrderState = "NOT_INITIATED"
	DCVOrderAwaitingSubmission DCVOrderState = "AWAITING_SUBMISSION"
	DCVOrderSubmitted          DCVOrderState = "SUBMITTED"
)

var dcvOrderStates = []DCVOrderState{DCVOrderNotInitiated, DCVOrderAwaitingSubmission, DCVOrderSubmitted}

// UnmarshalJSON decodes any spelling of a known state to its constant.
func (s *DCVOrderState) UnmarshalJSON(data []byte) error {
	return unmarshalEnum(data, s, dcvOrderStates)
}

// DomainState says whether certificates may be ordered for a domain.
type DomainState string

// Domain states, in SCM's spelling.
const (
	DomainActive    DomainState = "ACTIVE"
	DomainSuspended DomainState = "SUSPENDED"
)

var domainStates = []DomainState{DomainActive, DomainSuspended}

// UnmarshalJSON decodes any spelling of a known state to its constant.
func (s *DomainState) UnmarshalJSON(data []byte) error { return unmarshalEnum(data, s, domainStates) }

// DelegationState is the state of a domain's delegation to an organization,
// and a domain's overall delegation status.
type DelegationState string

// Delegation states, in SCM's spelling.
const (
	DelegationActive    DelegationState = "ACTIVE"
	DelegationRequested DelegationState = "REQUESTED" // awaits an administrator's approval
)

var delegationStates = []DelegationState{DelegationActive, DelegationRequested}

// UnmarshalJSON decodes any spelling of a known state to its constant.
func (s *DelegationState) UnmarshalJSON(data []byte) error {
	return unmarshalEnum(data, s, delegationStates)
}

// ACMEAccountStatus says whether an ACME client has registered with an
// account's EAB credentials. Servers differ in case ("pending", "Pending").
type ACMEAccountStatus string

// ACME account statuses, in SCM's spelling.
const (
	ACMEStatusPending ACMEAccountStatus = "pending" // no ACME client registered yet
	ACMEStatusValid   ACMEAccountStatus = "valid"   // an ACME client registered
)

var acmeAccountStatuses = []ACMEAccountStatus{ACMEStatusPending, ACMEStatusValid}

// ParseACMEAccountStatus maps any spelling of a known status to its constant.
// For a value it does not know, ok is false and s comes back as given.
func ParseACMEAccountStatus(s string) (status ACMEAccountStatus, ok bool) {
	return parseEnum(s, acmeAccountStatuses)
}

// UnmarshalJSON decodes any spelling of a known status to its constant.
func (s *ACMEAccountStatus) UnmarshalJSON(data []byte) error {
	return unmarshalEnum(data, s, acmeAccountStatuses)
}

// parseEnum returns the constant of known that s spells, or s unchanged.
func parseEnum[T ~string](s string, known []T) (T, bool) {
	n := normEnum(s)
	for _, k := range known {
		if normEnum(string(k)) == n {
			return k, true
		}
	}
	return T(s), false
}

// unmarshalEnum decodes a JSON string through parseEnum. null leaves out
// unchanged, as it would a plain string.
func unmarshalEnum[T ~string](data []byte, out *T, known []T) error {
	var s *string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	if s != nil {
		*out, _ = parseEnum(*s, known)
	}
	return nil
}

// normEnum is the form two spellings of one value share: upper case, without
// spaces, underscores and hyphens ("Not validated" and "NOT_VALIDATED" both
// give NOTVALIDATED).
func normEnum(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-':
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
}
