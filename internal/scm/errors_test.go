package scm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIError_fromBody(t *testing.T) {
	t.Parallel()
	c := &Client{password: testPassword}
	req := &request{method: http.MethodPost, path: "/ssl/v1/enroll"}
	for _, tc := range []struct {
		desc     string
		status   int
		body     string
		wantMsg  string
		wantCode int
	}{
		{desc: "envelope", status: 400, body: `{"code":-36,"description":"Invalid term"}`,
			wantMsg: "scm: POST /ssl/v1/enroll: 400 (code -36): Invalid term", wantCode: -36},
		{desc: "code as string", status: 400, body: `{"code":"-36","description":"Invalid term"}`,
			wantMsg: "scm: POST /ssl/v1/enroll: 400 (code -36): Invalid term", wantCode: -36},
		{desc: "code only", status: 400, body: `{"code":-2}`,
			wantMsg: "scm: POST /ssl/v1/enroll: 400 (code -2): Bad Request", wantCode: -2},
		{desc: "empty body", status: 401, body: "", wantMsg: "scm: POST /ssl/v1/enroll: 401: Unauthorized"},
		{desc: "html body", status: 502, body: "<html><h1>Bad gateway</h1></html>", wantMsg: "scm: POST /ssl/v1/enroll: 502: Bad Gateway"},
		{desc: "json array", status: 500, body: `["x"]`, wantMsg: "scm: POST /ssl/v1/enroll: 500: Internal Server Error"},
		{desc: "odd status", status: 599, body: "", wantMsg: "scm: POST /ssl/v1/enroll: 599: unexpected HTTP status"},
		{desc: "echoed password is scrubbed", status: 401, body: `{"code":-970,"description":"bad password ` + testPassword + `"}`,
			wantMsg: "scm: POST /ssl/v1/enroll: 401 (code -970): bad password ********", wantCode: -970},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			e := c.newAPIError(req, tc.status, []byte(tc.body))
			require.EqualError(t, e, tc.wantMsg)
			assert.Equal(t, tc.wantCode, e.Code)
			assert.Equal(t, tc.status, e.StatusCode)
			assert.NotContains(t, string(e.Body), testPassword)
		})
	}
}

func TestAPIError_bodyTruncated(t *testing.T) {
	t.Parallel()
	c := &Client{}
	e := c.newAPIError(&request{method: "GET", path: "/x"}, 500, []byte(strings.Repeat("y", 5000)))
	assert.Len(t, e.Body, maxErrorBody)
}

