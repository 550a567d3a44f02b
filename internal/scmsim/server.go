package scmsim

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scmkit/sectigo/internal/scmsim/acmesrv"
	"github.com/scmkit/sectigo/internal/scmsim/simca"
)

// API path prefixes. Every SCM route is served under both; /private/api
// authenticates with a client certificate instead of a password (§2.3).
const (
	prefixAPI     = "/api"
	prefixPrivate = "/private/api"
)

// Options configure a Server. The zero value is a working emulator with the
// default world.
type Options struct {
	// Now is the real clock (nil: time.Now). The emulator's business clock is
	// Now plus the offset set by POST /admin/clock.
	Now func() time.Time
	// Sleep waits for injected latency (nil: a timer that honours ctx).
	// Tests inject it to observe latency without sleeping.
	Sleep func(ctx context.Context, d time.Duration) error
	// World is the seed; nil means DefaultWorld(). /admin/reset returns to it.
	World *World
	// Knobs and Faults start with these values (nil: the defaults).
	Knobs  *Knobs
	Faults *Faults
	// StatePath, when set, is loaded at start if it exists and rewritten
	// atomically after every change of state.
	StatePath string
	// Logger receives operational messages (nil: discarded). Passwords, EAB
	// HMAC keys, API client secrets and access tokens are never logged.
	Logger *slog.Logger
	// ACMERealValidation makes the embedded ACME server validate challenges
	// instead of treating every authorization as valid.
	ACMERealValidation bool
	// Hosts are extra names for the TLS server certificate.
	Hosts []string
	// Bulk, when set, adds its domains and certificates to the seed at start (SeedBulk), unless
	// StatePath held a state to start from.
	Bulk *BulkSeed
}

// Server is the emulator. All state sits behind mu; the journal and the fault
// generator have their own locks so that they never wait for the store.
type Server struct {
	opts  Options
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	log   *slog.Logger
	mu    sync.Mutex
	seed  *World
	w     *World
	// domainsGen counts the changes to w's domain entries and DCV records (added or removed): the DCV
	// index kept for listings (dcvIndexOf) is valid for one world and one count.
	domainsGen uint64
	dcvCache   keptDCVIndex
	knobs      Knobs
	offset     atomic.Int64 // business clock offset in nanoseconds
	ca         *simca.CA    // business clock: issues SCM certificates
	tlsCA      *simca.CA    // real clock: TLS listener and client logins
	acme       *acmesrv.Server
	faults     *faultState
	journal    *journal
	tokens     *tokenStore // OAuth2 access tokens; guarded by mu
	checker    dcvChecker
	api        http.Handler
	admin      http.Handler
}

// New builds a Server. It loads opts.StatePath when that file exists.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, now: opts.Now, sleep: opts.Sleep, log: opts.Logger, journal: newJournal(),
		tokens: newTokenStore()}
	s.defaults()
	seed := DefaultWorld()
	if opts.World != nil {
		seed = opts.World.clone()
		seed.fillDefaults()
	}
	s.seed = seed
	loaded, err := s.initState()
	if err != nil {
		return nil, err
	}
	if opts.Bulk != nil && !loaded {
		if _, err := s.seedBulkLocked(*opts.Bulk); err != nil {
			return nil, err
		}
		s.seed = s.w.clone() // /admin/reset returns to the bulk inventory
	}
	if err := s.initACME(); err != nil {
		return nil, err
	}
	s.checker = netChecker{log: s.log}
	s.api = s.buildAPI()
	s.admin = s.buildAdmin()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s, s.persistLocked()
}

func (s *Server) defaults() {
	if s.now == nil {
		s.now = time.Now
	}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.knobs = DefaultKnobs()
	if s.opts.Knobs != nil {
		s.knobs = *s.opts.Knobs
	}
	f := DefaultFaults()
	if s.opts.Faults != nil {
		f = *s.opts.Faults
	}
	s.faults = newFaultState(f, s.now)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// simNow is the business clock: real time plus the admin clock offset.
func (s *Server) simNow() time.Time {
	return s.now().Add(time.Duration(s.offset.Load()))
}

// Handler serves the SCM REST API under /api and /private/api, the OAuth2
// token endpoint at TokenPath, and the ACME server under /acme/v2/{name} plus
// its own paths. For tests in other packages: httptest.NewServer(sim.Handler()),
// or an unstarted server with TLS = sim.TLSConfig() for /private/api.
func (s *Server) Handler() http.Handler { return s.api }

// AdminHandler serves the admin API. Serve it on loopback only.
func (s *Server) AdminHandler() http.Handler { return s.admin }

// CA returns the emulator's certificate authority.
func (s *Server) CA() *simca.CA { return s.tlsCA }

// CABundlePEM returns every root a client of the emulator may need: the
// emulator's own root (TLS and SCM-issued certificates) followed by the ACME
// server's roots.
func (s *Server) CABundlePEM() []byte {
	out := append([]byte{}, s.tlsCA.RootPEM()...)
	return append(out, s.acme.RootsPEM()...)
}

// TLSConfig returns a server TLS configuration: a certificate for loopback
// (plus Options.Hosts) and optional client certificates verified against the
// emulator's CA, as /private/api needs. HTTP/2 is left off so that
// drop-after-commit can hijack the connection.
func (s *Server) TLSConfig() (*tls.Config, error) {
	cert, err := s.tlsCA.ServerCertificate(s.opts.Hosts)
	if err != nil {
		return nil, fmt.Errorf("scmsim: server certificate: %w", err)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.VerifyClientCertIfGiven,
		ClientCAs:    s.tlsCA.ClientCAs(),
		MinVersion:   tls.VersionTLS12,
		NextProtos:   []string{"http/1.1"},
	}, nil
}

// buildAPI assembles the public handler: SCM routes and the token endpoint
// behind the middleware (journal and faults), ACME paths as they are, and a
// JSON 404 for everything else.
func (s *Server) buildAPI() http.Handler {
	scm := http.NewServeMux()
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		for _, prefix := range []string{prefixAPI, prefixPrivate} {
			scm.Handle(method+" "+prefix+path, s.endpoint(rt, prefix))
		}
	}
	unknown := route{ctype: typeJSON, h: func(*call) error {
		return notFound(-1, "Endpoint", "requested")
	}}
	scm.Handle(prefixAPI+"/", s.endpoint(unknown, prefixAPI))
	scm.Handle(prefixPrivate+"/", s.endpoint(unknown, prefixPrivate))

	root := http.NewServeMux()
	wrapped := s.middleware(scm)
	root.Handle(prefixAPI+"/", wrapped)
	root.Handle(prefixPrivate+"/", wrapped)
	root.Handle(TokenPath, s.middleware(http.HandlerFunc(s.serveToken)))
	acme := s.acme.Handler()
	root.Handle(acmesrv.DirectoryPattern, acme)
	for _, p := range s.acme.Paths() {
		root.Handle(p, acme)
	}
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, typeJSON, notFound(-1, "Path", r.URL.Path))
	})
	return root
}

// errNotLoopback guards the admin listener.
var errNotLoopback = errors.New("scmsim: the admin API listens on loopback only")
