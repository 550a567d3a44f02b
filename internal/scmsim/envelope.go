package scmsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// Response content types as SCM sends them (scm-api.md §2.5): the SSL area
// says charset=UTF-8, the other areas plain application/json.
const (
	typeJSON    = "application/json"
	typeSSLJSON = "application/json;charset=UTF-8"
	typeOctet   = "application/octet-stream;charset=UTF-8"
)

// maxBody bounds request bodies; SCM's largest documented field (csr) is
// 32767 characters.
const maxBody = 1 << 20

// apiError is an SCM error answer: an HTTP status plus the JSON envelope
// {"code": <negative int>, "description": "..."}.
type apiError struct {
	status int
	code   int
	desc   string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d (code %d): %s", e.status, e.code, e.desc)
}

// errorBody is the wire form of an error.
type errorBody struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

func newErr(status, code int, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, desc: fmt.Sprintf(format, args...)}
}

// badRequest is the common business error: SCM answers most of them with 400.
func badRequest(code int, format string, args ...any) *apiError {
	return newErr(http.StatusBadRequest, code, format, args...)
}

// notFound is the emulator's answer for an unknown or invisible id: 404 with
// an envelope, as the OpenAPI description has it.
// SSL ids carry SCM's -124 "wrong SSL certificate id"; other areas have no
// documented code, so they use -1.
func notFound(code int, what string, id any) *apiError {
	return newErr(http.StatusNotFound, code, "%s '%v' not found", what, id)
}

func required(field string) *apiError {
	return badRequest(-7, "'%s' is required but missing", field)
}

func invalid(field string, format string, args ...any) *apiError {
	detail := fmt.Sprintf(format, args...)
	return badRequest(-1601, "Field '%s' has invalid value: %s", field, detail)
}

func forbidden(op string) *apiError {
	return badRequest(-3, "You are not authorized to perform %s.", op)
}

// writeJSON writes a JSON document with the given content type and status.
func writeJSON(w http.ResponseWriter, ctype string, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"code":-2,"description":"Internal error"}`)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a failed write means the client went away
}

// writeError writes err as an SCM envelope; anything that is not an apiError
// is an internal error (-2, HTTP 500).
func writeError(w http.ResponseWriter, ctype string, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = newErr(http.StatusInternalServerError, -2, "Internal error: %v", err)
	}
	writeJSON(w, ctype, ae.status, errorBody{Code: ae.code, Description: ae.desc})
}

// decodeBody reads an optional JSON body into v. An empty body (or the JSON
// strings "" and null that some clients post on renewById) leaves v untouched.
// A body must be declared as application/json (any parameters); unknown
// fields are ignored because real clients send legacy ones.
func decodeBody(r *http.Request, v any) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return badRequest(-1, "Cannot read request body: %v", err)
	}
	if len(data) > maxBody {
		return newErr(http.StatusRequestEntityTooLarge, -1, "Request body too large")
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || string(trimmed) == `""` || string(trimmed) == "null" {
		return nil
	}
	if err := checkJSONType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return badRequest(-1, "Malformed JSON request body: %v", err)
	}
	return nil
}

func checkJSONType(ct string) error {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != typeJSON {
		return newErr(http.StatusUnsupportedMediaType, -1, "Content type '%s' not supported", ct)
	}
	return nil
}

// flexInt accepts a JSON number, a numeric string or null (§2.6: real
// playbooks send "orgId":"{{ id }}").
type flexInt struct {
	V   int
	Set bool
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		return nil
	}
	s = strings.Trim(s, `"`)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("not an integer: %s", b)
	}
	f.V, f.Set = n, true
	return nil
}

// flexList accepts a comma-separated string (enroll's subjAltNames), an array
// of strings, or null.
type flexList []string

func (f *flexList) UnmarshalJSON(b []byte) error {
	var arr []string
	if err := json.Unmarshal(b, &arr); err == nil {
		*f = cleanList(arr)
		return nil
	}
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a string or an array of strings: %s", b)
	}
	if s != nil {
		*f = cleanList(strings.Split(*s, ","))
	}
	return nil
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
