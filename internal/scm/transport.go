package scm

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// buildHTTPClient assembles the stack resty sends through:
//
//	resty → http.Client (no redirects) → retryablehttp (policy, backoff)
//	      → http.Client (per-attempt timeout) → traceTransport (429 throttle,
//	        trace) → transport
//
// retryablehttp sits below resty so that it is the only layer that retries.
func buildHTTPClient(cfg *config) (*http.Client, error) {
	inner, err := attemptClient(cfg)
	if err != nil {
		return nil, err
	}
	rh := &retryablehttp.Client{
		HTTPClient:   inner,
		RetryWaitMin: cfg.retry.WaitMin,
		RetryWaitMax: cfg.retry.WaitMax,
		RetryMax:     cfg.retry.Max,
		CheckRetry:   CheckRetry,
		Backoff:      newBackoff(cfg.now),
		ErrorHandler: keepLastResponse,
		// Logger stays nil: retryablehttp's default logger writes to stderr.
	}
	outer := rh.StandardClient()
	outer.CheckRedirect = noRedirect
	return outer, nil
}

// attemptClient is the client one attempt goes through.
func attemptClient(cfg *config) (*http.Client, error) {
	var hc http.Client
	if cfg.httpClient != nil {
		hc = *cfg.httpClient // shallow copy: never mutate the caller's client
	} else {
		tr, err := newTransport(cfg.tls)
		if err != nil {
			return nil, err
		}
		hc.Transport = tr
	}
	if hc.Timeout == 0 {
		hc.Timeout = cfg.requestTimeout
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &traceTransport{base: base, gate: newThrottle(cfg.retry, cfg.maxParallel, cfg.now, cfg.logf), logf: cfg.logf, now: cfg.now}
	// SCM never redirects API calls; a redirect means a wrong base URL (a
	// login page, http→https) and following it could turn a POST into a GET.
	hc.CheckRedirect = noRedirect
	return &hc, nil
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// keepLastResponse hands the final response (for example the last 503) to do,
// which turns it into an *APIError, instead of retryablehttp's generic
// "giving up" error that would hide SCM's error body.
func keepLastResponse(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close() // the error wins; nobody will read this body
		}
		return nil, err
	}
	return resp, nil
}

// maxIdlePerHost keeps a connection for every request a caller may have in flight (at most MaxParallel).
// net/http keeps only 2 idle connections per host by default, so bounded-parallel work
// closed and re-dialled connections all the time: a new TCP and TLS handshake for most requests.
const maxIdlePerHost = MaxParallel

func newTransport(t *TLSConfig) (*http.Transport, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyFromEnvironment
	tr.MaxIdleConnsPerHost = maxIdlePerHost
	tc, err := newTLSConfig(t)
	if err != nil {
		return nil, err
	}
	tr.TLSClientConfig = tc
	return tr, nil
}

func newTLSConfig(t *TLSConfig) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if t == nil {
		return tc, nil
	}
	tc.InsecureSkipVerify = t.Insecure //nolint:gosec // the caller's explicit choice (TLSConfig.Insecure)
	if t.CAFile != "" {
		pool, err := loadCAFile(t.CAFile)
		if err != nil {
			return nil, err
		}
		tc.RootCAs = pool
	}
	if t.ClientCertFile != "" {
		keyFile := t.ClientKeyFile
		if keyFile == "" {
			keyFile = t.ClientCertFile
		}
		pair, err := tls.LoadX509KeyPair(t.ClientCertFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("scm: load client certificate %q (key %q): %w", t.ClientCertFile, keyFile, err)
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	return tc, nil
}

// loadCAFile returns a pool of the PEM bundle's certificates and nothing else, as TLSConfig.CAFile is
// documented (and as curl --cacert and Python's cafile behave). Loading the system roots as well
// cost every client 30 to 150 ms: Go reads and parses the whole system bundle and certificate
// directory once per process, and this client's callers are short processes that build one client.
func loadCAFile(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scm: read CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("scm: CA file %q holds no PEM certificates", path)
	}
	return pool, nil
}

// traceTransport paces attempts through the client's throttle, counts them,
// records whether an unsafe attempt may have been processed, and emits one
// trace line per attempt.
type traceTransport struct {
	base http.RoundTripper
	gate *throttle
	logf func(string, ...any)
	now  func() time.Time
}

func (t *traceTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := t.gate.acquire(r.Context()); err != nil {
		return nil, err // nothing was sent: not an attempt
	}
	st := callFrom(r.Context())
	start := t.now()
	resp, err := t.base.RoundTrip(r)
	t.gate.release(resp)
	attempt := 0
	if st != nil {
		attempt = int(st.attempts.Add(1))
		if attemptMayHaveApplied(resp, err) {
			st.maybeApplied.Store(true)
		}
	}
	if t.logf != nil {
		t.trace(r, st, attempt, resp, err, t.now().Sub(start))
	}
	return resp, err
}

func (t *traceTransport) trace(r *http.Request, st *callState, attempt int, resp *http.Response, err error, d time.Duration) {
	method, path := r.Method, r.URL.Path
	if st != nil {
		method, path = st.method, st.path
	}
	outcome := "transport error: " + fmt.Sprint(err)
	if err == nil {
		outcome = fmt.Sprintf("status %d", resp.StatusCode)
	}
	t.logf("scm: %s %s attempt %d: %s in %s", method, path, attempt, outcome, d.Round(time.Millisecond))
}
