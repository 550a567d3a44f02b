package scm

import (
	"errors"
	"strings"
)

// tokenError is a failure to obtain an access token. It matches its kind
// (ErrOAuthClient or ErrTokenServer; none for a context that ended) and
// unwraps to its cause, so a deadline still matches context.DeadlineExceeded
// and a certificate failure its x509 error.
type tokenError struct {
	kind  error
	msg   string
	cause error
}

func (e *tokenError) Error() string { return e.msg }

func (e *tokenError) Is(target error) bool { return e.kind != nil && target == e.kind }

func (e *tokenError) Unwrap() error { return e.cause }

// TokenFailure returns the failure to obtain an access token in err's chain,
// or nil. It is the client's, not one request's: every request that waited
// for the same token request meets it, and a refusal of the client
// credentials is kept for the client's life, so callers that join the errors
// of parallel requests can name it once.
func TokenFailure(err error) error {
	var te *tokenError
	if errors.As(err, &te) {
		return te
	}
	return nil
}

// refusedTokenError is SCM's 401 to a token fetched for the request that met
// the first 401. It matches ErrTokenRefused, and ErrUnauthorized through the
// *APIError it wraps.
type refusedTokenError struct{ api *APIError }

func (e *refusedTokenError) Error() string {
	prefix := "scm: " + e.api.Method + " " + e.api.Path + ": "
	detail := strings.TrimPrefix(e.api.Error(), prefix)
	return prefix + "SCM refused a new access token: the API key may lack access to this API or instance: " + detail
}

func (e *refusedTokenError) Is(target error) bool { return target == ErrTokenRefused }

func (e *refusedTokenError) Unwrap() error { return e.api }
