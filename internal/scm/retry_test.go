package scm

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func marked(safe bool) context.Context {
	return withCall(context.Background(), &callState{safe: safe})
}

func urlErr(err error) error {
	return &url.Error{Op: "Post", URL: "https://cert-manager.com/api/x", Err: err}
}

func TestCheckRetry(t *testing.T) {
	t.Parallel()
	refused := urlErr(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
	for _, tc := range []struct {
		desc       string
		status     int   // used when err is nil
		err        error // transport error
		wantSafe   bool
		wantUnsafe bool
	}{
		{desc: "connection refused", err: refused, wantSafe: true, wantUnsafe: true},
		{desc: "dns failure", err: urlErr(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host"}}), wantSafe: true, wantUnsafe: true},
		{desc: "proxy unreachable", err: urlErr(&net.OpError{Op: "proxyconnect", Err: syscall.ECONNREFUSED}), wantSafe: true, wantUnsafe: true},
		{desc: "reset after sending", err: urlErr(&net.OpError{Op: "read", Err: syscall.ECONNRESET}), wantSafe: true},
		{desc: "eof after sending", err: urlErr(io.EOF), wantSafe: true},
		{desc: "unexpected eof", err: urlErr(io.ErrUnexpectedEOF), wantSafe: true},
		{desc: "read timeout", err: urlErr(&net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}), wantSafe: true},
		{desc: "unknown authority", err: urlErr(x509.UnknownAuthorityError{})},
		{desc: "hostname mismatch", err: urlErr(&tls.CertificateVerificationError{Err: x509.HostnameError{Host: "x"}})},
		{desc: "plain http to tls", err: urlErr(tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"})},
		{desc: "bad scheme", err: urlErr(errors.New(`unsupported protocol scheme "ftp"`))},
		{desc: "bad header", err: urlErr(errors.New(`net/http: invalid header field value for "login"`))},
		{desc: "200", status: 200},
		{desc: "201", status: 201},
		{desc: "400", status: 400},
		{desc: "401", status: 401},
		{desc: "404", status: 404},
		{desc: "429", status: 429, wantSafe: true, wantUnsafe: true},
		{desc: "500", status: 500},
		{desc: "501", status: 501},
		{desc: "502", status: 502, wantSafe: true},
		{desc: "503", status: 503, wantSafe: true},
		{desc: "504", status: 504, wantSafe: true},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			var resp *http.Response
			if tc.err == nil {
				resp = &http.Response{StatusCode: tc.status}
			}
			for _, safe := range []bool{true, false} {
				got, err := CheckRetry(marked(safe), resp, tc.err)
				require.NoError(t, err)
				assert.Equal(t, map[bool]bool{true: tc.wantSafe, false: tc.wantUnsafe}[safe], got, "safe=%v", safe)
			}
			unmarked, err := CheckRetry(context.Background(), resp, tc.err)
			require.NoError(t, err)
			assert.Equal(t, tc.wantUnsafe, unmarked, "an unmarked request counts as unsafe")
		})
	}
}

func TestCheckRetry_contextDone(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(marked(true))
	cancel()
	got, err := CheckRetry(ctx, &http.Response{StatusCode: 503}, nil)
	assert.False(t, got)
	require.ErrorIs(t, err, context.Canceled)
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)
	backoff := newBackoff(func() time.Time { return now })
	withRetryAfter := func(status int, v string) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {v}}}
	}
	for _, tc := range []struct {
		desc    string
		attempt int
		resp    *http.Response
		want    time.Duration
	}{
		{desc: "first wait is WaitMin", attempt: 0, want: time.Second},
		{desc: "doubles", attempt: 2, want: 4 * time.Second},
		{desc: "capped by WaitMax", attempt: 10, want: 30 * time.Second},
		{desc: "huge attempt does not overflow", attempt: 500, want: 30 * time.Second},
		{desc: "429 seconds", attempt: 2, resp: withRetryAfter(429, "3"), want: 3 * time.Second},
		{desc: "503 seconds", attempt: 0, resp: withRetryAfter(503, "7"), want: 7 * time.Second},
		{desc: "zero seconds", attempt: 3, resp: withRetryAfter(429, "0"), want: 0},
		{desc: "http date", attempt: 0, resp: withRetryAfter(429, now.Add(12*time.Second).Format(http.TimeFormat)), want: 12 * time.Second},
		{desc: "date in the past", attempt: 0, resp: withRetryAfter(503, now.Add(-time.Minute).Format(http.TimeFormat)), want: 0},
		{desc: "retry-after capped by WaitMax", attempt: 0, resp: withRetryAfter(429, "3600"), want: 30 * time.Second},
		{desc: "absurd retry-after", attempt: 0, resp: withRetryAfter(429, "99999999999999"), want: 30 * time.Second},
		{desc: "garbage ignored", attempt: 1, resp: withRetryAfter(429, "soon"), want: 2 * time.Second},
		{desc: "negative ignored", attempt: 1, resp: withRetryAfter(429, "-4"), want: 2 * time.Second},
		{desc: "ignored on 502", attempt: 0, resp: withRetryAfter(502, "9"), want: time.Second},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, backoff(time.Second, 30*time.Second, tc.attempt, tc.resp))
		})
	}
}

