package scmcert

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// dropWrites makes the emulator apply every write and then drop the connection without answering,
// as a timeout or a proxy failure after SCM committed would look.
func dropWrites(t testing.TB, sim *simtest.Sim, on bool) {
	t.Helper()
	f := scmsim.DefaultFaults()
	if on {
		f.DropAfterCommitRate, f.Seed = 1, 1
	}
	require.NoError(t, sim.SetFaults(f))
}

// failNext makes the emulator answer 503 to the next count requests that are exactly match
// ("POST /api/..."), before its handler: the write never reaches SCM.
func failNext(t testing.TB, sim *simtest.Sim, match string, count int) {
	t.Helper()
	f := scmsim.DefaultFaults()
	f.FailNext = &scmsim.FailNext{Match: match, Count: count}
	require.NoError(t, sim.SetFaults(f))
}

// markerFor computes, independently of the module, the marker of a key: the first 16 hex digits of
// the SHA-256 of its DER SubjectPublicKeyInfo.
func markerFor(t testing.TB, key crypto.Signer) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(key.Public())
	require.NoError(t, err)
	sum := sha256.Sum256(der)
	return fmt.Sprintf("[scmkit:%x]", sum[:8])
}

// listingFault answers the certificate listing with a 500 once a POST whose path contains arm has
// been seen while armed: the observe before the write reads SCM, the search after it cannot.
type listingFault struct {
	armed, failing atomic.Bool
	failed         atomic.Int32
}

