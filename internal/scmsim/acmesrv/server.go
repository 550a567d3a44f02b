package acmesrv

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/letsencrypt/pebble/v2/ca"
	"github.com/letsencrypt/pebble/v2/db"
	"github.com/letsencrypt/pebble/v2/va"
	"github.com/letsencrypt/pebble/v2/wfe"
)

// Policy is how the emulator's SCM side decides about ACME events. Calls come
// from request goroutines, concurrently.
type Policy interface {
	// CheckRegistration is called before a newAccount with EAB key id kid is
	// passed to pebble; an error refuses it (e.g. the SCM account was deleted)
	// and its text becomes the problem detail.
	CheckRegistration(kid string) error
	// Registered is called after pebble created the ACME account (201).
	Registered(kid, userAgent, remoteAddr string)
	// CheckOrder returns the identifiers that kid may NOT order; a non-empty
	// result answers the newOrder with 403 rejectedIdentifier.
	CheckOrder(kid string, names []string) (rejected []string)
}

// Options configure a Server.
type Options struct {
	// Policy decides registrations and orders; nil allows everything.
	Policy Policy
	// Logger receives pebble's log and the wrapper's decisions; nil discards.
	Logger *log.Logger
	// CertValidity is the lifetime of issued certificates; zero means 90 days.
	CertValidity time.Duration
	// AlwaysValid makes every challenge valid without contacting the client
	// (pebble's PEBBLE_VA_ALWAYS_VALID). The emulator turns it on by default;
	// the zero value here means real validation.
	AlwaysValid bool
	// DNSResolver is the host:port pebble's VA asks (over TCP) for A/AAAA and
	// TXT records during real validation; empty means the system resolver.
	DNSResolver string
	// HTTPPort and TLSPort are where real http-01 and tls-alpn-01 validation
	// connect; zero means pebble's defaults 5002 and 5001.
	HTTPPort, TLSPort int
}

const (
	defaultValidity = 90 * 24 * time.Hour
	defaultHTTPPort = 5002
	defaultTLSPort  = 5001
	// caaIdentity is what the directory advertises in meta.caaIdentities.
	caaIdentity = "scmsim.test"
)

// Server is one embedded pebble with its wrapper. Several Servers coexist in
// one process; each has its own store, CA and nonces. Pebble's validation
// worker goroutine lives as long as the process: pebble has no Close.
type Server struct {
	log    *log.Logger
	policy Policy
	db     *db.MemoryStore
	ca     *ca.CAImpl
	wfe    wfe.WebFrontEndImpl
	acme   http.Handler
}

// New builds a Server.
func New(opts Options) (*Server, error) {
	validity := opts.CertValidity
	if validity == 0 {
		validity = defaultValidity
	}
	if validity < time.Second {
		return nil, fmt.Errorf("acmesrv: CertValidity %s is shorter than one second", validity)
	}
	logger := opts.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	s := &Server{log: logger, policy: opts.Policy, db: db.NewMemoryStore()}
	if s.policy == nil {
		s.policy = allowAll{}
	}
	if err := s.buildPebble(opts, validity); err != nil {
		return nil, err
	}
	s.acme = s.wfe.Handler()
	return s, nil
}

// envMu serialises the window in which pebble reads its knobs. Pebble reads
// them from the process environment inside va.New and wfe.New, so two Servers
// built at once with different options would otherwise see each other's
// values. It guards process state, which is why it is package-level.
var envMu sync.Mutex

