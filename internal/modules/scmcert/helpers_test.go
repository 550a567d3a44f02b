package scmcert

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// Keys are made once per test binary: RSA generation is slow under -race, and the tests only need
// distinct keys, not fresh ones.
var (
	keysOnce                 sync.Once
	rsaKey, rsaKey2          *rsa.PrivateKey
	ecKey, ecKey2, ecKeyP384 *ecdsa.PrivateKey
)

func keys(t testing.TB) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		rsaKey, err = rsa.GenerateKey(rand.Reader, 2048)
		if err == nil {
			rsaKey2, err = rsa.GenerateKey(rand.Reader, 2048)
		}
		if err == nil {
			ecKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		}
		if err == nil {
			ecKey2, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		}
		if err == nil {
			ecKeyP384, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		}
		if err != nil {
			panic(err)
		}
	})
}

// csrPEM makes a CSR for key with cn as the subject's common name and dns as its SANs.
func csrPEM(t testing.TB, key crypto.Signer, cn string, dns ...string) string {
	t.Helper()
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: cn}, DNSNames: dns,
	}, key)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

// simDay is where the emulator's clock starts in these tests: a day under the 200-day cap of ballot
// SC-081, early enough that the tests' term 199 stays valid when they move the clock on by up to 200
// days to renew, whatever the date they run on.
var simDay = time.Date(2026, time.April, 15, 12, 0, 0, 0, time.UTC)

// startSim runs an emulator whose world has *.example.com and *.example.net delegated to Demo
// University (so to its departments too) and validated, with its clock at simDay.
func startSim(t testing.TB) *simtest.Sim {
	t.Helper()
	return startSimAt(t, simDay)
}

// startSimAt is startSim with the emulator's business clock at `at` (and running on from there).
// The business clock is moved by an offset, not by scmsim.Options.Now, which would move the emulator's
// TLS certificate too: one made in 2029 is not yet valid for a client on today's real clock.
func startSimAt(t testing.TB, at time.Time) *simtest.Sim {
	t.Helper()
	return startSimWith(t, at, nil, nil)
}

// simOffsets holds each emulator's business clock offset from real time, set by startSimWith; the
// fakeClock's shifts add to it.
var simOffsets sync.Map // *simtest.Sim → time.Duration

// startSimWith is startSimAt with a handler of the test's in front of the emulator (nil: none) and a
// change to its world before it is seeded (nil: none).
func startSimWith(t testing.TB, at time.Time, front func(http.Handler) http.Handler, world func(*scmsim.World)) *simtest.Sim {
	t.Helper()
	keys(t)
	if front == nil {
		front = func(h http.Handler) http.Handler { return h }
	}
	sim := simtest.StartBehind(t, scmsim.Options{}, front)
	w := sim.World()
	if world != nil {
		world(w)
	}
	for i, name := range []string{"*.example.com", "*.example.net"} {
		w.Domains = append(w.Domains, scmsim.Domain{ID: 2001 + i, Name: name, Created: at,
			Delegations: []scmsim.Delegation{{OrgID: 1001, CertTypes: []string{"SSL"}, Status: "ACTIVE"}}})
	}
	w.NextIDs.Domain = 2003
	require.NoError(t, sim.Seed(w)) // resets the clock offset: set it after
	offset := time.Until(at)
	sim.SetClockOffset(offset)
	simOffsets.Store(sim, offset)
	require.NoError(t, sim.ValidateDCV("example.com"))
	require.NoError(t, sim.ValidateDCV("example.net"))
	return sim
}

// fakeClock is the module's common.Clock in tests. It stands still except when the test shifts it
// (together with the emulator's business clock) or the module sleeps: Sleep moves it forward instead
// of sleeping, and records each wait. onSleep, when set, runs after each recorded wait.
type fakeClock struct {
	sim     *simtest.Sim
	mu      sync.Mutex
	at      time.Time
	shifted time.Duration // the emulator's clock offset: its start (startSimAt) plus every shift so far
	slept   []time.Duration
	onSleep func(n int)
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// shift moves the emulator's business clock and this clock on by d (shifts add up).
func (c *fakeClock) shift(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shifted += d
	c.sim.SetClockOffset(c.shifted)
	c.at = c.at.Add(d)
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.slept = append(c.slept, d)
	c.at = c.at.Add(d)
	n, hook := len(c.slept), c.onSleep
	c.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ctx.Err()
}

func (c *fakeClock) sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

// module is the module with the emulator's clock.
func module(sim *simtest.Sim) (ansible.Module[Params], *fakeClock) {
	return moduleAt(sim, sim.Now().Truncate(time.Second)) // certificates hold whole seconds
}

// moduleAt is the module with its clock at `at` (the emulator's runs on from where it is).
func moduleAt(sim *simtest.Sim, at time.Time) (ansible.Module[Params], *fakeClock) {
	offset, _ := simOffsets.Load(sim)
	base, _ := offset.(time.Duration)
	fc := &fakeClock{sim: sim, at: at, shifted: base}
	return steps.Module(fc), fc
}

// baseArgs describes www.example.com + example.com under OV Multi-Domain for department Web.
func baseArgs(t testing.TB, dir string) map[string]any {
	t.Helper()
	return map[string]any{
		"common_name": "www.example.com", "subject_alt_names": []any{"example.com"},
		"profile": "OV Multi-Domain", "organization": "Demo University", "department": "Web", "term": 199,
		"csr":            csrPEM(t, rsaKey, "www.example.com", "www.example.com", "example.com"),
		"custom_fields":  map[string]any{"costCenter": "CC-1"},
		"path":           filepath.Join(dir, "cert.pem"),
		"chain_path":     filepath.Join(dir, "chain.pem"),
		"fullchain_path": filepath.Join(dir, "fullchain.pem"),
	}
}

func with(args map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(args)+len(kv)/2)
	for k, v := range args {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func without(args map[string]any, keys ...string) map[string]any {
	out := with(args)
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// run runs the module and fails the test when the task failed.
func runOK(t testing.TB, m ansible.Module[Params], sim *simtest.Sim, args map[string]any, opts ...ansibletest.Opt) ansibletest.Output {
	t.Helper()
	res := ansibletest.Run(t, m, sim.Conn(args), opts...)
	require.False(t, res.Failed(), res.Msg())
	return res
}

// converge is every scenario's spine (simtest.Converge, with diffs); the repeat reports action none.
func converge(t *testing.T, m ansible.Module[Params], sim *simtest.Sim, args map[string]any) (check1, apply1 ansibletest.Output) {
	t.Helper()
	r := simtest.Converge(t, sim, m, args, ansibletest.Diff())
	assert.Equal(t, "none", r.Apply2["action"])
	return r.Check1, r.Apply1
}

// requests counts the journal entries since mark with this method whose path contains part.
func requests(sim *simtest.Sim, mark int, method, part string) (n int) {
	for _, e := range sim.JournalSince(mark) {
		if e.Method == method && strings.Contains(e.Path, part) {
			n++
		}
	}
	return n
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func id(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func serialOf(c *x509.Certificate) string { return certutil.FormatSerial(c.SerialNumber) }

// selfSigned returns a PEM certificate for test.example.com.
func selfSigned(t testing.TB) []byte {
	t.Helper()
	keys(t)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(0x1234), Subject: pkix.Name{CommonName: "test.example.com"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, ecKey.Public(), ecKey)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
