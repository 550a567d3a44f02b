package scm

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// responseTargets returns a fresh decode target for every response type the
// client reads.
func responseTargets() []any {
	return []any{
		&[]Organization{}, &Organization{},
		&[]DomainSummary{}, &Domain{},
		&[]DCVValidation{}, &DCVStatus{}, &CNAMEInstructions{}, &HTTPInstructions{}, &EmailInstructions{}, &SubmitResult{},
		&[]ACMEServer{}, &[]ACMEAccount{}, &ACMEAccount{}, &notAddedBody{}, &notRemovedBody{},
		&[]ACMEAccountDomain{}, &[]ACMEClient{},
		&[]Profile{}, &[]CustomField{}, &EnrollResponse{}, &Certificate{}, &[]CertificateSummary{},
		&struct {
			SSLID int `json:"sslId"`
		}{},
		&errorEnvelope{},
	}
}

// FuzzDecode feeds arbitrary bytes to the decoder of every response type and
// to the error-body parser: they may fail, never panic.
func FuzzDecode(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{``, `null`, `https://scm.example/api/domain/v1/2001`, `/x/0`, `-1`, `12/31/2026`, `2026-02-30`, `{"code":"-1"}`, `[[[[`, `{"id":"1e999"}`, `{"terms":[1.5]}`, "\xff"} {
		f.Add([]byte(s))
	}
	c := &Client{password: testPassword}
	req := &request{method: http.MethodGet, path: "/x"}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, target := range responseTargets() {
			_ = decodeInto(data, target)
		}
		e := c.newAPIError(req, http.StatusBadRequest, data)
		_ = e.Error()
		for _, sentinel := range []error{ErrNotFound, ErrNotReady, ErrRevoked} {
			_ = e.Is(sentinel)
		}
		var acct ACMEAccount
		if decodeJSON(data, &acct) == nil {
			_ = acct.String()
		}
		fuzzHeadersAndDates(t, string(data))
	})
}

// fuzzHeadersAndDates covers the parts of a response that are not JSON: the
// Location header a create answers with, X-Total-Count, and SCM's dates.
func fuzzHeadersAndDates(t *testing.T, s string) {
	if id, err := idFromLocation(s); err == nil && id <= 0 {
		t.Fatalf("idFromLocation(%q) = %d without an error", s, id)
	}
	res := &response{header: http.Header{"X-Total-Count": {s}}}
	if n, ok := totalCount(res); ok && n < 0 {
		t.Fatalf("totalCount(%q) = %d, ok", s, n)
	}
	if d := DateOf(s); d.IsSet() != (strings.TrimSpace(s) != "") {
		t.Fatalf("DateOf(%q) = %+v: a date is set exactly when SCM sent text", s, d)
	}
}
