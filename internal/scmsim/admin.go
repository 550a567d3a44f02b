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
	mux.HandleFunc("POST /admin/reset", s.adminReset)
	mux.HandleFunc("POST /admin/seed", s.adminSeed)
	mux.HandleFunc("GET /admin/world", func(w http.ResponseWriter, _ *http.Request) { adminJSON(w, 200, s.World()) })
	mux.HandleFunc("GET /admin/journal", s.adminJournal)
	mux.HandleFunc("DELETE /admin/journal", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetJournal()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /admin/counters", func(w http.ResponseWriter, _ *http.Request) { adminJSON(w, 200, s.Counters()) })
	mux.HandleFunc("GET /admin/faults", func(w http.ResponseWriter, _ *http.Request) { adminJSON(w, 200, s.Faults()) })
	mux.HandleFunc("PUT /admin/faults", s.adminSetFaults)
	mux.HandleFunc("GET /admin/knobs", func(w http.ResponseWriter, _ *http.Request) { adminJSON(w, 200, s.Knobs()) })
	mux.HandleFunc("PUT /admin/knobs", s.adminSetKnobs)
	mux.HandleFunc("POST /admin/dcv/{domain}/validate", s.adminDCV(s.ValidateDCV))
	mux.HandleFunc("POST /admin/dcv/{domain}/expire", s.adminDCV(s.ExpireDCV))
	mux.HandleFunc("POST /admin/ssl/{id}/issue", s.adminIssue)
	mux.HandleFunc("POST /admin/ssl/{id}/decline", s.adminDecline)
	mux.HandleFunc("GET /admin/clock", s.adminClock)
	mux.HandleFunc("POST /admin/clock", s.adminClock)
	mux.HandleFunc("POST /admin/client-cert", s.adminClientCert)
	mux.HandleFunc("GET /admin/ca", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-pem-file")
		_, _ = w.Write(s.CABundlePEM())
	})
	return mux
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

func (s *Server) adminReset(w http.ResponseWriter, _ *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}

// adminSeed replaces the world (and the seed /admin/reset returns to) with a
// JSON or YAML world.
func (s *Server) adminSeed(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		adminFail(w, err)
		return
	}
	world, err := ParseWorld(data)
	if err == nil {
		err = s.Seed(world)
	}
	if err != nil {
		adminFail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) adminJournal(w http.ResponseWriter, r *http.Request) {
	since := 0
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			adminFail(w, errors.New("since must be an integer"))
			return
		}
		since = n
	}
	adminJSON(w, http.StatusOK, s.JournalSince(since))
}

// adminSetFaults and adminSetKnobs decode onto the current values, so a PUT
// may carry only the fields it changes.
func (s *Server) adminSetFaults(w http.ResponseWriter, r *http.Request) {
	f := s.Faults()
	if err := decodeAdmin(r, &f); err != nil {
		adminFail(w, err)
		return
	}
	if err := s.SetFaults(f); err != nil {
		adminFail(w, err)
		return
	}
	adminJSON(w, http.StatusOK, f)
}

func (s *Server) adminSetKnobs(w http.ResponseWriter, r *http.Request) {
	k := s.Knobs()
	if err := decodeAdmin(r, &k); err != nil {
		adminFail(w, err)
		return
	}
	if err := s.SetKnobs(k); err != nil {
		adminFail(w, err)
		return
	}
	adminJSON(w, http.StatusOK, k)
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

func (s *Server) adminDCV(op func(string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := op(r.PathValue("domain")); err != nil {
			adminFail(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// adminIssue takes an optional {not_before, not_after} or {days_valid}.
func (s *Server) adminIssue(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		adminFail(w, ErrNotFound)
		return
	}
	var opt IssueOptions
	if err := decodeAdmin(r, &opt); err != nil {
		adminFail(w, err)
		return
	}
	if err := s.IssueCertificate(id, &opt); err != nil {
		adminFail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) adminDecline(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err == nil {
		err = s.DeclineCertificate(id)
	}
	if err != nil {
		adminFail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) adminClock(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		var req clockReq
		if err := decodeAdmin(r, &req); err != nil {
			adminFail(w, err)
			return
		}
		s.SetClockOffset(time.Duration(req.OffsetSeconds) * time.Second)
	}
	adminJSON(w, http.StatusOK, clockResp{OffsetSeconds: int64(s.clockOffset() / time.Second), Now: s.Now()})
}

func (s *Server) adminClientCert(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Login string `json:"login"`
	}
	if err := decodeAdmin(r, &req); err != nil {
		adminFail(w, err)
		return
	}
	certPEM, keyPEM, err := s.ClientCertificate(req.Login)
	if err != nil {
		adminFail(w, err)
		return
	}
	adminJSON(w, http.StatusOK, map[string]string{"cert_pem": string(certPEM), "key_pem": string(keyPEM)})
}
