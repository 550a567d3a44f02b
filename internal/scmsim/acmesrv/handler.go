package acmesrv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/letsencrypt/pebble/v2/wfe"
)

// Pebble's ACME paths. Only the directory's is exported by pebble; the others
// are unexported constants with stable values (checked against the live
// directory by the tests).
const (
	noncePath      = "/nonce-plz"
	newAccountPath = "/sign-me-up"
	newOrderPath   = "/order-plz"
	accountPath    = "/my-account/"
	problemType    = "application/problem+json"
	// maxJWSBody bounds what the wrapper buffers; real ACME requests are a
	// few KiB.
	maxJWSBody = 1 << 20
	// DirectoryPattern is where Handler serves the directory, one per SCM
	// ACME endpoint name (OV, DV, InCommonRSAOV, ...).
	DirectoryPattern = "/acme/v2/{name}"
)

// paths are the prefixes pebble's own handler serves. Entries ending in "/"
// are subtrees.
var paths = []string{
	wfe.DirectoryPath, noncePath, newAccountPath, newOrderPath, accountPath,
	"/my-order/", "/finalize-order/", "/authZ/", "/chalZ/", "/certZ/",
	"/revoke-cert", "/rollover-account-key", "/list-orderz/",
	"/draft-ietf-acme-ari-03/renewalInfo/",
}

// Paths returns the path prefixes (a trailing "/" means a subtree) that the
// emulator's mux must route to Handler, besides the directory paths it
// routes for its known endpoint names.
func (s *Server) Paths() []string {
	return append([]string(nil), paths...)
}

// Handler serves the ACME API: the directory at /acme/v2/{name} for any name
// (the URLs inside it are built from the request's Host), newAccount and
// newOrder through the policy, and every other pebble path unchanged.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(DirectoryPattern, s.serveDirectory)
	mux.HandleFunc("POST "+newAccountPath, s.serveNewAccount)
	mux.HandleFunc("POST "+newOrderPath, s.serveNewOrder)
	mux.Handle("/", s.acme)
	return mux
}

// serveDirectory answers for pebble's /dir, which advertises
// externalAccountRequired because the Server is built with EAB required.
func (s *Server) serveDirectory(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawPath = wfe.DirectoryPath, ""
	s.acme.ServeHTTP(w, r2)
}

// serveNewAccount refuses registrations the policy rejects, and reports the
// ones pebble accepted. A request whose EAB cannot be read is left to pebble,
// which answers it with the proper problem.
func (s *Server) serveNewAccount(w http.ResponseWriter, r *http.Request) {
	body, ok := s.bufferBody(w, r)
	if !ok {
		return
	}
	kid, _ := eabKIDFromNewAccount(body)
	if kid != "" {
		if err := s.policy.CheckRegistration(kid); err != nil {
			s.log.Printf("acmesrv: newAccount with EAB kid %q refused: %v", kid, err)
			// The same type and status pebble uses for an unknown kid or a bad
			// HMAC, so clients see one shape for every EAB refusal.
			s.sendProblem(w, problem{Type: acmeErrUnauthorized, Detail: err.Error(), Status: http.StatusForbidden})
			return
		}
	}
	rec := &statusWriter{ResponseWriter: w}
	s.acme.ServeHTTP(rec, r)
	if rec.status == http.StatusCreated && kid != "" {
		s.policy.Registered(kid, r.UserAgent(), r.RemoteAddr)
	}
}

// serveNewOrder maps the request's account to its EAB kid and refuses
// identifiers the policy does not allow. Anything it cannot map (unknown
// account, malformed JWS) goes to pebble, which rejects it properly. The
// outer signature is not checked for a refused order: acceptable for a test
// double, and pebble checks every order it processes.
func (s *Server) serveNewOrder(w http.ResponseWriter, r *http.Request) {
	body, ok := s.bufferBody(w, r)
	if !ok {
		return
	}
	if kid, names, err := s.orderKIDAndNames(body); err == nil {
		if rejected := s.policy.CheckOrder(kid, names); len(rejected) > 0 {
			s.log.Printf("acmesrv: newOrder for EAB kid %q rejected: %v", kid, rejected)
			s.sendProblem(w, problem{
				Type:   acmeErrRejectedIdentifier,
				Detail: strings.Join(rejected, ", ") + " is not mapped to this ACME account",
				Status: http.StatusForbidden,
			})
			return
		}
	}
	s.acme.ServeHTTP(w, r)
}

// bufferBody reads the body so the wrapper can look at it, and puts it back
// for pebble.
func (s *Server) bufferBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJWSBody))
	if err != nil {
		s.sendProblem(w, problem{Type: acmeErrMalformed, Detail: "cannot read request body", Status: http.StatusBadRequest})
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, true
}

// orderKIDAndNames finds the EAB kid of the account that signed a newOrder
// and the identifier values it asks for.
func (s *Server) orderKIDAndNames(body []byte) (string, []string, error) {
	accountID, names, err := parseNewOrder(body)
	if err != nil {
		return "", nil, err
	}
	acct := s.db.GetAccountByID(accountID)
	if acct == nil || acct.ExternalAccountBinding == nil {
		return "", nil, fmt.Errorf("account %q has no external account binding", accountID)
	}
	kid, err := kidFromProtected(acct.ExternalAccountBinding.Protected)
	if err != nil {
		return "", nil, err
	}
	return kid, names, nil
}

// ACME problem types the wrapper answers with (RFC 8555 §6.7).
const (
	acmeErrUnauthorized       = "urn:ietf:params:acme:error:unauthorized"
	acmeErrRejectedIdentifier = "urn:ietf:params:acme:error:rejectedIdentifier"
	acmeErrMalformed          = "urn:ietf:params:acme:error:malformed"
)

type problem struct {
	Type   string `json:"type"`
	Detail string `json:"detail"`
	Status int    `json:"status"`
}

// sendProblem writes an ACME problem with a fresh Replay-Nonce, so that a
// client can go on (or retry) without an extra newNonce round trip, exactly
// as after one of pebble's own errors.
func (s *Server) sendProblem(w http.ResponseWriter, p problem) {
	if nonce := s.freshNonce(); nonce != "" {
		w.Header().Set("Replay-Nonce", nonce)
	}
	w.Header().Set("Content-Type", problemType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// freshNonce asks pebble's own handler for a nonce: its nonce store is
// private. Pebble refuses requests without a User-Agent (RFC 8555 §6.1), so
// the internal request carries one.
func (s *Server) freshNonce() string {
	req, err := http.NewRequest(http.MethodHead, noncePath, nil)
	if err != nil {
		return ""
	}
	req.Header.Set("User-Agent", "scmsim-acmesrv")
	rec := &headerRecorder{header: http.Header{}}
	s.acme.ServeHTTP(rec, req)
	return rec.header.Get("Replay-Nonce")
}

// statusWriter remembers the status code pebble wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// headerRecorder is the smallest ResponseWriter that keeps headers; the
// internal nonce request needs nothing else.
type headerRecorder struct {
	header http.Header
}

func (h *headerRecorder) Header() http.Header         { return h.header }
func (h *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerRecorder) WriteHeader(int)             {}
