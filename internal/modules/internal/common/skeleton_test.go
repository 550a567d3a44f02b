package common

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

type skeletonParams struct {
	Connection
	Bad bool
}

// wantWaiting waits for a while after its writes, like scm_cert with wait=true.
type wantWaiting struct{ wait time.Duration }

func (w wantWaiting) WaitTime() time.Duration { return w.wait }

func skeletonConn() Connection {
	return Connection{URL: "https://scm.invalid/api", CustomerURI: "c", Login: "l", Password: "p",
		ValidateCerts: true, Timeout: 10, MaxParallel: 2}
}

func desireWaiting(p skeletonParams) (wantWaiting, error) {
	if p.Bad {
		return wantWaiting{}, errors.New("name: must not be empty")
	}
	return wantWaiting{wait: time.Hour}, nil
}

func TestSteps_openingOrderDeadlineAndHints(t *testing.T) {
	t.Parallel()
	var got struct {
		ran      bool
		deadline time.Duration
		session  *Session
	}
	run := func(ctx context.Context, s *Session, w wantWaiting) (*ansible.Result, error) {
		got.ran, got.session = true, s
		dl, _ := ctx.Deadline()
		got.deadline = time.Until(dl)
		return &ansible.Result{Changed: true}, &scm.APIError{StatusCode: 401, Method: "GET", Path: "/x",
			Description: "denied"}
	}
	m := WriteSteps("demo", ConnectionSpec(), desireWaiting, run).Module(SystemClock)
	assert.True(t, m.SupportsCheckMode)
	assert.True(t, m.SupportsDiff)

	res, err := m.Run(t.Context(), &ansible.Env{}, skeletonParams{Connection: skeletonConn()})
	require.True(t, got.ran)
	assert.True(t, res.Changed, "the result is kept on failure")
	assert.Equal(t, 2, got.session.Parallel)
	assert.NotNil(t, got.session.Client)
	// scm_timeout plus the want's wait: the wait must not eat the time the requests are given.
	assert.InDelta(t, (time.Hour + 10*time.Second).Seconds(), got.deadline.Seconds(), 5)
	assert.ErrorContains(t, err, "check scm_login", "the login hint")
	var details ansible.Details
	require.ErrorAs(t, err, &details, "SCM's failure fields")
	assert.Equal(t, 401, details.AnsibleDetails()["http_status"])
}

func TestSteps_badInputFailsBeforeTheClient(t *testing.T) {
	t.Parallel()
	ran := false
	run := func(context.Context, *Session, wantWaiting) (*ansible.Result, error) { ran = true; return nil, nil }
	m := InfoSteps("demo_info", ConnectionSpec(), desireWaiting, run).Module(SystemClock)
	assert.False(t, m.SupportsDiff)

	conn := skeletonConn()
	conn.Timeout = 0 // would fail the connection check, which comes after desire
	_, err := m.Run(t.Context(), &ansible.Env{}, skeletonParams{Connection: conn, Bad: true})
	assert.EqualError(t, err, "name: must not be empty")

	_, err = m.Run(t.Context(), &ansible.Env{}, skeletonParams{Connection: conn})
	assert.ErrorContains(t, err, "scm_timeout must be a positive number")
	assert.False(t, ran, "run is never reached with bad input")
}

// TestSteps_transientFailureBeforeAnyWriteSaysSCMIsUnchanged: a module that writes and fails on a bad SCM
// day (a 503 to a read) before sending any write says SCM was not changed; once a write was tried it
// does not, nor for a failure a re-run meets again, nor in an info module.
func TestSteps_transientFailureBeforeAnyWriteSaysSCMIsUnchanged(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.NotFoundHandler()) // its certificate is not trusted: writes fail at once
	t.Cleanup(srv.Close)
	conn := skeletonConn()
	conn.URL = srv.URL + "/api"
	unavailable := &scm.APIError{StatusCode: 503, Method: "GET", Path: "/domain/v1", Description: "Service Unavailable"}
	const suffix = "(no change was sent to SCM, so re-running the task is safe)"
	steps := func(write bool, fail error) func(context.Context, *Session, wantWaiting) (*ansible.Result, error) {
		return func(ctx context.Context, s *Session, _ wantWaiting) (*ansible.Result, error) {
			if write {
				_, err := s.Client.Domains.Create(ctx, &scm.CreateDomainRequest{Name: "example.com"})
				require.Error(t, err)
			}
			return nil, fail
		}
	}
	run := func(st Steps[skeletonParams, wantWaiting]) error {
		_, err := st.Module(SystemClock).Run(t.Context(), &ansible.Env{}, skeletonParams{Connection: conn})
		return err
	}

	err := run(WriteSteps("demo", ConnectionSpec(), desireWaiting, steps(false, unavailable)))
	assert.ErrorContains(t, err, "Service Unavailable "+suffix)
	assert.ErrorIs(t, err, unavailable, "still the same error underneath")

	assert.NotContains(t, run(WriteSteps("demo", ConnectionSpec(), desireWaiting, steps(true, unavailable))).Error(), suffix,
		"a write was tried")
	assert.NotContains(t, run(WriteSteps("demo", ConnectionSpec(), desireWaiting,
		steps(false, errors.New("custom_fields: costCenter is mandatory")))).Error(), suffix, "a re-run fails the same way")
	assert.NotContains(t, run(InfoSteps("demo_info", ConnectionSpec(), desireWaiting, steps(false, unavailable))).Error(),
		suffix, "an info module never changes SCM")
}
