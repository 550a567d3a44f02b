package scm

import (
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scm_ca_path is documented as "the CAs to trust, in addition to nothing else": the pool holds the
// file's certificates only, and the system roots (slow to load in every module process) stay out.
func TestNewTLSConfig_caFileIsTheOnlyTrust(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	tc, err := newTLSConfig(&TLSConfig{CAFile: writeServerCA(t, srv)})
	require.NoError(t, err)

	want := x509.NewCertPool()
	want.AddCert(srv.Certificate())
	assert.True(t, tc.RootCAs.Equal(want), "the pool is exactly the CA file")

	none, err := newTLSConfig(&TLSConfig{})
	require.NoError(t, err)
	assert.Nil(t, none.RootCAs, "without a CA file Go's system roots apply")
}

func TestNewTLSConfig_caFileWithSeveralCertificates(t *testing.T) {
	t.Parallel()
	a := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(a.Close)
	b := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(b.Close)
	bundle := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: a.Certificate().Raw})
	bundle = append(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: b.Certificate().Raw})...)
	path := t.TempDir() + "/bundle.pem"
	require.NoError(t, os.WriteFile(path, bundle, 0o600))

	tc, err := newTLSConfig(&TLSConfig{CAFile: path})
	require.NoError(t, err)
	want := x509.NewCertPool()
	want.AddCert(a.Certificate())
	want.AddCert(b.Certificate())
	assert.True(t, tc.RootCAs.Equal(want))
}

// Bounded-parallel work must reuse its connections: with net/http's default of 2 idle connections
// per host, every round of 8 parallel requests closed 6 connections and dialled (and TLS-handshook)
// 6 new ones.
func TestClient_keepsAConnectionPerParallelRequest(t *testing.T) {
	t.Parallel()
	const parallel, rounds = 8, 5
	var dialled atomic.Int32
	var b barrier
	b.reset(parallel)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.wait(r)
		writeJSON(w, http.StatusOK, `[]`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dialled.Add(1)
		}
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	client, err := New(srv.URL, testCreds(), fastRetry(), WithMaxParallel(parallel),
		WithTLS(TLSConfig{CAFile: writeServerCA(t, srv)}))
	require.NoError(t, err)

	for range rounds {
		var wg sync.WaitGroup
		for range parallel {
			wg.Go(func() {
				_, err := client.Organizations.List(t.Context())
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		b.reset(parallel)
	}
	assert.Equal(t, int32(parallel), dialled.Load(), "one connection per request in flight, reused every round")
}

// barrier holds requests until n of them are in the handler at once, so each round really has n
// requests in flight (and so n connections).
type barrier struct {
	mu      sync.Mutex
	waiting int
	n       int
	release chan struct{}
}

func (b *barrier) reset(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waiting, b.n, b.release = 0, n, make(chan struct{})
}

func (b *barrier) wait(r *http.Request) {
	b.mu.Lock()
	release := b.release
	b.waiting++
	if b.waiting == b.n {
		close(release)
	}
	b.mu.Unlock()
	// A guard against a hung test, not a timing assertion.
	select {
	case <-release:
	case <-r.Context().Done():
	case <-time.After(30 * time.Second):
	}
}