func TestAPIError_Is(t *testing.T) {
	t.Parallel()
	all := []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrNotReady, ErrRevoked, ErrConflict, ErrMayHaveBeenApplied}
	for _, tc := range []struct {
		desc   string
		status int
		body   string
		want   error // nil: matches no sentinel
	}{
		{desc: "404", status: 404, want: ErrNotFound},
		{desc: "400 wrong ssl id", status: 400, body: `{"code":-124,"description":"x"}`, want: ErrNotFound},
		{desc: "400 certificate not found", status: 400, body: `{"code":-5101,"description":"x"}`, want: ErrNotFound},
		{desc: "400 domain does not exist", status: 400, body: `{"code":-727,"description":"x"}`, want: ErrNotFound},
		{desc: "400 organization not found", status: 400, body: `{"code":-1023,"description":"x"}`, want: ErrNotFound},
		{desc: "401", status: 401, want: ErrUnauthorized},
		{desc: "unknown user", status: 401, body: `{"code":-16,"description":"Unknown user"}`, want: ErrUnauthorized},
		{desc: "bad login code on 400", status: 400, body: `{"code":-970,"description":"x"}`, want: ErrUnauthorized},
		{desc: "403", status: 403, want: ErrForbidden},
		{desc: "not authorized code", status: 400, body: `{"code":-3,"description":"x"}`, want: ErrForbidden},
		{desc: "not allowed on domain", status: 400, body: `{"code":-738,"description":"x"}`, want: ErrForbidden},
		{desc: "being processed", status: 400, body: `{"code":0,"description":"Being processed by Sectigo"}`, want: ErrNotReady},
		{desc: "not collectable", status: 400, body: `{"code":-183,"description":"x"}`, want: ErrNotReady},
		{desc: "try later", status: 400, body: `{"code":-109,"description":"x"}`, want: ErrNotReady},
		{desc: "processing", status: 400, body: `{"code":-1400,"description":"x"}`, want: ErrNotReady},
		{desc: "revoked ssl", status: 400, body: `{"code":-110,"description":"x"}`, want: ErrRevoked},
		{desc: "revoked smime", status: 400, body: `{"code":-192,"description":"x"}`, want: ErrRevoked},
		{desc: "duplicate domain", status: 400, body: `{"code":-700,"description":"x"}`, want: ErrConflict},
		{desc: "409", status: 409, want: ErrConflict},
		{desc: "bare 400 is not not-ready", status: 400, body: "", want: nil},
		{desc: "description without code is not not-ready", status: 400, body: `{"description":"bad"}`, want: nil},
		{desc: "5xx with a not-found code", status: 500, body: `{"code":-124,"description":"x"}`, want: nil},
		{desc: "other code", status: 400, body: `{"code":-36,"description":"x"}`, want: nil},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			e := (&Client{}).newAPIError(&request{method: "GET", path: "/x"}, tc.status, []byte(tc.body))
			for _, sentinel := range all {
				assert.Equal(t, sentinel == tc.want, errors.Is(e, sentinel), "sentinel %v", sentinel)
			}
		})
	}
}

func TestMayHaveBeenApplied(t *testing.T) {
	t.Parallel()
	req := &request{method: http.MethodPost, path: "/ssl/v1/enroll"}
	apiErr := (&Client{}).newAPIError(req, 503, nil)
	err := mayHaveBeenApplied(req, apiErr)
	require.ErrorIs(t, err, ErrMayHaveBeenApplied)
	require.EqualError(t, err, "scm: POST /ssl/v1/enroll: the request may have been applied; re-run to reconcile: 503: Service Unavailable")
	var got *APIError
	require.ErrorAs(t, err, &got)
	assert.Equal(t, 503, got.StatusCode)
}

func TestAnsweredUnavailable(t *testing.T) {
	t.Parallel()
	req := &request{method: http.MethodPost, path: "/ssl/v1/enroll"}
	answered := func(status int) error {
		return mayHaveBeenApplied(req, (&Client{}).newAPIError(req, status, nil))
	}
	assert.True(t, AnsweredUnavailable(answered(503)), "SCM answered 503: complete")
	for _, status := range []int{500, 502, 504} {
		assert.False(t, AnsweredUnavailable(answered(status)), "%d: the write may still be in flight", status)
	}
	assert.False(t, AnsweredUnavailable(mayHaveBeenApplied(req, errors.New("read: connection reset by peer"))),
		"a dropped connection is not an answer")
	assert.False(t, AnsweredUnavailable((&Client{}).newAPIError(req, 503, nil)),
		"a 503 to a safe request is not an uncertain write")
}

func TestTransient(t *testing.T) {
	t.Parallel()
	req := &request{method: http.MethodGet, path: "/organization/v1"}
	for status, want := range map[int]bool{500: true, 502: true, 503: true, 504: true, 429: true, 400: false, 401: false, 404: false} {
		assert.Equal(t, want, Transient((&Client{}).newAPIError(req, status, nil)), "status %d", status)
	}
	assert.True(t, Transient(fmt.Errorf("scm: GET /x: timed out: %w", context.DeadlineExceeded)))
	assert.True(t, Transient(fmt.Errorf("scm: GET /x: request failed: %w", &net.OpError{Op: "read", Err: errors.New("reset")})))
	assert.True(t, Transient(fmt.Errorf("scm: GET /x: request failed: %w", io.EOF)))
	assert.False(t, Transient(errors.New("custom_fields: SCM requires costCenter")))
	assert.False(t, Transient(nil))
}
