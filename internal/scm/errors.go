package scm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
)

// Sentinels for the cases callers branch on. Match them with errors.Is; an
// *APIError matches through its Is method.
var (
	// ErrNotFound: 404, or a 4xx carrying an "unknown id" code. SCM servers
	// differ (scm-api.md §10), so both forms are accepted.
	ErrNotFound = errors.New("scm: not found")
	// ErrUnauthorized: 401, or codes -16 (unknown user) and -970 (bad login).
	ErrUnauthorized = errors.New("scm: unauthorized")
	// ErrForbidden: 403, or codes -3 and -738 (not allowed for this admin).
	ErrForbidden = errors.New("scm: forbidden")
	// ErrNotReady: collect before issuance (400 with code 0, -183, -109, -1400)
	// or an empty certificate body.
	ErrNotReady = errors.New("scm: certificate not ready")
	// ErrRevoked: the certificate was revoked and cannot be collected.
	ErrRevoked = errors.New("scm: certificate revoked")
	// ErrConflict: the object already exists (-700, or 409).
	ErrConflict = errors.New("scm: already exists")
	// ErrMayHaveBeenApplied: an unsafe request may have been processed although
	// no success was seen (timeout, 5xx, connection dropped after sending).
	ErrMayHaveBeenApplied = errors.New("scm: the request may have been applied; re-run to reconcile")

	// ErrOAuthClient: the OAuth2 token server refused the client credentials
	// (invalid_client or unauthorized_client, or a bare 401): a wrong client ID
	// or secret, or a disabled or revoked API key.
	ErrOAuthClient = errors.New("scm: the token server refused the client credentials")
	// ErrTokenServer: the OAuth2 token server could not be reached, failed
	// (5xx), or gave an answer without a usable token.
	ErrTokenServer = errors.New("scm: the token server gave no access token")
	// ErrTokenRefused: SCM answered 401 to a freshly fetched access token. The
	// error matches ErrUnauthorized as well.
	ErrTokenRefused = errors.New("scm: SCM refused a new access token")
)

// Error codes from scm-api.md §3.3 and §7.5.
var (
	notFoundCodes     = []int{-124, -5101, -727, -1023}
	unauthorizedCodes = []int{-16, -970}
	forbiddenCodes    = []int{-3, -738}
	notReadyCodes     = []int{0, -183, -109, -1400}
	revokedCodes      = []int{-110, -192}
	conflictCodes     = []int{-700}
)

const (
	maxErrorBody = 1024
	redacted     = "********"
)

// APIError is a non-2xx answer from SCM.
type APIError struct {
	StatusCode  int
	Code        int    // SCM's negative error code; 0 when the body had none
	Description string // SCM's description, or the HTTP status text
	Method      string
	Path        string // relative to the base URL, without query
	Body        []byte // the raw body, truncated to 1 KiB

	hasCode  bool // the body was an SCM envelope with a "code" key
	envelope bool // the body carried a code or a description (not a bare 404)
}

// Error reads "scm: POST /ssl/v1/enroll: 400 (code -36): <description>".
func (e *APIError) Error() string {
	if e.hasCode {
		return fmt.Sprintf("scm: %s %s: %d (code %d): %s", e.Method, e.Path, e.StatusCode, e.Code, e.Description)
	}
	return fmt.Sprintf("scm: %s %s: %d: %s", e.Method, e.Path, e.StatusCode, e.Description)
}

// Is matches the package sentinels by HTTP status and SCM code.
func (e *APIError) Is(target error) bool {
	coded := func(codes []int) bool { return e.hasCode && slices.Contains(codes, e.Code) }
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || (e.StatusCode < 500 && coded(notFoundCodes))
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || coded(unauthorizedCodes)
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden || coded(forbiddenCodes)
	case ErrNotReady:
		return e.StatusCode == http.StatusBadRequest && coded(notReadyCodes)
	case ErrRevoked:
		return coded(revokedCodes)
	case ErrConflict:
		return e.StatusCode == http.StatusConflict || coded(conflictCodes)
	}
	return false
}

// errorEnvelope is SCM's error body: {"code": -16, "description": "..."}.
type errorEnvelope struct {
	Code        *int   `json:"code"`
	Description string `json:"description"`
}

// newAPIError builds an APIError from any body: an SCM envelope, other JSON,
// HTML or nothing. The password, the client secret and the access tokens are
// scrubbed in case a server echoes them.
func (c *Client) newAPIError(req *request, status int, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: req.method, Path: req.path}
	var env errorEnvelope
	if decodeJSON(body, &env) == nil {
		e.Description = strings.TrimSpace(env.Description)
		if env.Code != nil {
			e.Code, e.hasCode = *env.Code, true
		}
		e.envelope = e.hasCode || e.Description != ""
	}
	if e.Description == "" {
		e.Description = statusText(status)
	}
	e.Description = c.scrub(e.Description)
	e.Body = []byte(c.scrub(string(body[:min(len(body), maxErrorBody)])))
	return e
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "unexpected HTTP status"
}

func (c *Client) scrub(s string) string {
	if c.password != "" {
		s = strings.ReplaceAll(s, c.password, redacted)
	}
	return c.secrets.scrub(s)
}

// appliedError marks an unsafe request whose outcome is unknown.
type appliedError struct {
	prefix string
	cause  error
}

func mayHaveBeenApplied(req *request, cause error) error {
	return &appliedError{prefix: req.prefix(), cause: cause}
}

func (e *appliedError) Error() string {
	detail := strings.TrimPrefix(e.cause.Error(), e.prefix+": ")
	return e.prefix + ": the request may have been applied; re-run to reconcile: " + detail
}

func (e *appliedError) Is(target error) bool { return target == ErrMayHaveBeenApplied }

func (e *appliedError) Unwrap() error { return e.cause }

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// AnsweredUnavailable reports an uncertain write that SCM itself answered with 503 Service
// Unavailable. Unlike a timeout or a dropped connection, that answer is complete: the request is no
// longer in flight, so a read sent after it shows whatever the request did. A caller that reads SCM
// afterwards and finds nothing of the write may therefore send it again; after any other uncertain
// answer the write could still land after the read, and it must not.
func AnsweredUnavailable(err error) bool {
	var ae *APIError
	return errors.Is(err, ErrMayHaveBeenApplied) && errors.As(err, &ae) && ae.StatusCode == http.StatusServiceUnavailable
}

// Transient reports a failure that a later attempt may not meet: SCM answered 5xx or 429, or the
// answer never came (a timeout, a refused or dropped connection). Refusals of the request itself
// (4xx) and local errors are not transient: a re-run meets them again.
func Transient(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 500 || ae.StatusCode == http.StatusTooManyRequests
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}
