package scm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
)

// Credentials authenticate every request through the login, password and
// customerUri headers. Password may be empty only with client-certificate login.
// With OAuth2 (WithOAuth2) they are not needed and not sent.
type Credentials struct {
	Login, Password, CustomerURI string
}

// String describes the credentials without the password.
func (c Credentials) String() string {
	pw := "<empty>"
	if c.Password != "" {
		pw = redacted
	}
	return fmt.Sprintf("Credentials{Login: %q, Password: %s, CustomerURI: %q}", c.Login, pw, c.CustomerURI)
}

// GoString keeps %#v from printing the password.
func (c Credentials) GoString() string { return "scm." + c.String() }

// Format routes every fmt verb through String or GoString.
func (c Credentials) Format(f fmt.State, verb rune) { formatSafe(f, verb, c) }

// Client talks to one SCM instance. It is safe for concurrent use; build it
// once per module run with New.
type Client struct {
	Domains       *DomainsService
	DCV           *DCVService
	ACME          *ACMEService
	SSL           *SSLService
	Organizations *OrganizationsService

	rc       *resty.Client
	base     string // scheme://host[:port]/prefix, no trailing slash
	cfg      config
	password string
	secrets  *secretSet   // every secret the client holds, scrubbed from errors
	tokens   *tokenSource // nil: header login
	// acmeGen remembers which ACME API generation answered (see acme_version.go).
	acmeGen atomic.Int32
	// writes counts the attempts of unsafe requests (see retry.go), sent or not: while it is zero
	// nothing this client did can have changed SCM.
	writes atomic.Int32
	common service
}

// WritesSent tells whether the client has tried any request that may change SCM (an unsafe request,
// whatever became of it). While it has not, a failure left SCM as it was.
func (c *Client) WritesSent() bool { return c.writes.Load() > 0 }

// service is shared by all services (the go-github pattern): a service is
// only a typed view of the client.
type service struct{ client *Client }

// New validates baseURL and options and builds a client. baseURL is free-form:
// an empty path or "/" becomes "/api"; with client-certificate login and no
// password a trailing "/api" becomes "/private/api" (never with OAuth2).
func New(baseURL string, creds Credentials, opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("scm: invalid options: %w", err)
	}
	tokenURL, err := validateLogin(&cfg, creds)
	if err != nil {
		return nil, err
	}
	certLogin := cfg.oauth2 == nil && cfg.certAuth() && creds.Password == ""
	base, err := normalizeBaseURL(baseURL, certLogin)
	if err != nil {
		return nil, err
	}
	hc, err := buildHTTPClient(&cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{base: base, cfg: cfg, password: creds.Password}
	c.secrets = newSecretSet(cfg.secretSink, creds.Password)
	c.rc = newResty(hc, cfg.userAgent)
	if cfg.oauth2 != nil {
		c.tokens = newTokenSource(&c.cfg, tokenURL, hc, c.secrets, c.tracef)
	} else {
		setLoginHeaders(c.rc, creds)
	}
	c.common.client = c
	c.Domains = (*DomainsService)(&c.common)
	c.DCV = (*DCVService)(&c.common)
	c.ACME = (*ACMEService)(&c.common)
	c.SSL = (*SSLService)(&c.common)
	c.Organizations = (*OrganizationsService)(&c.common)
	return c, nil
}

// BaseURL returns the normalised API prefix every path is appended to.
func (c *Client) BaseURL() string { return c.base }

// String names the instance only. The client holds secrets (the password in
// its header set, the client secret, tokens), so every fmt verb is routed here
// instead of dumping fields.
func (c *Client) String() string { return "scm.Client{" + c.base + "}" }

// Format keeps %v, %+v and %#v from printing the client's fields.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, c.String()) }

// validateLogin checks the settings of the login method chosen. With OAuth2
// it returns the token URL.
func validateLogin(cfg *config, creds Credentials) (string, error) {
	if cfg.oauth2 == nil {
		return "", creds.validate(cfg.certAuth())
	}
	if err := checkLoginMethods(cfg, creds); err != nil {
		return "", err
	}
	return cfg.oauth2.validate()
}

