package scm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// tokenEndpoint asks the token server for access tokens with the OAuth2
// client-credentials grant (RFC 6749 §4.4), through the client's own HTTP
// stack: the same TLS settings and CA file, the same retries and throttle.
type tokenEndpoint struct {
	url            string // validated: absolute, no user info or query
	clientID       string
	clientSecret   string
	userAgent      string
	hc             *http.Client
	now            func() time.Time
	requestTimeout time.Duration
	secrets        *secretSet
}

// maxTokenAnswer bounds how much of the token server's answer is read.
const maxTokenAnswer = 64 << 10

// tokenAnswer is the token server's JSON: a token (RFC 6749 §5.1) or an error
// (§5.2).
type tokenAnswer struct {
	AccessToken      string          `json:"access_token"`
	TokenType        string          `json:"token_type"`
	ExpiresIn        json.RawMessage `json:"expires_in"`
	Error            string          `json:"error"`
	ErrorDescription string          `json:"error_description"`
}

// fetch gets a new token and returns it with its lifetime. The expiry counts
// from when the request was sent, on the client's clock.
func (e *tokenEndpoint) fetch(ctx context.Context) (heldToken, time.Duration, error) {
	sent, wallStart := e.now(), time.Now()
	status, body, err := e.post(ctx)
	if err != nil {
		return heldToken{}, 0, e.transportError(ctx, wallStart, err)
	}
	if status < 200 || status > 299 {
		return heldToken{}, 0, e.refusal(status, body)
	}
	return e.token(status, body, sent)
}

// post sends the form. A token request is safe to repeat (another token is
// harmless), so connection failures, 502-504 and 429 are retried like a GET.
func (e *tokenEndpoint) post(ctx context.Context) (int, []byte, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {e.clientID},
		"client_secret": {e.clientSecret},
	}
	st := &callState{safe: retrySafe, method: http.MethodPost, path: e.url}
	req, err := http.NewRequestWithContext(withCall(ctx, st), http.MethodPost, e.url, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", e.userAgent)
	resp, err := e.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenAnswer))
	if err != nil {
		return 0, nil, fmt.Errorf("reading the answer (status %d): %w", resp.StatusCode, err)
	}
	return resp.StatusCode, body, nil
}

// token reads a 2xx answer.
func (e *tokenEndpoint) token(status int, body []byte, sent time.Time) (heldToken, time.Duration, error) {
	var a tokenAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return heldToken{}, 0, e.unreadable(status, "the answer is not a JSON object")
	}
	if a.AccessToken == "" {
		return heldToken{}, 0, e.unreadable(status, "the answer has no access_token")
	}
	if a.TokenType != "" && !strings.EqualFold(a.TokenType, "Bearer") {
		return heldToken{}, 0, e.unreadable(status, fmt.Sprintf("the token type is %q, not Bearer", e.shorten(a.TokenType)))
	}
	lifetime, err := parseExpiresIn(a.ExpiresIn)
	if err != nil {
		return heldToken{}, 0, e.unreadable(status, "expires_in is not a number of seconds")
	}
	t := Token{AccessToken: a.AccessToken, Expiry: sent.Add(lifetime)}
	return heldToken{Token: t, margin: tokenMargin(lifetime)}, lifetime, nil
}

// parseExpiresIn reads seconds as a JSON number or string; absent, null or 0
// mean the server did not say (defaultTokenLifetime).
func parseExpiresIn(raw json.RawMessage) (time.Duration, error) {
	text := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if text == "" || text == "null" {
		return defaultTokenLifetime, nil
	}
	secs, err := strconv.ParseFloat(text, 64)
	if err != nil || !(secs >= 0) { // NaN is not a number of seconds either
		return 0, errors.New("not a number of seconds")
	}
	if secs == 0 {
		return defaultTokenLifetime, nil
	}
	// Cap in seconds: converting a huge float to a Duration overflows.
	return time.Duration(min(secs, maxTokenLifetime.Seconds()) * float64(time.Second)), nil
}

// refusal explains a non-2xx answer. invalid_client and unauthorized_client,
// or a bare 401, mean the client credentials are wrong or the key is disabled.
func (e *tokenEndpoint) refusal(status int, body []byte) error {
	var a tokenAnswer
	_ = json.Unmarshal(body, &a) // an answer without the error fields is described by its status
	code := e.shorten(a.Error)
	detail := code
	if desc := e.shorten(a.ErrorDescription); desc != "" && code != "" {
		detail += ": " + desc
	}
	switch {
	case code == "invalid_client" || code == "unauthorized_client":
		return e.fail(ErrOAuthClient, nil, "the token server refused the client credentials (%s)", detail)
	case code == "" && status == http.StatusUnauthorized:
		return e.fail(ErrOAuthClient, nil, "the token server refused the client credentials (%d %s)", status, statusText(status))
	case code != "":
		return e.fail(ErrTokenServer, nil, "the token server answered %d %s (%s)", status, statusText(status), detail)
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		return e.fail(ErrTokenServer, nil, "the token server answered %d %s: check the token URL", status, statusText(status))
	}
	return e.fail(ErrTokenServer, nil, "the token server answered %d %s", status, statusText(status))
}

func (e *tokenEndpoint) unreadable(status int, why string) error {
	return e.fail(ErrTokenServer, nil, "unreadable answer from the token server (status %d): %s", status, why)
}

// transportError explains a request that got no answer. A context that ended
// is the caller's time limit, not a token server failure.
func (e *tokenEndpoint) transportError(ctx context.Context, wallStart time.Time, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		budget := "the context deadline"
		if dl, ok := ctx.Deadline(); ok {
			budget = dl.Sub(wallStart).Round(time.Millisecond).String()
		}
		return e.fail(nil, ctx.Err(), "timed out after %s: %v", budget, ctx.Err())
	case ctx.Err() != nil:
		return e.fail(nil, ctx.Err(), "%v", ctx.Err())
	case isTimeout(err):
		return e.fail(ErrTokenServer, err, "the token server did not answer within %s (per-request timeout): %v", e.requestTimeout, err)
	}
	return e.fail(ErrTokenServer, err, "the token server is unreachable: %v", err)
}

// fail builds a tokenError whose message names the token URL and holds no
// secret.
func (e *tokenEndpoint) fail(kind, cause error, format string, args ...any) error {
	msg := "scm: OAuth2 token request to " + e.url + ": " + fmt.Sprintf(format, args...)
	return &tokenError{kind: kind, msg: e.secrets.scrub(msg), cause: cause}
}

// shorten scrubs and trims a server-provided text for an error message
// (scrubbed first, so that a cut cannot leave half a secret behind).
func (e *tokenEndpoint) shorten(s string) string {
	s = strings.Join(strings.Fields(e.secrets.scrub(s)), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}
