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

// startSim runs an emulator whose world has *.example.com and *.example.net delegated to Demo
// University (so to its departments too) and validated.
func startSim(t testing.TB) *simtest.Sim {
	t.Helper()
	keys(t)
	sim := simtest.Start(t, scmsim.Options{})
	w := sim.World()
	for i, name := range []string{"*.example.com", "*.example.net"} {
		w.Domains = append(w.Domains, scmsim.Domain{ID: 2001 + i, Name: name, Created: sim.Now(),
			Delegations: []scmsim.Delegation{{OrgID: 1001, CertTypes: []string{"SSL"}, Status: "ACTIVE"}}})
	}
	w.NextIDs.Domain = 2003
	require.NoError(t, sim.Seed(w))
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
	slept   []time.Duration
	onSleep func(n int)
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// shift moves the emulator's business clock and this clock by d.
func (c *fakeClock) shift(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sim.SetClockOffset(d)
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
	fc := &fakeClock{sim: sim, at: sim.Now().Truncate(time.Second)} // certificates hold whole seconds
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