func TestBackoff_cappedByDeadline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1/", nil)
	require.NoError(t, err)
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"600"}}, Request: req}
	got := newBackoff(time.Now)(time.Second, time.Hour, 0, resp)
	assert.LessOrEqual(t, got, time.Second, "never wait past the deadline")
}

// countingServer answers each attempt with the next status of plan (the
// last one repeats) and counts attempts.
func countingServer(t *testing.T, pattern string, plan []int, opts ...Option) (*Client, func() int) {
	t.Helper()
	client, mux := setup(t, opts...)
	var hits atomic.Int32
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		n := int(hits.Add(1)) - 1
		status := plan[min(n, len(plan)-1)]
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "0")
		}
		switch {
		case status == http.StatusOK && r.Method == http.MethodPost:
			writeJSON(w, status, `{"sslId":1001,"renewId":"r"}`)
		case status == http.StatusOK:
			writeJSON(w, status, `{"id":1,"name":"example.org"}`)
		default:
			writeJSON(w, status, `{"code":-2,"description":"temporarily unavailable"}`)
		}
	})
	return client, func() int { return int(hits.Load()) }
}

func TestRetry_safeRecoversAfterFailures(t *testing.T) {
	t.Parallel()
	client, hits := countingServer(t, "GET /api/domain/v1/1", []int{503, 502, 200})
	d, err := client.Domains.Get(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, "example.org", d.Name)
	assert.Equal(t, 3, hits())
}

func TestRetry_safeGivesUpAfterMax_error(t *testing.T) {
	t.Parallel()
	client, hits := countingServer(t, "GET /api/domain/v1/1", []int{504})
	_, err := client.Domains.Get(t.Context(), 1)
	require.EqualError(t, err, "scm: GET /domain/v1/1: 504 (code -2): temporarily unavailable")
	assert.NotErrorIs(t, err, ErrMayHaveBeenApplied, "safe requests are never 'may have been applied'")
	assert.Equal(t, 4, hits(), "one attempt plus Max=3 retries")
}

func TestRetry_unsafeEnroll503SentOnce_error(t *testing.T) {
	t.Parallel()
	client, hits := countingServer(t, "POST /api/ssl/v1/enroll", []int{503, 200})
	_, err := client.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 4001})
	require.ErrorIs(t, err, ErrMayHaveBeenApplied)
	require.EqualError(t, err, "scm: POST /ssl/v1/enroll: the request may have been applied; re-run to reconcile: "+
		"503 (code -2): temporarily unavailable")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, 1, hits(), "an unsafe request is never replayed after a 5xx")
}

func TestRetry_unsafe429IsRetriedAndRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	// Waits of an hour: only the server's Retry-After: 0 lets this finish
	// before the guard deadline.
	hour := WithRetry(RetryConfig{Max: 3, WaitMin: time.Hour, WaitMax: time.Hour})
	client, hits := countingServer(t, "POST /api/ssl/v1/enroll", []int{429, 429, 200}, hour)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	got, err := client.SSL.Enroll(ctx, &EnrollRequest{OrgID: 4001})
	require.NoError(t, err)
	assert.Equal(t, 1001, got.SSLID)
	assert.Equal(t, 3, hits())
}

