package acmeuser

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// createPath is the account create the module sends (the emulator serves the v2 API).
const createPath = "/api/acme/v2/account"

// liveAccounts returns the emulator's live accounts with that name on the server with that key.
func liveAccounts(sim *simtest.Sim, name, serverKey string) []scmsim.ACMEAccount {
	var out []scmsim.ACMEAccount
	for _, a := range sim.World().ACMEAccounts {
		if a.Name == name && a.ServerKey == serverKey && !a.Deleted {
			out = append(out, a)
		}
	}
	return out
}

// creates returns the account creates the journal holds since mark.
func creates(sim *simtest.Sim, mark int) []scmsim.JournalEntry {
	var out []scmsim.JournalEntry
	for _, e := range sim.JournalSince(mark) {
		if e.Method == http.MethodPost && e.Path == createPath {
			out = append(out, e)
		}
	}
	return out
}

func setFaults(t *testing.T, sim *simtest.Sim, change func(*scmsim.Faults)) {
	t.Helper()
	f := sim.Faults()
	change(&f)
	require.NoError(t, sim.SetFaults(f))
}

// TestModule_CreateAnswerLost: the create reaches SCM but its answer is lost. The module lists the
// organization's accounts again and adopts the one account of that name it had not seen, with the EAB
// credentials SCM lists; an account of the same name that was there before (on another server) is not
// taken for it, and the create is not sent again.
func TestModule_CreateAnswerLost(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	seedAccounts(t, sim, scmsim.ACMEAccount{ID: 7100, Name: "lost", ServerKey: "DV", OrgID: 1001})
	setFaults(t, sim, func(f *scmsim.Faults) { f.DropAfterCommitRate = 1 })
	file := filepath.Join(t.TempDir(), "eab.ini")
	args := sim.Conn(map[string]any{"name": "lost", "acme_server": ovName, "organization_id": 1001, "eab_file": file})

	mark := sim.Mark()
	res := ansibletest.Run(t, Module, args, ansibletest.Verbosity(3))
	require.False(t, res.Failed(), res.Msg())
	sent := creates(sim, mark)
	require.Len(t, sent, 1, "the create is sent once")
	require.Equal(t, "drop", sent[0].Fault, "its answer was dropped")
	accounts := liveAccounts(sim, "lost", "OV")
	require.Len(t, accounts, 1, "no duplicate")
	acct := accounts[0]
	assert.True(t, res.Changed())
	assert.Equal(t, []any{"create ACME account lost", "write eab_file " + file}, res["actions"])
	assert.EqualValues(t, acct.ID, res["account"].(map[string]any)["id"])
	assert.Equal(t, acct.MacID, res["eab_kid"])
	assert.Equal(t, acct.MacKey, res["eab_hmac_key"], "the adopted account's key, as the creating run returns it")
	assert.Contains(t, fmt.Sprint(res["trace"]), fmt.Sprintf("adopted the new account %d", acct.ID))
	assert.Empty(t, res.Warnings())
	content, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(renderEAB(acct.ID, sim.URL+"/acme/v2/OV", acct.MacID, acct.MacKey)), string(content))

	setFaults(t, sim, func(f *scmsim.Faults) { f.DropAfterCommitRate = 0 })
	mark = sim.Mark()
	again := ansibletest.Run(t, Module, args)
	require.False(t, again.Failed(), again.Msg())
	assert.False(t, again.Changed())
	assert.Zero(t, sim.MutatingSince(mark))
}

// TestModule_CreateRefused_sentAgain: a 503 to the create (SCM never got it). SCM lists no new account
// afterwards and a 503 is a complete answer, so the create is sent again: one account, two creates.
func TestModule_CreateRefused_sentAgain(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	setFaults(t, sim, func(f *scmsim.Faults) {
		f.FailNext = &scmsim.FailNext{Match: http.MethodPost + " " + createPath, Count: 1}
	})
	args := sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001})

	mark := sim.Mark()
	res := ansibletest.Run(t, Module, args, ansibletest.Verbosity(3))
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	assert.Contains(t, fmt.Sprint(res["trace"]), "SCM lists no new account of that name: creating it again")
	assert.Len(t, creates(sim, mark), 2)
	assert.Len(t, liveAccounts(sim, "web", "OV"), 1)
}

// TestModule_CreateRefused_everyTime: four 503s in a row: the run stops, creates nothing, says a
// re-run is safe, and the re-run creates the account.
func TestModule_CreateRefused_everyTime(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	setFaults(t, sim, func(f *scmsim.Faults) {
		f.FailNext = &scmsim.FailNext{Match: http.MethodPost + " " + createPath, Count: 4}
	})
	args := sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001})

	mark := sim.Mark()
	res := ansibletest.Run(t, Module, args)
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "SCM answered 503 to all 4 attempts and lists no new account of that name; "+
		"re-running the task is safe")
	assert.Len(t, creates(sim, mark), 4)
	assert.Zero(t, sim.MutatingSince(mark))
	assert.False(t, res.Changed())

	res = ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	assert.Len(t, liveAccounts(sim, "web", "OV"), 1)
}

