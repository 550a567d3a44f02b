package scmsim

import (
	"crypto/subtle"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
)

// maxTokenForm bounds the token request body; a real one is well under 1 KiB.
const maxTokenForm = 64 << 10

const typeForm = "application/x-www-form-urlencoded"

// tokenForm reads the form body. Only the body counts: parameters in the query
// string are ignored, as RFC 6749 §3.2 wants them in the body.
func tokenForm(r *http.Request) (url.Values, *oauthError) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != typeForm {
		return nil, invalidRequest("Content-Type must be " + typeForm)
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxTokenForm+1))
	if err != nil || len(data) > maxTokenForm {
		return nil, invalidRequest("Cannot read the request body")
	}
	form, err := url.ParseQuery(string(data))
	if err != nil {
		return nil, invalidRequest("Malformed form body")
	}
	for name, values := range form {
		if len(values) > 1 { // RFC 6749 §3.2: parameters must not repeat
			return nil, invalidRequest("Duplicated form parameter: " + name)
		}
	}
	return form, nil
}

// clientCreds are the client's id and secret, from HTTP Basic or the form.
type clientCreds struct {
	id string
	// secrets holds the secret as sent and, for HTTP Basic, its form-decoded
	// value when that differs: RFC 6749 §2.3.1 wants Basic credentials
	// form-encoded, but many clients skip it, so either form is accepted.
	secrets []string
	basic   bool
}

// clientCredentials takes HTTP Basic client authentication when present, else
// client_id and client_secret from the form. A client must not use both
// (RFC 6749 §2.3): a secret in both places, or two different ids, is
// invalid_request.
func clientCredentials(r *http.Request, form url.Values) (clientCreds, *oauthError) {
	formID, formSecret := form.Get("client_id"), form.Get("client_secret")
	user, pass, ok := r.BasicAuth()
	if !ok {
		return clientCreds{id: formID, secrets: nonEmpty(formSecret)}, nil
	}
	creds := clientCreds{id: formUnescape(user), secrets: nonEmpty(pass, formUnescape(pass)), basic: true}
	switch {
	case formSecret != "":
		return creds, invalidRequest("Multiple client authentication methods: HTTP Basic and client_secret")
	case formID != "" && formID != creds.id:
		return creds, invalidRequest("client_id differs from the HTTP Basic user")
	}
	return creds, nil
}

// formUnescape undoes the form encoding of a Basic credential; a value that
// does not decode was sent raw and is kept.
func formUnescape(v string) string {
	if u, err := url.QueryUnescape(v); err == nil {
		return u
	}
	return v
}

// nonEmpty drops empty and repeated values.
func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// verifyClient authenticates the client against the world. A wrong secret and
// an unknown id get the same answer; a disabled client is named as such only
// once its secret is right. Caller holds s.mu.
func (s *Server) verifyClient(creds clientCreds) (*APIClient, *oauthError) {
	fail := func(desc string) (*APIClient, *oauthError) {
		e := invalidClient(desc)
		e.basic = creds.basic
		return nil, e
	}
	if creds.id == "" || len(creds.secrets) == 0 {
		return fail("Missing client credentials: client_id and client_secret are required")
	}
	c := s.apiClient(creds.id)
	if c == nil || !slices.ContainsFunc(creds.secrets, func(sent string) bool {
		return subtle.ConstantTimeCompare([]byte(sent), []byte(c.Secret)) == 1
	}) {
		return fail("Invalid client or Invalid client credentials")
	}
	if c.Disabled {
		return fail("Client disabled: this API client has been disabled")
	}
	return c, nil
}
