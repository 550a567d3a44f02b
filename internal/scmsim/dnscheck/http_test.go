package dnscheck

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	firstLine  = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"
	secondLine = "sectigo.com"
	validPath  = "/.well-known/pki-validation/ABCDEF0123456789ABCDEF0123456789.txt"
)

// fileServer serves fixed validation files and records the Host headers it saw.
type fileServer struct {
	mu    sync.Mutex
	hosts []string
}

func (f *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hosts = append(f.hosts, r.Host)
	f.mu.Unlock()
	bodies := map[string]string{
		validPath:                              firstLine + "\n" + secondLine + "\n",
		"/.well-known/pki-validation/crlf.txt": "\ufeff" + firstLine + "\r\n" + secondLine + "\r\n",
		"/.well-known/pki-validation/one.txt":  firstLine,
		"/.well-known/pki-validation/bad.txt":  "nothing to see\nhere\n",
	}
	switch r.URL.Path {
	case "/.well-known/pki-validation/moved.txt":
		http.Redirect(w, r, validPath, http.StatusFound)
	case "/.well-known/pki-validation/broken.txt":
		http.Error(w, "boom", http.StatusInternalServerError)
	default:
		body, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, body)
	}
}

func (f *fileServer) seenHosts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.hosts...)
}

func TestChecker_CheckHTTP(t *testing.T) {
	t.Parallel()
	files := &fileServer{}
	plain, secure := startFileServers(t, files)
	base := "http://demo.example.test/.well-known/pki-validation/"

	tests := []struct {
		desc       string
		checker    *Checker
		url        string
		first      string
		second     string
		wantErr    error
		wantMsg    string
		wantAnyErr bool
	}{
		{desc: "match", checker: plain, url: "http://demo.example.test" + validPath, first: firstLine, second: secondLine},
		{desc: "https to a self-signed server", checker: secure, url: "https://demo.example.test" + validPath, first: firstLine, second: secondLine},
		{desc: "CRLF and byte order mark", checker: plain, url: base + "crlf.txt", first: firstLine, second: secondLine},
		{desc: "second line not asked for", checker: plain, url: base + "one.txt", first: firstLine},
		{desc: "second line missing", checker: plain, url: base + "one.txt", first: firstLine, second: secondLine,
			wantErr: ErrMismatch, wantMsg: `second line of ` + base + `one.txt is "", want "sectigo.com"`},
		{desc: "first line differs", checker: plain, url: base + "bad.txt", first: firstLine, second: secondLine,
			wantErr: ErrMismatch, wantMsg: `first line of ` + base + `bad.txt is "nothing to see"`},
		{desc: "missing file", checker: plain, url: base + "nope.txt", first: firstLine,
			wantErr: ErrNotFound, wantMsg: "404 Not Found"},
		{desc: "redirect not followed", checker: plain, url: base + "moved.txt", first: firstLine,
			wantErr: ErrMismatch, wantMsg: "redirects are not followed"},
		{desc: "server error", checker: plain, url: base + "broken.txt", first: firstLine,
			wantAnyErr: true, wantMsg: "500 Internal Server Error"},
		{desc: "bad URL", checker: plain, url: "http://[::1", first: firstLine, wantAnyErr: true, wantMsg: "dnscheck: HTTP check:"},
	}
	// The group returns only after its parallel cases have finished, so the
	// Host headers below are complete.
	t.Run("cases", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.desc, func(t *testing.T) {
				t.Parallel()
				err := tt.checker.CheckHTTP(t.Context(), tt.url, tt.first, tt.second)
				assertCheckErr(t, err, tt.wantErr, tt.wantAnyErr, tt.wantMsg)
			})
		}
	})

	hosts := files.seenHosts()
	require.NotEmpty(t, hosts)
	for _, h := range hosts {
		assert.Equal(t, "demo.example.test", h, "the URL's host is sent, not HTTPAddr")
	}
}

// startFileServers serves files over plain HTTP and over TLS (self-signed) and
// returns a Checker aimed at each.
func startFileServers(t *testing.T, files http.Handler) (plain, secure *Checker) {
	t.Helper()
	srv := httptest.NewServer(files)
	t.Cleanup(srv.Close)
	tlsSrv := httptest.NewTLSServer(files)
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	t.Cleanup(tlsSrv.Close)
	return &Checker{HTTPAddr: srv.Listener.Addr().String(), Timeout: 10 * time.Second},
		&Checker{HTTPAddr: tlsSrv.Listener.Addr().String(), Timeout: 10 * time.Second}
}

// assertCheckErr checks an error against a sentinel (wantErr), or against "a
// failure that is neither sentinel" (wantAnyErr), or no error at all.
func assertCheckErr(t *testing.T, err, wantErr error, wantAnyErr bool, wantMsg string) {
	t.Helper()
	switch {
	case wantErr != nil:
		require.ErrorIs(t, err, wantErr)
	case wantAnyErr:
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrNotFound)
		assert.NotErrorIs(t, err, ErrMismatch)
	default:
		require.NoError(t, err)
		return
	}
	assert.Contains(t, err.Error(), wantMsg)
}

func TestChecker_CheckHTTP_unreachable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	err = (&Checker{HTTPAddr: addr}).CheckHTTP(t.Context(), "http://demo.example.test"+validPath, firstLine, secondLine)
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrNotFound)
	assert.True(t, strings.Contains(err.Error(), "via "+addr), err.Error())
}

func TestChecker_CheckHTTP_noAddr(t *testing.T) {
	t.Parallel()
	err := (&Checker{}).CheckHTTP(t.Context(), "http://demo.example.test/x", "a", "b")
	require.EqualError(t, err, "dnscheck: no HTTP address configured")
}