// TestModule_CreateAnswerLost_notCreated: a gateway answers 504 to the create, which never reached SCM.
// SCM lists no new account, but the create may still land, so nothing is sent again: the run fails
// saying so, and the re-run creates the account.
func TestModule_CreateAnswerLost_notCreated(t *testing.T) {
	t.Parallel()
	var answered atomic.Bool
	sim := simtest.StartBehind(t, scmsim.Options{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == createPath && !answered.Swap(true) {
				w.WriteHeader(http.StatusGatewayTimeout)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	args := sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001})

	mark := sim.Mark()
	res := ansibletest.Run(t, Module, args)
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "SCM lists no new account of that name yet, but the answer was lost on the way, "+
		"so it may still be created; re-run the task")
	assert.Zero(t, sim.MutatingSince(mark))
	assert.False(t, res.Changed())

	res = ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.True(t, res.Changed())
	assert.Len(t, liveAccounts(sim, "web", "OV"), 1)
}

// TestModule_CreateAnswerLost_severalNew: while the answer to the module's create is lost, another
// client creates an account of the same name. Which of the two is the module's cannot be told: the run
// fails naming both ids, adopts neither, and creates no third.
func TestModule_CreateAnswerLost_severalNew(t *testing.T) {
	t.Parallel()
	var posts atomic.Int32
	sim := simtest.StartBehind(t, scmsim.Options{}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != createPath {
				h.ServeHTTP(w, r)
				return
			}
			posts.Add(1)
			body, err := io.ReadAll(r.Body)
			if err != nil {
				panic(http.ErrAbortHandler)
			}
			for range 2 { // the module's create, and the other client's
				again := r.Clone(r.Context())
				again.Body = io.NopCloser(bytes.NewReader(body))
				h.ServeHTTP(httptest.NewRecorder(), again)
			}
			panic(http.ErrAbortHandler) // the answer is lost
		})
	})
	args := sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001})

	res := ansibletest.Run(t, Module, args)
	require.True(t, res.Failed())
	accounts := liveAccounts(sim, "web", "OV")
	require.Len(t, accounts, 2)
	assert.Contains(t, res.Msg(), fmt.Sprintf("SCM now lists 2 accounts of that name that were not there before "+
		"(ids %d, %d), so which one this run created cannot be told, and none is adopted; delete the extra ones",
		accounts[0].ID, accounts[1].ID))
	assert.Equal(t, int32(1), posts.Load(), "one create sent")
	assert.NotContains(t, res, "eab_hmac_key")
	assert.NotContains(t, string(res.JSON()), accounts[0].MacKey)
}

// macKeyField is the EAB HMAC key in an account listing or read.
var macKeyField = regexp.MustCompile(`"macKey":"[^"]*",?`)

// withoutMacKeys answers the account listing and reads without macKey: an SCM that does not return the
// EAB HMAC key.
func withoutMacKeys(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/acme/v2/account") {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(macKeyField.ReplaceAll(rec.Body.Bytes(), nil))
	})
}

// TestModule_CreateAnswerLost_keyNotReturned: the lost create is adopted, but SCM returns no EAB HMAC
// key for the account, in its listing or its read. The result says so and how to get new credentials;
// an eab_file is not written (with an empty key), in that run or a later one.
func TestModule_CreateAnswerLost_keyNotReturned(t *testing.T) {
	t.Parallel()
	for _, withFile := range []bool{false, true} {
		t.Run(fmt.Sprintf("eab_file %v", withFile), func(t *testing.T) {
			t.Parallel()
			sim := simtest.StartBehind(t, scmsim.Options{}, withoutMacKeys)
			setFaults(t, sim, func(f *scmsim.Faults) { f.DropAfterCommitRate = 1 })
			args := sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001})
			file := filepath.Join(t.TempDir(), "eab.ini")
			if withFile {
				args["eab_file"] = file
			}

			mark := sim.Mark()
			res := ansibletest.Run(t, Module, args)
			require.Len(t, creates(sim, mark), 1)
			accounts := liveAccounts(sim, "web", "OV")
			require.Len(t, accounts, 1)
			acct := accounts[0]
			assert.True(t, res.Changed())
			assert.EqualValues(t, acct.ID, res["account"].(map[string]any)["id"], "adopted")
			assert.Equal(t, acct.MacID, res["eab_kid"])
			assert.NotContains(t, res, "eab_hmac_key")
			require.Len(t, res.Warnings(), 1)
			assert.Contains(t, res.Warnings()[0], fmt.Sprintf("SCM did not return the EAB HMAC key of ACME account %d; ", acct.ID))
			assert.Contains(t, res.Warnings()[0], "get new EAB credentials by deleting the account (this task with state: absent")
			if !withFile {
				require.False(t, res.Failed(), res.Msg())
				return
			}
			require.True(t, res.Failed())
			assert.Contains(t, res.Msg(), fmt.Sprintf("eab_file: not written, for want of the EAB HMAC key of the new ACME account %d", acct.ID))
			assert.NoFileExists(t, file)

			setFaults(t, sim, func(f *scmsim.Faults) { f.DropAfterCommitRate = 0 })
			mark = sim.Mark()
			res = ansibletest.Run(t, Module, args)
			require.True(t, res.Failed())
			assert.Contains(t, res.Msg(), "eab_file: the file cannot be written or checked: SCM did not return the EAB HMAC key")
			assert.Zero(t, sim.MutatingSince(mark))
			assert.NoFileExists(t, file)
		})
	}
}
