package scm

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The retry policy classifies by operation, not by HTTP method: SCM has POSTs
// that only read (DCV status) and POSTs that create orders (enroll). Each
// client method marks its request safe or unsafe and do puts the mark into the
// request context, where retryablehttp hands it back to CheckRetry.
//
// Safe operations (reads, and PUT/DELETE that set an absolute state) may be
// repeated: a second activate or delete cannot create anything new.
//
// Unsafe operations (enroll, renew, replace, revoke, domain and ACME account
// create, ACME add domains, DCV start/submit/clear, delegation add,
// approve/decline) are repeated only when SCM provably did not act: the
// connection was never established, or SCM answered 429 (it refused without
// processing). After a timeout, a 5xx or a connection dropped after sending we
// cannot know, so we stop and report ErrMayHaveBeenApplied; the modules
// observe before they act, so the next run finds the order instead of placing
// a duplicate.

// callState travels in the request context of one do call.
type callState struct {
	safe         bool
	method, path string
	attempts     atomic.Int32
	// maybeApplied is set when an unsafe attempt got far enough that SCM may
	// have processed it.
	maybeApplied atomic.Bool
}

type callKey struct{}

func withCall(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callKey{}, st)
}

func callFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callKey{}).(*callState)
	return st
}

// CheckRetry is the retryablehttp.CheckRetry policy of this package. A request
// without a safety mark is treated as unsafe. It never retries once the context
// is done.
func CheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	st := callFrom(ctx)
	safe := st != nil && st.safe
	if err != nil {
		if permanentTransportError(err) {
			return false, nil
		}
		return safe || neverReached(err), nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true, nil
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return safe, nil
	}
	return false, nil
}

// neverReached reports errors raised before a connection to the server (or
// the proxy) existed, so no byte of the request can have been processed.
func neverReached(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Op == "dial" || op.Op == "proxyconnect"
	}
	return false
}

// permanentTransportError reports failures that another attempt cannot fix
// and that happen before the request is sent: certificate verification, a bad
// scheme, an invalid header value (retryablehttp skips the same ones).
func permanentTransportError(err error) bool {
	var (
		verifyErr  *tls.CertificateVerificationError
		authority  x509.UnknownAuthorityError
		hostname   x509.HostnameError
		invalid    x509.CertificateInvalidError
		recordErr  tls.RecordHeaderError
		alertError tls.AlertError
	)
	if errors.As(err, &verifyErr) || errors.As(err, &authority) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &recordErr) || errors.As(err, &alertError) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "unsupported protocol scheme") ||
		strings.Contains(msg, "invalid header") ||
		strings.Contains(msg, "certificate is not trusted")
}

// attemptMayHaveApplied reports whether SCM may have processed one attempt.
func attemptMayHaveApplied(resp *http.Response, err error) bool {
	if err != nil {
		return !neverReached(err) && !permanentTransportError(err)
	}
	return resp.StatusCode != http.StatusTooManyRequests
}

// newBackoff returns the retryablehttp.Backoff of this package: exponential
// from WaitMin, replaced by Retry-After (seconds or HTTP date) on 429 and 503,
// and always capped by WaitMax and by the time left before the deadline.
func newBackoff(now func() time.Time) retryablehttp.Backoff {
	return func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
		wait := exponential(minWait, maxWait, attempt)
		if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
			if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now()); ok {
				wait = ra
			}
		}
		wait = min(wait, maxWait)
		if resp != nil && resp.Request != nil {
			// Context deadlines are wall-clock; the injected clock is for
			// the server's dates only.
			if dl, ok := resp.Request.Context().Deadline(); ok {
				wait = min(wait, max(time.Until(dl), 0))
			}
		}
		return wait
	}
}

func exponential(minWait, maxWait time.Duration, attempt int) time.Duration {
	wait := minWait
	for range attempt {
		if wait >= maxWait || wait > maxWait/2 {
			return maxWait
		}
		wait *= 2
	}
	return min(wait, maxWait)
}

// parseRetryAfter reads delay-seconds or an HTTP date. Dates in the past mean
// "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		// Clamp before multiplying to avoid overflow; WaitMax caps it anyway.
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}