// pebbleEnv returns the knobs for opts:
//   - PEBBLE_VA_NOSLEEP=1: no random 0-5 s sleep before each validation.
//   - PEBBLE_WFE_NONCEREJECT=0: pebble's default rejects 5 % of good nonces,
//     which makes client tests flaky.
//   - PEBBLE_AUTHZREUSE=0: every order gets fresh authorizations, so every
//     order walks the same challenge flow whatever ran before it in the same
//     Server (the default, 50 %, makes that a coin toss).
//   - PEBBLE_VA_ALWAYS_VALID follows Options.AlwaysValid; it is set to 0
//     explicitly so a value in the test runner's environment cannot leak in.
func pebbleEnv(opts Options) map[string]string {
	alwaysValid := "0"
	if opts.AlwaysValid {
		alwaysValid = "1"
	}
	return map[string]string{
		"PEBBLE_VA_NOSLEEP":      "1",
		"PEBBLE_WFE_NONCEREJECT": "0",
		"PEBBLE_AUTHZREUSE":      "0",
		"PEBBLE_VA_ALWAYS_VALID": alwaysValid,
	}
}

func (s *Server) buildPebble(opts Options, validity time.Duration) (err error) {
	envMu.Lock()
	defer envMu.Unlock()
	restore := setEnv(pebbleEnv(opts))
	defer restore()
	// Pebble panics on internal failures (key generation); turn that into an
	// error for the caller.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("acmesrv: pebble: %v", r)
		}
	}()
	profiles := map[string]ca.Profile{"default": {
		Description:    "scmsim default profile",
		ValidityPeriod: uint64(validity / time.Second),
	}}
	s.ca = ca.New(s.log, s.db, "", "ecdsa", 0, 1, profiles)
	httpPort, tlsPort := orDefault(opts.HTTPPort, defaultHTTPPort), orDefault(opts.TLSPort, defaultTLSPort)
	v := va.New(s.log, httpPort, tlsPort, false, opts.DNSResolver, s.db)
	s.wfe = wfe.New(s.log, s.db, v, s.ca, []string{caaIdentity}, false, true, 0, 0)
	return nil
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// setEnv sets vars and returns a function that puts back what was there.
func setEnv(vars map[string]string) (restore func()) {
	type prev struct {
		value string
		set   bool
	}
	saved := make(map[string]prev, len(vars))
	for k, v := range vars {
		old, ok := os.LookupEnv(k)
		saved[k] = prev{old, ok}
		_ = os.Setenv(k, v)
	}
	return func() {
		for k, p := range saved {
			if p.set {
				_ = os.Setenv(k, p.value)
			} else {
				_ = os.Unsetenv(k)
			}
		}
	}
}

// AddEAB registers an EAB key with pebble. hmacKey is base64url without
// padding, as SCM shows macKey; trailing '=' are tolerated and dropped. A kid
// can be added once: pebble has no way to change or remove it, so refusing a
// deleted account's kid is Policy.CheckRegistration's job.
func (s *Server) AddEAB(kid, hmacKey string) error {
	if strings.TrimSpace(kid) == "" {
		return errors.New("acmesrv: add EAB: empty kid")
	}
	key := strings.TrimRight(hmacKey, "=")
	if _, err := base64.RawURLEncoding.DecodeString(key); err != nil || key == "" {
		return fmt.Errorf("acmesrv: add EAB %q: HMAC key is not base64url", kid)
	}
	if err := s.db.AddExternalAccountKeyByID(kid, key); err != nil {
		return fmt.Errorf("acmesrv: add EAB: %w", err)
	}
	return nil
}

// RootsPEM returns the roots of the certificates pebble issues, PEM-encoded.
func (s *Server) RootsPEM() []byte {
	var out []byte
	for i := 0; i < s.ca.GetNumberOfRootCerts(); i++ {
		out = append(out, s.ca.GetRootCert(i).PEM()...)
	}
	return out
}

// ManagementHandler serves pebble's management paths (/roots/0,
// /intermediates/0, /cert-status-by-serial/...). Mount it on an admin
// listener only: it also serves the CA keys.
func (s *Server) ManagementHandler() http.Handler {
	return s.wfe.ManagementHandler()
}

// allowAll is the Policy of a Server built without one.
type allowAll struct{}

func (allowAll) CheckRegistration(string) error       { return nil }
func (allowAll) Registered(string, string, string)    {}
func (allowAll) CheckOrder(string, []string) []string { return nil }
