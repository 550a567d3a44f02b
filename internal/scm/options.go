package scm

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// UserAgentPrefix starts the default User-Agent; callers append the collection
// version (WithUserAgent(UserAgentPrefix + version)).
const UserAgentPrefix = "scmkit.sectigo/"

const (
	defaultUserAgent      = UserAgentPrefix + "dev"
	defaultRequestTimeout = 30 * time.Second
	// defaultRetryMax retries a safe request five times (six attempts): on a bad SCM day, with one
	// answer in ten a 503 and one in twenty a 429, three retries left a read failing about once in
	// two thousand, which a run of sixty reads met every few runs (make soak). The deadline
	// (scm_timeout) still bounds the whole.
	defaultRetryMax     = 5
	defaultRetryWaitMin = time.Second
	defaultRetryWaitMax = 30 * time.Second
)

// Option configures a Client built by New.
type Option func(*config)

// TLSConfig controls server verification and client-certificate authentication.
type TLSConfig struct {
	// CAFile is a PEM bundle of the only CAs to trust (for private or test CAs);
	// without it the system roots are used.
	CAFile string
	// Insecure disables server certificate verification. Never the default.
	Insecure bool
	// ClientCertFile and ClientKeyFile select client-certificate login. When the
	// key file is empty the key is read from ClientCertFile.
	ClientCertFile, ClientKeyFile string
}

// RetryConfig bounds retries made by the transport. Max is the number of
// retries after the first attempt; waits grow exponentially from WaitMin and
// never exceed WaitMax or the context deadline. A Retry-After header on 429
// or 503 replaces the computed wait (still capped the same way).
type RetryConfig struct {
	Max              int
	WaitMin, WaitMax time.Duration
}

type config struct {
	httpClient     *http.Client
	tls            *TLSConfig
	retry          RetryConfig
	requestTimeout time.Duration
	userAgent      string
	logf           func(format string, args ...any)
	now            func() time.Time
	oauth2         *OAuth2             // nil: header login (Credentials)
	secretSink     func(secret string) // nil: nobody is told
	maxParallel    int
}

func defaultConfig() config {
	return config{
		retry:          RetryConfig{Max: defaultRetryMax, WaitMin: defaultRetryWaitMin, WaitMax: defaultRetryWaitMax},
		requestTimeout: defaultRequestTimeout,
		userAgent:      defaultUserAgent,
		now:            time.Now,
		maxParallel:    DefaultMaxParallel,
	}
}

// WithHTTPClient makes the client send attempts through hc (its Transport and,
// when set, its Timeout). Meant for tests; it cannot be combined with WithTLS.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithTLS sets CA, verification and client-certificate options.
func WithTLS(t TLSConfig) Option { return func(c *config) { c.tls = &t } }

// WithRetry replaces the default policy (Max 3, WaitMin 1s, WaitMax 30s).
func WithRetry(r RetryConfig) Option { return func(c *config) { c.retry = r } }

// WithRequestTimeout bounds each attempt (default 30s). The overall budget is
// the caller's context.
func WithRequestTimeout(d time.Duration) Option { return func(c *config) { c.requestTimeout = d } }

// WithUserAgent sets the whole User-Agent header value.
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithLogger receives one trace line per attempt: method, path, status or
// transport failure, attempt number and duration; with OAuth2, one line per
// token fetched or reused and per 401 answered with a new token. Never
// headers, bodies, tokens or secrets.
func WithLogger(logf func(format string, args ...any)) Option {
	return func(c *config) { c.logf = logf }
}

// WithMaxParallel bounds the requests the client keeps in flight at once, whoever sends them: the
// pages of one listing after the first (read concurrently once X-Total-Count is known), the
// caller's own concurrent calls, and retries. Default DefaultMaxParallel; 1..MaxParallel. A 429
// lowers the bound for a while (throttle.go).
func WithMaxParallel(n int) Option { return func(c *config) { c.maxParallel = n } }

// WithClock replaces time.Now wherever the client reads the time: Retry-After
// dates, the pause a 429 imposes on every request, trace durations and the
// expiry of OAuth2 access tokens.
// Context deadlines are always measured on the wall clock, and waits sleep on
// real timers for the durations the clock gives.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

func (c *config) validate() error {
	var errs []error
	if c.retry.Max < 0 || c.retry.WaitMin < 0 || c.retry.WaitMax < c.retry.WaitMin {
		errs = append(errs, fmt.Errorf("retry config needs Max >= 0 and 0 <= WaitMin <= WaitMax (got %+v)", c.retry))
	}
	if c.requestTimeout <= 0 {
		errs = append(errs, fmt.Errorf("request timeout must be positive (got %s)", c.requestTimeout))
	}
	if c.httpClient != nil && c.tls != nil {
		errs = append(errs, errors.New("WithHTTPClient and WithTLS cannot be combined"))
	}
	if c.userAgent == "" {
		errs = append(errs, errors.New("user agent must not be empty"))
	}
	if c.now == nil {
		errs = append(errs, errors.New("clock must not be nil"))
	}
	if c.maxParallel < 1 || c.maxParallel > MaxParallel {
		errs = append(errs, fmt.Errorf("max parallel must be between 1 and %d (got %d)", MaxParallel, c.maxParallel))
	}
	return errors.Join(errs...)
}

func (c *config) certAuth() bool { return c.tls != nil && c.tls.ClientCertFile != "" }
