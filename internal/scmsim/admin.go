package scmsim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// The admin API: plain HTTP JSON on its own (loopback) listener, like
// Pebble's management port. It is not journalled and faults never apply.

type adminError struct {
	Error string `json:"error"`
}

type clockReq struct {
	OffsetSeconds int64 `json:"offset_seconds"`
}

type clockResp struct {
	OffsetSeconds int64     `json:"offset_seconds"`
	Now           time.Time `json:"now"`
}

func (s *Server) buildAdmin() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /admin/reset", adminDo(s.Reset))
	mux.Handle("POST /admin/seed", adminOp(s.adminSeed))
	mux.Handle("POST /admin/seed/bulk", adminOp(s.adminSeedBulk))
	mux.Handle("GET /admin/world", adminGet(s.World))
	mux.Handle("GET /admin/journal", adminOp(s.adminJournal))
	mux.Handle("DELETE /admin/journal", adminDo(s.ResetJournal))
	mux.Handle("GET /admin/counters", adminGet(s.Counters))
	mux.Handle("GET /admin/faults", adminGet(s.Faults))
	mux.Handle("PUT /admin/faults", adminPut(s.Faults, s.SetFaults))
	mux.Handle("GET /admin/knobs", adminGet(s.Knobs))
	mux.Handle("PUT /admin/knobs", adminPut(s.Knobs, s.SetKnobs))
	mux.Handle("POST /admin/dcv/{domain}/validate", adminDCV(s.ValidateDCV))
	mux.Handle("POST /admin/dcv/{domain}/expire", adminDCV(s.ExpireDCV))
	mux.Handle("POST /admin/ssl/{id}/issue", adminOp(s.adminIssue))
	mux.Handle("POST /admin/ssl/{id}/decline", adminOp(s.adminDecline))
	mux.Handle("GET /admin/clock", adminOp(s.adminClock))
	mux.Handle("POST /admin/clock", adminOp(s.adminClock))
	mux.Handle("POST /admin/client-cert", adminOp(s.adminClientCert))
	s.oauth2Admin(mux)
	mux.HandleFunc("GET /admin/ca", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-pem-file")
		_, _ = w.Write(s.CABundlePEM())
	})
	return mux
}

// adminOp is an admin endpoint written as an operation; ServeHTTP gives every
// one the same answers: an error is adminFail's 400 (404 for ErrNotFound), a
// nil result 204, any other result 200 with its JSON.
type adminOp func(r *http.Request) (any, error)

func (op adminOp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v, err := op(r)
	switch {
	case err != nil:
		adminFail(w, err)
	case v == nil:
		w.WriteHeader(http.StatusNoContent)
	default:
		adminJSON(w, http.StatusOK, v)
	}
}

// adminGet answers what get returns.
func adminGet[T any](get func() T) adminOp {
	return func(*http.Request) (any, error) { return get(), nil }
}

// adminDo runs an action that cannot fail and answers 204.
func adminDo(do func()) adminOp {
	return func(*http.Request) (any, error) {
		do()
		return nil, nil
	}
}

// adminPut decodes the body onto the current value, so a PUT may carry only
// the fields it changes, sets the result and answers it.
func adminPut[T any](get func() T, set func(T) error) adminOp {
	return func(r *http.Request) (any, error) {
		v := get()
		if err := decodeAdmin(r, &v); err != nil {
			return nil, err
		}
		if err := set(v); err != nil {
			return nil, err
		}
		return v, nil
	}
}

// adminDCV runs a DCV operation on the path's {domain}.
func adminDCV(op func(string) error) adminOp {
	return func(r *http.Request) (any, error) { return nil, op(r.PathValue("domain")) }
}

func adminJSON(w http.ResponseWriter, status int, v any) {
	writeJSON(w, typeJSON, status, v)
}

func adminFail(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	if errors.Is(err, ErrNotFound) {
		status = http.StatusNotFound
	}
	adminJSON(w, status, adminError{Error: err.Error()})
}

// adminSeed replaces the world (and the seed /admin/reset returns to) with a
// JSON or YAML world.
func (s *Server) adminSeed(r *http.Request) (any, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	world, err := ParseWorld(data)
	if err != nil {
		return nil, err
	}
	return nil, s.Seed(world)
}

// adminSeedBulk adds bulk domains and certificates to the live world: {"domains":N,
// "certificates":M,"seed":S}.
func (s *Server) adminSeedBulk(r *http.Request) (any, error) {
	var b BulkSeed
	if err := decodeAdmin(r, &b); err != nil {
		return nil, err
	}
	return s.SeedBulk(b)
}

func (s *Server) adminJournal(r *http.Request) (any, error) {
	since := 0
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, errors.New("since must be an integer")
		}
		since = n
	}
	return s.JournalSince(since), nil
}

// decodeAdmin rejects unknown fields: a misspelt knob must not be ignored.
func decodeAdmin(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// adminIssue takes an optional {not_before, not_after} or {days_valid}.
func (s *Server) adminIssue(r *http.Request) (any, error) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return nil, ErrNotFound
	}
	var opt IssueOptions
	if err := decodeAdmin(r, &opt); err != nil {
		return nil, err
	}
	return nil, s.IssueCertificate(id, &opt)
}

// adminDecline reports a non-numeric id as it is (400), unlike adminIssue.
func (s *Server) adminDecline(r *http.Request) (any, error) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return nil, s.DeclineCertificate(id)
}

func (s *Server) adminClock(r *http.Request) (any, error) {
	if r.Method == http.MethodPost {
		var req clockReq
		if err := decodeAdmin(r, &req); err != nil {
			return nil, err
		}
		s.SetClockOffset(time.Duration(req.OffsetSeconds) * time.Second)
	}
	return clockResp{OffsetSeconds: int64(s.clockOffset() / time.Second), Now: s.Now()}, nil
}

func (s *Server) adminClientCert(r *http.Request) (any, error) {
	var req struct {
		Login string `json:"login"`
	}
	if err := decodeAdmin(r, &req); err != nil {
		return nil, err
	}
	certPEM, keyPEM, err := s.ClientCertificate(req.Login)
	if err != nil {
		return nil, err
	}
	return map[string]string{"cert_pem": string(certPEM), "key_pem": string(keyPEM)}, nil
}