func (c Credentials) validate(certAuth bool) error {
	var missing []string
	if c.Login == "" {
		missing = append(missing, "login")
	}
	if c.CustomerURI == "" {
		missing = append(missing, "customer URI")
	}
	if c.Password == "" && !certAuth {
		missing = append(missing, "password (or a client certificate)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("scm: missing credentials: %s", strings.Join(missing, ", "))
	}
	return nil
}

// normalizeBaseURL checks the scheme and host and settles the path prefix.
// Errors name the URL with any user info redacted.
func normalizeBaseURL(raw string, certLogin bool) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("scm: base URL %q is not a valid URL", redactRawURL(raw))
	}
	shown := u.Redacted()
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("scm: base URL %q must use http or https", shown)
	case u.Host == "":
		return "", fmt.Errorf("scm: base URL %q has no host", shown)
	case u.User != nil:
		return "", fmt.Errorf("scm: base URL %q must not carry credentials; use the login and password options", shown)
	case u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("scm: base URL %q must not have a query or fragment", shown)
	}
	p := strings.TrimRight(u.Path, "/")
	if p == "" {
		p = "/api"
	}
	// Certificate login lives under /private/api (scm-api.md §2.3).
	if certLogin && !strings.HasSuffix(p, "/private/api") && strings.HasSuffix(p, "/api") {
		p = strings.TrimSuffix(p, "/api") + "/private/api"
	}
	u.Path, u.RawPath = p, ""
	return u.String(), nil
}

// redactRawURL hides user info in a string url.Parse rejected.
func redactRawURL(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		return scheme + "://" + redacted + "@" + rest[at+1:]
	}
	return raw
}

func newResty(hc *http.Client, ua string) *resty.Client {
	rc := resty.NewWithClient(hc)
	rc.SetLogger(discardLogger{})
	rc.SetRetryCount(0) // retryablehttp owns retries
	rc.SetHeader("Accept", "application/json")
	rc.SetHeader("User-Agent", ua)
	return rc
}

// setLoginHeaders makes every request carry the header login. SCM documents
// these exact header spellings; send them verbatim.
func setLoginHeaders(rc *resty.Client, creds Credentials) {
	rc.SetHeaderVerbatim("login", creds.Login)
	rc.SetHeaderVerbatim("customerUri", creds.CustomerURI)
	if creds.Password != "" {
		rc.SetHeaderVerbatim("password", creds.Password)
	}
}

// discardLogger keeps resty from writing to stderr, which belongs to the
// module runtime.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

// request describes one API call for do.
type request struct {
	method string
	path   string // relative to the base URL, dynamic segments already escaped
	query  url.Values
	body   any
	safe   bool  // may be repeated after it reached the server (see retry.go)
	accept []int // documented success statuses; nil accepts any 2xx
}

// response is what callers need after do succeeded.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends req and owns the definition of success: non-2xx becomes *APIError,
// an undocumented 2xx is an error, and a JSON body is decoded into out
// (out may be nil, or *[]byte for raw bytes).
func (c *Client) do(ctx context.Context, req *request, out any) (*response, error) {
	start := time.Now() // wall clock: compared with the context deadline
	res, refused, err := c.send(ctx, req, start)
	if err != nil {
		return nil, err
	}
	if err := c.checkStatus(req, res); err != nil {
		if refused {
			return res, tokenRefused(err)
		}
		return res, err
	}
	if err := decodeInto(res.body, out); err != nil {
		return res, fmt.Errorf("%s: decode response (status %d): %w", req.prefix(), res.status, err)
	}
	return res, nil
}

// exchange sends req through the retrying stack and returns SCM's answer,
// whatever its status. token, when not "", is sent as the bearer token. The
// request, body included, is built afresh on every call, so a second exchange
// never sends a body the first one consumed.
func (c *Client) exchange(ctx context.Context, req *request, token string, start time.Time) (*response, error) {
	st := &callState{safe: req.safe, method: req.method, path: req.path}
	if !req.safe {
		c.writes.Add(1)
	}
	r := c.rc.R().SetContext(withCall(ctx, st))
	if token != "" {
		r.SetHeader("Authorization", "Bearer "+token)
	}
	if req.query != nil {
		r.SetQueryParamsFromValues(req.query)
	}
	if req.body != nil {
		r.SetHeader("Content-Type", "application/json").SetBody(req.body)
	}
	resp, err := r.Execute(req.method, c.base+req.path)
	if err != nil {
		return nil, c.transportError(ctx, req, st, start, err)
	}
	return &response{status: resp.StatusCode(), header: resp.Header(), body: resp.Body()}, nil
}

