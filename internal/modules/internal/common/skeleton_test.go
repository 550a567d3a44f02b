package common

import (
	"context"
	"errors"
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