func TestRetry_unsafe429Exhausted_error(t *testing.T) {
	t.Parallel()
	client, hits := countingServer(t, "POST /api/ssl/v1/enroll", []int{429})
	_, err := client.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 4001})
	require.EqualError(t, err, "scm: POST /ssl/v1/enroll: 429 (code -2): temporarily unavailable")
	assert.NotErrorIs(t, err, ErrMayHaveBeenApplied, "a 429 was refused, not applied")
	assert.Equal(t, 4, hits())
}

// dropAfterRead reads the whole request, then closes the connection without
// answering: the server may have acted, the client cannot know.
func dropAfterRead(hits *atomic.Int32, ok func(w http.ResponseWriter)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		if n > 1 {
			ok(w)
			return
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}
}

func TestRetry_unsafeDroppedConnectionSentOnce_error(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("POST /api/ssl/v1/enroll", dropAfterRead(&hits, func(w http.ResponseWriter) {
		writeJSON(w, http.StatusOK, `{"sslId":1}`)
	}))
	_, err := client.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 4001})
	require.ErrorIs(t, err, ErrMayHaveBeenApplied)
	require.ErrorContains(t, err, "scm: POST /ssl/v1/enroll: the request may have been applied; re-run to reconcile: request failed: ")
	assert.Equal(t, int32(1), hits.Load())
}

func TestRetry_safeDroppedConnectionRetried(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("POST /api/dcv/v2/validation/status", dropAfterRead(&hits, func(w http.ResponseWriter) {
		writeJSON(w, http.StatusOK, `{"status":"VALIDATED"}`)
	}))
	st, err := client.DCV.Status(t.Context(), "example.org")
	require.NoError(t, err)
	assert.True(t, st.Validated())
	assert.Equal(t, int32(2), hits.Load())
}

// refusingTransport fails the first n attempts the way a closed port does,
// before any byte is written.
type refusingTransport struct {
	n        int32
	attempts atomic.Int32
	next     http.RoundTripper
}

func (rt *refusingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if rt.attempts.Add(1) <= rt.n {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	return rt.next.RoundTrip(r)
}

func TestRetry_unsafeConnectionRefusedIsRetried(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	rt := &refusingTransport{n: 2, next: http.DefaultTransport}
	client, err := New(client.BaseURL(), testCreds(), fastRetry(), WithHTTPClient(&http.Client{Transport: rt}))
	require.NoError(t, err)
	var hits atomic.Int32
	mux.HandleFunc("POST /api/ssl/v1/enroll", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusOK, `{"sslId":1001,"renewId":"r"}`)
	})
	got, err := client.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 4001})
	require.NoError(t, err)
	assert.Equal(t, 1001, got.SSLID)
	assert.Equal(t, int32(3), rt.attempts.Load())
	assert.Equal(t, int32(1), hits.Load(), "the order reached the server exactly once")
}

func TestRetry_realRefusedPort_error(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	var attempts atomic.Int32
	logf := func(string, ...any) { attempts.Add(1) }
	client, err := New("http://"+addr, testCreds(), WithLogger(logf),
		WithRetry(RetryConfig{Max: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}))
	require.NoError(t, err)
	_, err = client.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 4001})
	require.ErrorContains(t, err, "scm: POST /ssl/v1/enroll: request failed: dial tcp "+addr)
	require.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.NotErrorIs(t, err, ErrMayHaveBeenApplied, "nothing reached the server")
	assert.Equal(t, int32(3), attempts.Load())
}

func TestRetry_contextCanceledStopsRetrying_error(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	var hits atomic.Int32
	mux.HandleFunc("GET /api/domain/v1/1", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		cancel()
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	_, err := client.Domains.Get(ctx, 1)
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorContains(t, err, "scm: GET /domain/v1/1: ")
	assert.Equal(t, int32(1), hits.Load())
}
