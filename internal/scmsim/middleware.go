package scmsim

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
)

// reqInfo travels in the request context from the middleware to the handler
// and back: the handler says whether it changed state.
type reqInfo struct {
	mutated bool
}

type infoKey struct{}

func infoFrom(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(infoKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// middleware applies faults and latency, buffers the response so that a
// drop-after-commit can still discard it, and writes the journal entry.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		entry := JournalEntry{Time: s.simNow(), Method: r.Method, Path: r.URL.Path,
			Query: redactQuery(r.URL.Query()), Fault: faultNone}
		recorded := false
		record := func() {
			entry.DurationMS = s.now().Sub(start).Milliseconds()
			s.journal.add(entry)
			recorded = true
		}
		defer func() {
			if !recorded {
				record()
			}
		}()
		d := s.faults.decide(r.Method, r.URL.Path)
		if d.delay > 0 {
			entry.Fault = faultLatency
			if err := s.sleep(r.Context(), d.delay); err != nil {
				entry.Status = 499 // client gone while we slept
				return
			}
		}
		if d.reject != "" {
			entry.Fault, entry.Status = d.reject, injectFault(w, d, r.URL.Path == TokenPath)
			return
		}
		ri := &reqInfo{}
		buf := newBufferedWriter()
		next.ServeHTTP(buf, r.WithContext(context.WithValue(r.Context(), infoKey{}, ri)))
		entry.Status, entry.Mutating = buf.status, ri.mutated
		drop := ri.mutated && s.faults.dropAfterCommit()
		if drop {
			entry.Fault = faultDrop
		}
		// The journal holds the request before the client can see the answer (or the dropped
		// connection), so whoever reads the journal after the client has moved on finds it there.
		record()
		if drop {
			dropConnection(w)
			return
		}
		buf.flush(w)
	})
}

// injectFault answers an injected 503 or 429: an SCM envelope, or on the
// token endpoint an OAuth2 error, so that each client parses what its server
// would send.
func injectFault(w http.ResponseWriter, d decision, oauth bool) int {
	w.Header().Set("Retry-After", strconv.Itoa(d.retryAfter))
	if oauth {
		return injectOAuthFault(w, d)
	}
	if d.reject == fault503 {
		writeError(w, typeJSON, newErr(http.StatusServiceUnavailable, -2,
			"Service temporarily unavailable (scmsim fault injection)"))
		return http.StatusServiceUnavailable
	}
	writeError(w, typeJSON, newErr(http.StatusTooManyRequests, -1,
		"Too many requests (scmsim fault injection)"))
	return http.StatusTooManyRequests
}

// injectOAuthFault words an injected fault as the token endpoint would.
func injectOAuthFault(w http.ResponseWriter, d decision) int {
	status, desc := http.StatusServiceUnavailable, "Service temporarily unavailable (scmsim fault injection)"
	if d.reject != fault503 {
		status, desc = http.StatusTooManyRequests, "Too many requests (scmsim fault injection)"
	}
	writeOAuthError(w, oauthFail(status, "temporarily_unavailable", desc))
	return status
}

// dropConnection closes the connection without writing a response. Hijacking
// works on HTTP/1.x; elsewhere ErrAbortHandler makes net/http abort the
// response instead.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close() // closing is the point; an error changes nothing
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// bufferedWriter holds a complete response until the middleware decides to
// send or drop it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedWriter() *bufferedWriter {
	return &bufferedWriter{header: http.Header{}}
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedWriter) flush(w http.ResponseWriter) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes()) // the client may have gone; nothing to do
}
