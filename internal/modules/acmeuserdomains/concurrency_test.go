package acmeuserdomains

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// startWithRival is simtest.Start with a rival: before the first request matching method and path
// suffix reaches the emulator, rival runs, as another Ansible fork would between this run's read and
// its write.
func startWithRival(t *testing.T, method, suffix string, rival func(h http.Handler)) *simtest.Sim {
	t.Helper()
	srv, err := scmsim.New(scmsim.Options{})
	require.NoError(t, err)
	var once sync.Once
	h := srv.Handler()
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == method && strings.HasSuffix(r.URL.Path, suffix) {
			once.Do(func() { rival(h) })
		}
		h.ServeHTTP(w, r)
	}))
	ts.TLS, err = srv.TLSConfig()
	require.NoError(t, err)
	ts.StartTLS()
	t.Cleanup(ts.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(ca, srv.CABundlePEM(), 0o644))
	return &simtest.Sim{Server: srv, URL: ts.URL, CAFile: ca}
}

// rivalWrite sends one domain add or removal straight to the emulator.
func rivalWrite(t *testing.T, h http.Handler, method string, id int, names ...string) {
	body := map[string]any{"domains": []map[string]string{}}
	for _, n := range names {
		body["domains"] = append(body["domains"].([]map[string]string), map[string]string{"name": n})
	}
	raw, err := json.Marshal(body)
	if err != nil {
		t.Error(err)
		return
	}
	req := httptest.NewRequest(method, fmt.Sprintf("/api/acme/v2/account/%d/domain", id), bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("login", "mrao")
	req.Header.Set("password", "mrao-secret")
	req.Header.Set("customerUri", "demo")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("rival %s: %d %s", method, rec.Code, rec.Body)
	}
}

// TestModule_RivalAddedMeanwhile: a name this run wants is added by another run between this run's
// read and its add. SCM answers it as not added; the module checks, finds it there, and succeeds.
func TestModule_RivalAddedMeanwhile(t *testing.T) {
	t.Parallel()
	var id int
	sim := startWithRival(t, http.MethodPost, "/domain", func(h http.Handler) { rivalWrite(t, h, http.MethodPost, id, "shared.example.org") })
	id = prepare(t, sim)
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"mine.example.org", "shared.example.org"}})))
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"mine.example.org"}, res["added"], "only what this run added")
	assert.Equal(t, []any{"mine.example.org", "shared.example.org"}, res["domains"], "read again after the answer")
	assert.Equal(t, map[string]int{"POST": 2}, writes(sim, mark), "the rival's add and this run's; never a second one")
}

// TestModule_RivalRemovedMeanwhile: the same for a removal. A name gone by the time SCM answers counts
// as removed: the run cannot tell another run's removal from an earlier attempt of its own.
func TestModule_RivalRemovedMeanwhile(t *testing.T) {
	t.Parallel()
	var id int
	sim := startWithRival(t, http.MethodDelete, "/domain", func(h http.Handler) { rivalWrite(t, h, http.MethodDelete, id, "b.example.org") })
	id = prepare(t, sim)
	require.False(t, ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"a.example.org", "b.example.org", "c.example.org"}}))).Failed())
	res := ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"a.example.org", "b.example.org"}, "state": "absent"})))
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"a.example.org", "b.example.org"}, res["removed"])
	assert.Equal(t, []any{"c.example.org"}, res["domains"], "read again after the answer")
	assert.Equal(t, []string{"c.example.org"}, accountDomains(t, sim, id))
}

// TestModule_AnswerLost: the add and the removal reach SCM but their answers are lost. The add is not
// sent again; a fresh read shows it took effect.
func TestModule_AnswerLost(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	require.False(t, ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"old.example.org"}}))).Failed())
	f := sim.Faults()
	f.DropAfterCommitRate = 1
	require.NoError(t, sim.SetFaults(f))
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"new.example.org"}, "exclusive": true})))
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"new.example.org"}, res["added"])
	assert.Equal(t, []any{"old.example.org"}, res["removed"])
	assert.Equal(t, []string{"new.example.org"}, accountDomains(t, sim, id))
	assert.Equal(t, 1, writes(sim, mark)["POST"], "the add is never sent twice")
}

// TestModule_ConcurrentForks: 20 runs at once add overlapping sets to one account; all succeed and the
// account ends with the union.
func TestModule_ConcurrentForks(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	const forks = 20
	outs := make([]map[string]any, forks)
	start := make(chan struct{})
	var wg sync.WaitGroup
	var union []string
	for i := range forks {
		names := []any{fmt.Sprintf("h%02d.example.org", i), fmt.Sprintf("h%02d.example.org", (i+1)%forks), "shared.example.org"}
		for _, n := range names {
			union = append(union, n.(string))
		}
		args := sim.Conn(byName(map[string]any{"domains": names}))
		wg.Go(func() {
			<-start
			outs[i] = execute(t.Context(), args)
		})
	}
	close(start)
	wg.Wait()
	for i, out := range outs {
		assert.NotEqual(t, true, out["failed"], "fork %d: %v", i, out["msg"])
	}
	slices.Sort(union)
	assert.Equal(t, slices.Compact(union), sortedCopy(accountDomains(t, sim, id)))
}

// execute runs the module without a testing.T, so that it can run in many goroutines.
func execute(ctx context.Context, args map[string]any) map[string]any {
	raw, err := json.Marshal(args)
	if err != nil {
		return map[string]any{"failed": true, "msg": err.Error()}
	}
	out, _ := ansible.Execute(ctx, raw, Module)
	var res map[string]any
	if err := json.Unmarshal(out, &res); err != nil {
		return map[string]any{"failed": true, "msg": err.Error()}
	}
	return res
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// TestModule_AddLostAndNotApplied: the add gets a 503 once. A fresh read shows the name missing, so only
// then the add is sent again; the account ends with the name and the run reports it added.
func TestModule_AddLostAndNotApplied(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	f := sim.Faults()
	f.FailNext = &scmsim.FailNext{Match: fmt.Sprintf("POST /api/acme/v2/account/%d/domain", id), Count: 1}
	require.NoError(t, sim.SetFaults(f))
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"new.example.org"}})))
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"new.example.org"}, res["added"])
	assert.Equal(t, []string{"new.example.org"}, accountDomains(t, sim, id))
	assert.Equal(t, 2, writes(sim, mark)["POST"], "the lost add, then one more after the read")
}

// TestModule_AddLostEveryTime: every add gets a 503 and every read afterwards shows the name missing.
// The add is sent at most common.LostWriteAttempts times, each after a read, and the run fails saying
// re-running is safe.
func TestModule_AddLostEveryTime(t *testing.T) {
	t.Parallel()
	sim, id := setup(t)
	f := sim.Faults()
	f.FailNext = &scmsim.FailNext{Match: fmt.Sprintf("POST /api/acme/v2/account/%d/domain", id), Count: 10}
	require.NoError(t, sim.SetFaults(f))
	mark := sim.Mark()
	res := ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"new.example.org"}})))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "add new.example.org to ACME account")
	assert.Contains(t, res.Msg(), "the account lacks new.example.org afterwards (4 attempts), so it was not applied; re-running the task is safe")
	assert.Equal(t, []any{}, res["added"])
	assert.Empty(t, accountDomains(t, sim, id))
	assert.Equal(t, common.LostWriteAttempts, writes(sim, mark)["POST"])
}