func (req *request) prefix() string { return "scm: " + req.method + " " + req.path }

func (c *Client) checkStatus(req *request, res *response) error {
	if res.status < 200 || res.status > 299 {
		apiErr := c.newAPIError(req, res.status, res.body)
		if !req.safe && res.status >= 500 {
			return mayHaveBeenApplied(req, apiErr)
		}
		return apiErr
	}
	if req.accept == nil || slices.Contains(req.accept, res.status) {
		return nil
	}
	err := fmt.Errorf("%s: unexpected status %d %s", req.prefix(), res.status, http.StatusText(res.status))
	if !req.safe {
		return mayHaveBeenApplied(req, err)
	}
	return err
}

// transportError explains a failure without a usable response. It keeps the
// cause wrapped (errors.Is(err, context.DeadlineExceeded) stays true) but drops
// the *url.Error layer, whose text repeats the full URL.
func (c *Client) transportError(ctx context.Context, req *request, st *callState, start time.Time, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var out error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		budget := "the context deadline"
		if dl, ok := ctx.Deadline(); ok {
			budget = dl.Sub(start).Round(time.Millisecond).String()
		}
		out = fmt.Errorf("%s: timed out after %s: %w", req.prefix(), budget, ctx.Err())
	case ctx.Err() != nil:
		out = fmt.Errorf("%s: %w", req.prefix(), ctx.Err())
	case isTimeout(err):
		out = fmt.Errorf("%s: timed out after %s (per-request timeout): %w", req.prefix(), c.cfg.requestTimeout, err)
	default:
		out = fmt.Errorf("%s: request failed: %w", req.prefix(), err)
	}
	if !req.safe && st.maybeApplied.Load() {
		return mayHaveBeenApplied(req, out)
	}
	return out
}

// created reads the id of a resource created by a 201 response.
func created(req *request, res *response) (int, error) {
	loc := res.header.Get("Location")
	id, err := idFromLocation(loc)
	if err != nil {
		// The server did create something; say so instead of a bare failure.
		return 0, mayHaveBeenApplied(req, fmt.Errorf("%s: created, but %w", req.prefix(), err))
	}
	return id, nil
}

// idFromLocation returns the last path segment of a Location header as a
// positive integer. Absolute and relative forms are accepted.
func idFromLocation(loc string) (int, error) {
	if strings.TrimSpace(loc) == "" {
		return 0, errors.New("the response has no Location header")
	}
	p := loc
	if u, err := url.Parse(strings.TrimSpace(loc)); err == nil {
		p = u.Path
	}
	p = strings.TrimRight(p, "/")
	seg := p[strings.LastIndex(p, "/")+1:]
	id, err := parsePositiveInt(seg)
	if err != nil {
		return 0, fmt.Errorf("the Location header %q does not end in a numeric id", loc)
	}
	return id, nil
}

// Safety marks for request.safe (see retry.go).
const (
	retrySafe   = true
	retryUnsafe = false
)

// read builds a safe GET that expects 200.
func read(path string, q url.Values) *request {
	return &request{method: http.MethodGet, path: path, query: q, safe: retrySafe, accept: []int{http.StatusOK}}
}

// send builds a request with a JSON body (nil for none). No accept codes means
// any 2xx, for endpoints whose sources disagree.
func send(method, path string, body any, safe bool, accept ...int) *request {
	return &request{method: method, path: path, body: body, safe: safe, accept: accept}
}

// decoded sends r and returns its answer decoded into a new T. On error it
// returns nil, never a half-decoded value; an empty answer gives the zero T.
func decoded[T any](ctx context.Context, c *Client, r *request) (*T, error) {
	var out T
	if _, err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// decodedList is decoded for an answer that is an unpaged JSON array.
func decodedList[T any](ctx context.Context, c *Client, r *request) ([]T, error) {
	var out []T
	if _, err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// isNil reports nil and typed nil pointers held in an interface.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
