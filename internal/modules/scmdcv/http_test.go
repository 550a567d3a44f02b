package scmdcv

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// webRoot is a web server on loopback that serves the files a test puts in it.
type webRoot struct {
	mu    sync.Mutex
	files map[string]string // path → content
}

func (w *webRoot) put(path, content string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[path] = content
}

func (w *webRoot) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	content, ok := w.files[r.URL.Path]
	w.mu.Unlock()
	if !ok {
		http.NotFound(rw, r)
		return
	}
	_, _ = rw.Write([]byte(content))
}

// TestHTTP_fileServedAsReturned: the http_file the module returns, written as it is to a web server,
// is what SCM (the emulator in http mode, fetching from that server) accepts.
func TestHTTP_fileServedAsReturned(t *testing.T) {
	t.Parallel()
	web := &webRoot{files: map[string]string{}}
	srv := httptest.NewServer(web)
	t.Cleanup(srv.Close)
	sim := startSim(t, func(k *scmsim.Knobs) {
		k.DCVMode, k.HTTPAddr = scmsim.DCVModeHTTP, strings.TrimPrefix(srv.URL, "http://")
	}, []string{"example.org"})

	args := sim.Conn(map[string]any{"domain": "example.org", "method": "http"})
	started := ansibletest.Run(t, Module, args)
	require.False(t, started.Failed(), started.Msg())
	f := domainOf(started)["http_file"].(map[string]any)

	args["submit"], args["wait"] = true, true
	clk := newFakeClock()
	clk.onSleep = func() { web.put(f["path"].(string), f["content"].(string)) }
	res := runWith(t, clk, args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, "VALIDATED", domainOf(res)["status"])
	assert.Equal(t, "http", domainOf(res)["method"])
	assert.Len(t, clk.sleeps(), 1, "not validated before the file was served")
}