func (f *listingFault) front(arm string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.Contains(r.URL.Path, arm) && f.armed.Load() {
				f.failing.Store(true)
			}
			if f.failing.Load() && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/ssl/v1") {
				f.failed.Add(1)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(`{"code":-1,"description":"Internal error"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// answerFirstWith answers status to the first POST whose path ends in suffix without passing it to
// the emulator: a write that never reached SCM, whose answer looks lost on the way (a gateway's 504),
// so the client cannot tell it from one still in flight.
func answerFirstWith(suffix string, status int) func(http.Handler) http.Handler {
	var done atomic.Bool
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, suffix) && !done.Swap(true) {
				w.WriteHeader(status)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func (f *listingFault) off() { f.armed.Store(false); f.failing.Store(false) }

// loseEnrollAnswer passes the first enroll to the emulator, then lets also run (with a function that
// sends an enroll body to the emulator as the same admin: what others send meanwhile, or a duplicate),
// and answers 504 instead of the emulator's answer: SCM placed the order, the module never hears of
// it. Later enrolls pass untouched.
func loseEnrollAnswer(also func(send func(body []byte), body []byte)) func(http.Handler) http.Handler {
	var done atomic.Bool
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/ssl/v1/enroll") || done.Swap(true) {
				next.ServeHTTP(w, r)
				return
			}
			body, _ := io.ReadAll(r.Body)
			send := func(b []byte) {
				req := r.Clone(r.Context())
				req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
				next.ServeHTTP(httptest.NewRecorder(), req)
			}
			send(body)
			if also != nil {
				also(send, body)
			}
			w.WriteHeader(http.StatusGatewayTimeout)
		})
	}
}

// TestModule_faults_DroppedEnrollIsAdopted: the enroll reached SCM but its answer was lost. The module
// looks for the order carrying its marker and adopts it: the run ends as if the answer had arrived
// (issued, certificate in the result, files written). The re-run finds it too, and SCM holds one
// order, whose comments are the user's followed by the marker.
func TestModule_faults_DroppedEnrollIsAdopted(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := with(baseArgs(t, t.TempDir()), "comments", "for the shop")
	marker := markerFor(t, rsaKey)
	mark := sim.Mark()

	dropWrites(t, sim, true)
	res := runOK(t, m, sim, args, ansibletest.Verbosity(3))
	assert.True(t, res.Changed())
	assert.Contains(t, fmt.Sprint(res["trace"]), "adopted order 5001, which carries the marker "+marker)
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, 5001, id(res["ssl_id"]))
	assert.Equal(t, "issued", res["status"])
	assert.Equal(t, marker, res["marker"])
	assert.Len(t, res["files_written"], 3)
	assert.Equal(t, res["certificate"], readFile(t, args["path"].(string)))
	assert.Equal(t, 1, sim.Counters().Faults.Drops, "the enroll's answer was dropped")

	dropWrites(t, sim, false)
	again := runOK(t, m, sim, args)
	assert.False(t, again.Changed())
	assert.Equal(t, 5001, id(again["ssl_id"]))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"), "exactly one enroll")
	require.Len(t, sim.World().Certificates, 1)
	assert.Equal(t, "for the shop "+marker, sim.World().Certificates[0].Comments, "the user's comments, then the marker")
}

// TestModule_faults_DroppedPendingEnrollIsAdopted: the same for an order that waits for approval:
// adopted as pending, and the re-run waits for the same order.
func TestModule_faults_DroppedPendingEnrollIsAdopted(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	setKnobs(t, sim, func(k *scmsim.Knobs) { k.SSLApproval = true })
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	mark := sim.Mark()

	dropWrites(t, sim, true)
	res := runOK(t, m, sim, args)
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, "pending", res["status"])
	assert.Equal(t, 5001, id(res["ssl_id"]))

	dropWrites(t, sim, false)
	again := runOK(t, m, sim, args)
	assert.Equal(t, "none", again["action"])
	assert.Equal(t, 5001, id(again["ssl_id"]))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"))
	assert.Equal(t, markerFor(t, rsaKey), sim.World().Certificates[0].Comments, "without comments, the marker alone")
}

// TestModule_faults_RefusedEnrollIsSentAgain: SCM answers 503 to the enroll (the emulator before its
// handler). The module looks, finds no order carrying its marker, and, as a 503 is a complete answer,
// enrolls again: one order, placed by the second of two enrolls.
func TestModule_faults_RefusedEnrollIsSentAgain(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	mark := sim.Mark()

	failNext(t, sim, "POST /api/ssl/v1/enroll", 1)
	res := runOK(t, m, sim, args, ansibletest.Verbosity(3))
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, "issued", res["status"])
	assert.Contains(t, fmt.Sprint(res["trace"]), "SCM shows no order carrying the marker "+markerFor(t, rsaKey)+
		": enrolling again")
	assert.Equal(t, 2, requests(sim, mark, "POST", "/ssl/v1/enroll"))
	assert.Len(t, sim.World().Certificates, 1)
}

// TestModule_faults_EnrollRefusedEveryTimeFails: SCM answers 503 to four enrolls in a row; the module
// stops after the fourth, says so, and the re-run enrolls once.
func TestModule_faults_EnrollRefusedEveryTimeFails(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	mark := sim.Mark()

	failNext(t, sim, "POST /api/ssl/v1/enroll", 4)
	res := ansibletest.Run(t, m, sim.Conn(args))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "enroll www.example.com: ")
	assert.Contains(t, res.Msg(), "SCM answered 503 to all 4 attempts and shows no order carrying the marker "+
		markerFor(t, rsaKey)+"; re-running the task is safe")
	assert.Equal(t, 4, requests(sim, mark, "POST", "/ssl/v1/enroll"))
	assert.Empty(t, sim.World().Certificates)

	again := runOK(t, m, sim, args)
	assert.Equal(t, "enrolled", again["action"])
	assert.Len(t, sim.World().Certificates, 1)
}

// TestModule_faults_LostUnplacedEnrollFails: a gateway answers 504 to the enroll, which never reached
// SCM. The search finds nothing, but after a lost answer the order may still be placed, so the module
// does not enroll again: it fails saying the re-run adopts the order if it appears, and the re-run
// enrolls once.
func TestModule_faults_LostUnplacedEnrollFails(t *testing.T) {
	t.Parallel()
	sim := startSimWith(t, simDay, answerFirstWith("/ssl/v1/enroll", http.StatusGatewayTimeout), nil)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())

	res := ansibletest.Run(t, m, sim.Conn(args))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "SCM shows no new order carrying the marker "+markerFor(t, rsaKey)+" yet, but the "+
		"answer was lost on the way, so the order may still be placed; re-run the task")
	assert.Empty(t, sim.World().Certificates)

	again := runOK(t, m, sim, args)
	assert.Equal(t, "enrolled", again["action"])
	assert.Equal(t, "issued", again["status"])
	assert.Len(t, sim.World().Certificates, 1)
}

// TestModule_faults_LostEnrollSearchFails: the enroll's answer is lost and so is the search for the
// order. The task fails, says the order may exist and that a re-run adopts it; the re-run does (it
// collects the certificate and writes the files) and SCM holds one order.
func TestModule_faults_LostEnrollSearchFails(t *testing.T) {
	t.Parallel()
	var lf listingFault
	lf.armed.Store(true)
	sim := startSimWith(t, simDay, lf.front("/ssl/v1/enroll"), nil)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	marker := markerFor(t, rsaKey)
	mark := sim.Mark()

	dropWrites(t, sim, true)
	res := ansibletest.Run(t, m, sim.Conn(args))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "enroll www.example.com: scm: POST /ssl/v1/enroll: the request may have been applied")
	assert.Contains(t, res.Msg(), "looking for the order afterwards failed too")
	assert.Contains(t, res.Msg(), "so whether SCM placed it is unknown; re-run the task: it looks for an order carrying "+
		"the marker "+marker+" before enrolling, and adopts it instead of enrolling again")
	assert.Positive(t, lf.failed.Load())
	assert.NoFileExists(t, args["path"].(string))
	require.Len(t, sim.World().Certificates, 1, "SCM placed the order")

	lf.off()
	dropWrites(t, sim, false)
	again := runOK(t, m, sim, args)
	assert.Equal(t, "collected", again["action"], "the re-run adopts the order")
	assert.Equal(t, 5001, id(again["ssl_id"]))
	assert.Equal(t, "issued", again["status"])
	assert.Equal(t, again["certificate"], readFile(t, args["path"].(string)))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"), "exactly one enroll")
	assert.Len(t, sim.World().Certificates, 1)
	assert.False(t, runOK(t, m, sim, args).Changed())
}

// foreignEnroll is an enroll of the same names, profile and department as baseArgs for another key,
// with comments of its own: an order someone else places meanwhile.
func foreignEnroll(t testing.TB, body []byte) []byte {
	t.Helper()
	var req map[string]any
	require.NoError(t, json.Unmarshal(body, &req))
	req["csr"] = csrPEM(t, rsaKey2, "www.example.com", "www.example.com", "example.com")
	req["comments"] = "ordered by hand"
	out, err := json.Marshal(req)
	require.NoError(t, err)
	return out
}

// TestModule_faults_LostEnrollAdoptsOnlyItsOwn: while the enroll's answer is lost, another order of
// the same names and profile arrives in SCM (newer than the module's). The module adopts the order
// carrying its marker, not the newest.
func TestModule_faults_LostEnrollAdoptsOnlyItsOwn(t *testing.T) {
	t.Parallel()
	sim := startSimWith(t, simDay, loseEnrollAnswer(func(send func([]byte), body []byte) {
		send(foreignEnroll(t, body))
	}), nil)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())

	res := runOK(t, m, sim, args, ansibletest.Verbosity(3))
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, 5001, id(res["ssl_id"]), "its own order, not the newer 5002")
	assert.Equal(t, "issued", res["status"])
	trace := fmt.Sprint(res["trace"])
	assert.Contains(t, trace, "order 5002 does not carry the marker "+markerFor(t, rsaKey)+": not adopted")
	assert.Contains(t, trace, "adopted order 5001")
	assert.Len(t, sim.World().Certificates, 2)
}

// TestModule_faults_LostEnrollFindsTwoOrders: the enroll arrived twice (a proxy replayed it, say) and
// its answer was lost. Both orders carry the marker; the module adopts neither and names both.
func TestModule_faults_LostEnrollFindsTwoOrders(t *testing.T) {
	t.Parallel()
	sim := startSimWith(t, simDay, loseEnrollAnswer(func(send func([]byte), body []byte) { send(body) }), nil)
	m, _ := module(sim)
	res := ansibletest.Run(t, m, sim.Conn(baseArgs(t, t.TempDir())))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "SCM shows 2 new orders carrying the marker "+markerFor(t, rsaKey)+": 5002, 5001; "+
		"the module adopts none of them: keep one, and revoke or decline the others in SCM")
	assert.Len(t, sim.World().Certificates, 2, "the module placed nothing more")
}

// TestModule_faults_OrderInProgressIsWaitedFor: an order of the task (it carries the marker) that SCM
// shows in a state the module does not otherwise count as pending (Init) is waited for, not enrolled
// again; an order in that state without the marker is not the task's.
func TestModule_faults_OrderInProgressIsWaitedFor(t *testing.T) {
	t.Parallel()
	keys(t)
	csr := csrPEM(t, rsaKey, "www.example.com", "www.example.com", "example.com")
	initOrder := func(comments string) func(*scmsim.World) {
		return func(w *scmsim.World) {
			w.Certificates = append(w.Certificates, scmsim.Certificate{ID: 5001, OrgID: scmsim.DemoWebDeptID,
				ProfileID: 101, Term: 199, CSR: csr, CommonName: "www.example.com", SANs: []string{"example.com"},
				KeyType: "RSA - 2048", Status: "Init", Comments: comments, Requester: "mrao",
				Dates: scmsim.CertDates{Requested: simDay}})
		}
	}

	sim := startSimWith(t, simDay, nil, initOrder("for the shop "+markerFor(t, rsaKey)))
	m, _ := module(sim)
	mark := sim.Mark()
	res := runOK(t, m, sim, baseArgs(t, t.TempDir()))
	assert.Equal(t, "none", res["action"])
	assert.Equal(t, 5001, id(res["ssl_id"]))
	assert.Equal(t, "Init", res["scm_status"])
	assert.Equal(t, "order 5001 is Init: waiting for issuance", res["reason"])
	assert.Zero(t, sim.MutatingSince(mark))

	other := startSimWith(t, simDay, nil, initOrder("for the shop"))
	m, _ = module(other)
	res = runOK(t, m, other, baseArgs(t, t.TempDir()))
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, 5002, id(res["ssl_id"]))
}

// TestModule_faults_DroppedRenewalIsAdopted: the renewal by id reached SCM but its answer was lost.
// The module reads the renewed order and the new orders and adopts the renewal: the run ends as if the
// answer had arrived, and the re-run renews nothing.
func TestModule_faults_DroppedRenewalIsAdopted(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, clk := module(sim)
	args := baseArgs(t, t.TempDir())
	runOK(t, m, sim, args)
	clk.shift(190 * 24 * time.Hour)
	mark := sim.Mark()

	dropWrites(t, sim, true)
	res := runOK(t, m, sim, args, ansibletest.Verbosity(3))
	assert.Equal(t, "renewed", res["action"])
	assert.Equal(t, 5002, id(res["ssl_id"]))
	assert.Equal(t, 5001, id(res["previous_ssl_id"]))
	assert.Equal(t, "issued", res["status"])
	assert.Equal(t, res["certificate"], readFile(t, args["path"].(string)))
	assert.Contains(t, fmt.Sprint(res["trace"]), "adopted order 5002 (SCM marks certificate 5001 renewed: true)")

	dropWrites(t, sim, false)
	again := runOK(t, m, sim, args)
	assert.False(t, again.Changed())
	assert.Equal(t, 1, requests(sim, mark, "POST", "/renewById/"), "exactly one renewal")
	assert.Zero(t, requests(sim, mark, "POST", "/ssl/v1/enroll"))
	assert.Len(t, sim.World().Certificates, 2)
}

// TestModule_faults_DroppedNewKeyRenewalIsAdopted: a renewal for a new key (the CSR changed) whose
// answer was lost. SCM copies the renewed order's comments, so the renewal carries the marker of the
// old key: it is found as the order with the renewed order's comments, and its certificate is for the
// new CSR's key.
func TestModule_faults_DroppedNewKeyRenewalIsAdopted(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := with(baseArgs(t, t.TempDir()), "comments", "for the shop")
	runOK(t, m, sim, args)
	newKey := with(args, "csr", csrPEM(t, rsaKey2, "www.example.com", "www.example.com", "example.com"))

	dropWrites(t, sim, true)
	res := runOK(t, m, sim, newKey, ansibletest.Verbosity(3))
	assert.Equal(t, "renewed", res["action"])
	assert.Equal(t, "csr_key", res["renewal"].(map[string]any)["rule"])
	assert.Equal(t, 5002, id(res["ssl_id"]))
	assert.Equal(t, "issued", res["status"])
	assert.Equal(t, markerFor(t, rsaKey2), res["marker"])
	assert.Contains(t, fmt.Sprint(res["trace"]), "adopted order 5002")

	dropWrites(t, sim, false)
	assert.False(t, runOK(t, m, sim, newKey).Changed())
	w := sim.World()
	require.Len(t, w.Certificates, 2)
	assert.Equal(t, "for the shop "+markerFor(t, rsaKey), w.Certificates[1].Comments, "SCM copied the comments")
}

// TestModule_faults_RefusedRenewalIsSentAgain: SCM answers 503 to the renewal. It shows the order not
// renewed and no new order, so the module renews again: one renewal.
func TestModule_faults_RefusedRenewalIsSentAgain(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, clk := module(sim)
	args := baseArgs(t, t.TempDir())
	runOK(t, m, sim, args)
	clk.shift(190 * 24 * time.Hour)
	mark := sim.Mark()

	failNext(t, sim, "POST /api/ssl/v1/renewById/5001", 1)
	res := runOK(t, m, sim, args, ansibletest.Verbosity(3))
	assert.Equal(t, "renewed", res["action"])
	assert.Equal(t, 5002, id(res["ssl_id"]))
	assert.Contains(t, fmt.Sprint(res["trace"]), "SCM shows it not renewed and no new order: renewing again")
	assert.Equal(t, 2, requests(sim, mark, "POST", "/renewById/"))
	assert.Len(t, sim.World().Certificates, 2)
}

// TestModule_faults_LostUnplacedRenewalFails: a gateway answers 504 to the renewal, which never reached
// SCM. SCM shows the order not renewed, but the renewal may still happen, so the task fails saying so,
// and the re-run renews once.
func TestModule_faults_LostUnplacedRenewalFails(t *testing.T) {
	t.Parallel()
	sim := startSimWith(t, simDay, answerFirstWith("/renewById/5001", http.StatusGatewayTimeout), nil)
	m, clk := module(sim)
	args := baseArgs(t, t.TempDir())
	runOK(t, m, sim, args)
	clk.shift(190 * 24 * time.Hour)

	res := ansibletest.Run(t, m, sim.Conn(args))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "renew certificate 5001: ")
	assert.Contains(t, res.Msg(), "SCM shows it not renewed and no new order for these names yet, but the answer was "+
		"lost on the way, so the renewal may still happen")
	assert.Len(t, sim.World().Certificates, 1)

	again := runOK(t, m, sim, args)
	assert.Equal(t, "renewed", again["action"])
	assert.Equal(t, 5002, id(again["ssl_id"]))
	assert.Len(t, sim.World().Certificates, 2)
}

// TestModule_faults_LostRenewalSearchFails: the renewal's answer is lost and so is the search. The task
// fails and says a re-run adopts a renewal that happened; the re-run adopts it without renewing again.
func TestModule_faults_LostRenewalSearchFails(t *testing.T) {
	t.Parallel()
	var lf listingFault
	sim := startSimWith(t, simDay, lf.front("/renewById/"), nil)
	m, clk := module(sim)
	args := baseArgs(t, t.TempDir())
	runOK(t, m, sim, args)
	clk.shift(190 * 24 * time.Hour)
	mark := sim.Mark()

	lf.armed.Store(true)
	dropWrites(t, sim, true)
	res := ansibletest.Run(t, m, sim.Conn(args))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "renew certificate 5001: scm: POST /ssl/v1/renewById/5001: the request may have been applied")
	assert.Contains(t, res.Msg(), "reading SCM afterwards failed too")
	assert.Contains(t, res.Msg(), "re-run the task: it reads the orders before renewing, and adopts a renewal that "+
		"happened instead of renewing again")

	lf.off()
	dropWrites(t, sim, false)
	again := runOK(t, m, sim, args)
	assert.Equal(t, "collected", again["action"], "the re-run adopts the renewal")
	assert.Equal(t, 5002, id(again["ssl_id"]))
	assert.Equal(t, again["certificate"], readFile(t, args["path"].(string)))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/renewById/"), "exactly one renewal")
	assert.Len(t, sim.World().Certificates, 2)
}

// TestModule_faults_DroppedRevokeIsConfirmed: a revoke whose answer was lost is confirmed by reading
// the certificate, and not sent again.
func TestModule_faults_DroppedRevokeIsConfirmed(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	sslID := id(runOK(t, m, sim, baseArgs(t, t.TempDir()))["ssl_id"])
	mark := sim.Mark()
	dropWrites(t, sim, true)
	revoke := map[string]any{"ssl_id": sslID, "state": "revoked"}
	res := runOK(t, m, sim, revoke, ansibletest.Verbosity(3))
	assert.Equal(t, "revoked", res["action"])
	assert.Equal(t, "revoked", res["status"])
	assert.Equal(t, []any{float64(sslID)}, res["revoked_ids"])
	assert.Contains(t, fmt.Sprint(res["trace"]), "revoke certificate "+fmt.Sprint(sslID)+": uncertain answer")
	assert.Contains(t, fmt.Sprint(res["trace"]), "SCM shows it applied, adopted")
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/revoke/"))

	dropWrites(t, sim, false)
	assert.False(t, runOK(t, m, sim, revoke).Changed())
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/revoke/"))
}

// TestModule_faults_RefusedRevokeIsSentAgain: SCM answers 503 to the revoke; the certificate reads
// Issued, so the revoke (which cannot duplicate anything) is sent again and the task revokes it.
func TestModule_faults_RefusedRevokeIsSentAgain(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	sslID := id(runOK(t, m, sim, baseArgs(t, t.TempDir()))["ssl_id"])
	revoke := map[string]any{"ssl_id": sslID, "state": "revoked"}
	mark := sim.Mark()

	failNext(t, sim, fmt.Sprintf("POST /api/ssl/v1/revoke/%d", sslID), 1)
	res := runOK(t, m, sim, revoke, ansibletest.Verbosity(3))
	assert.Equal(t, "revoked", res["action"])
	assert.Contains(t, fmt.Sprint(res["trace"]), "SCM shows it not applied (SCM still shows it Issued); sending it again")
	assert.Equal(t, 2, requests(sim, mark, "POST", "/ssl/v1/revoke/"))
	assert.Equal(t, "Revoked", sim.World().Certificates[0].Status)
}

// TestModule_faults_RevokeRefusedEveryTimeFails: four 503s to the revoke: the task fails saying the
// certificate is not revoked, and the re-run revokes it.
func TestModule_faults_RevokeRefusedEveryTimeFails(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	sslID := id(runOK(t, m, sim, baseArgs(t, t.TempDir()))["ssl_id"])
	revoke := map[string]any{"ssl_id": sslID, "state": "revoked"}

	failNext(t, sim, fmt.Sprintf("POST /api/ssl/v1/revoke/%d", sslID), 4)
	res := ansibletest.Run(t, m, sim.Conn(revoke))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), fmt.Sprintf("revoke certificate %d: ", sslID))
	assert.Contains(t, res.Msg(), "SCM still shows it Issued afterwards (4 attempts), so it was not applied; "+
		"re-running the task is safe")

	again := runOK(t, m, sim, revoke)
	assert.Equal(t, "revoked", again["action"])
	assert.Equal(t, "Revoked", sim.World().Certificates[0].Status)
}
