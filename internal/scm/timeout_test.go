package scm

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hangingServer never answers until the client gives up (or the test ends).
func hangingServer(t *testing.T, opts ...Option) (*Client, *atomic.Int32) {
	t.Helper()
	client, mux := setup(t, opts...)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // runs before the server's Close
	var hits atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	return client, &hits
}

func TestTimeout_contextDeadline_error(t *testing.T) {
	t.Parallel()
	client, hits := hangingServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := client.Domains.Get(ctx, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorContains(t, err, "scm: GET /domain/v1/1: timed out after ")
	assert.NotErrorIs(t, err, ErrMayHaveBeenApplied)
	assert.Equal(t, int32(1), hits.Load(), "the deadline ends the call; nothing is retried after it")
}

func TestTimeout_contextDeadlineUnsafe_error(t *testing.T) {
	t.Parallel()
	client, hits := hangingServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := client.SSL.Enroll(ctx, &EnrollRequest{OrgID: 4001})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, ErrMayHaveBeenApplied)
	require.ErrorContains(t, err, "scm: POST /ssl/v1/enroll: the request may have been applied; re-run to reconcile: timed out after ")
	assert.Equal(t, int32(1), hits.Load())
}

func TestTimeout_perRequestSafeIsRetried_error(t *testing.T) {
	t.Parallel()
	client, hits := hangingServer(t, WithRequestTimeout(50*time.Millisecond),
		WithRetry(RetryConfig{Max: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}))
	_, err := client.Domains.Get(t.Context(), 1)
	require.ErrorContains(t, err, "scm: GET /domain/v1/1: timed out after 50ms (per-request timeout): ")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, int32(3), hits.Load(), "each attempt has its own timeout")
}

func TestTimeout_perRequestUnsafeNotRetried_error(t *testing.T) {
	t.Parallel()
	client, hits := hangingServer(t, WithRequestTimeout(50*time.Millisecond))
	_, err := client.SSL.Enroll(t.Context(), &EnrollRequest{OrgID: 4001})
	require.ErrorIs(t, err, ErrMayHaveBeenApplied)
	require.ErrorContains(t, err, "scm: POST /ssl/v1/enroll: the request may have been applied; re-run to reconcile: "+
		"timed out after 50ms (per-request timeout): ")
	assert.Equal(t, int32(1), hits.Load())
}
