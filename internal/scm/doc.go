// Package scm is a typed client for the REST API of Sectigo Certificate Manager
// (SCM): domains, domain control validation, Sectigo Public ACME accounts, SSL
// certificates and organizations. It logs in with OAuth2 client credentials
// (WithOAuth2: bearer tokens from a token server, the method Sectigo
// recommends) or with the legacy login headers (Credentials, optionally a
// client certificate).
//
// The package knows nothing about Ansible. It takes a context and typed requests
// and returns typed results and typed errors (*APIError plus sentinels such as
// ErrNotFound), so it could be lifted out as a library unchanged.
//
// Design rules that callers rely on:
//
//   - One private do owns success: status mapping, Location ids and JSON decoding.
//   - retryablehttp is the single owner of retries; resty never retries.
//   - Every request is marked safe or unsafe to repeat. An unsafe request (enroll,
//     create, DCV start, ...) is never replayed once it may have reached the
//     server; the caller gets an error matching ErrMayHaveBeenApplied instead and
//     is expected to observe and reconcile on the next run.
//   - A 429 slows the whole client down, not just the request that met it: every
//     request waits for its Retry-After and fewer run at once (throttle.go).
//   - With OAuth2 every request carries a bearer token, shared by all requests
//     in flight and renewed before it expires (token_source.go). A 401 gets one
//     new token and one more send, writes included: SCM refused the request
//     before acting on it (bearer.go).
//   - SCM's enum values arrive as typed constants whatever their spelling
//     (enums.go), and its dates as Date: a time.Time plus SCM's text (date.go).
//
// What it must never do: import internal/ansible, write to stdout or stderr,
// keep package-level mutable state, or put the password, the OAuth2 client
// secret, an access token, the authentication headers or request/response
// dumps into an error string, a trace line or a URL.
package scm
