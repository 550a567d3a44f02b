package acmesrv

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireCertbotEnv makes a missing certbot a failure instead of a skip (CI
// sets it, so the end-to-end check cannot silently disappear).
const requireCertbotEnv = "SCMKIT_REQUIRE_CERTBOT"

func findCertbot(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("certbot")
	if err == nil {
		return path
	}
	if os.Getenv(requireCertbotEnv) == "1" {
		t.Fatalf("certbot not found and %s=1: %v", requireCertbotEnv, err)
	}
	t.Skipf("certbot not installed (set %s=1 to make this a failure)", requireCertbotEnv)
	return ""
}

// certbotRun is one isolated certbot invocation.
type certbotRun struct {
	dir    string
	output string
	err    error
}

func (r certbotRun) configDir() string { return filepath.Join(r.dir, "config") }
func (r certbotRun) logFile() string   { return filepath.Join(r.dir, "logs", "letsencrypt.log") }

// runCertbot runs certbot 2.1 the way the team does against the emulator:
// --manual with a no-op hook (the server is in always-valid mode), EAB, and
// its own config, work and logs directories. REQUESTS_CA_BUNDLE makes it
// trust the test listener.
func runCertbot(t *testing.T, certbot, server, kid, hmacKey, caFile, name string) certbotRun {
	t.Helper()
	run := certbotRun{dir: t.TempDir()}
	args := []string{
		"certonly", "--non-interactive", "--agree-tos", "--register-unsafely-without-email",
		"--server", server, "--eab-kid", kid, "--eab-hmac-key", hmacKey,
		"--manual", "--preferred-challenges", "http", "--manual-auth-hook", "/bin/true",
		"--config-dir", run.configDir(),
		"--work-dir", filepath.Join(run.dir, "work"),
		"--logs-dir", filepath.Join(run.dir, "logs"),
		"-d", name,
	}
	// A hang guard for a Python process, not a timing assertion.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, certbot, args...)
	cmd.Env = append(os.Environ(),
		"REQUESTS_CA_BUNDLE="+caFile,
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost",
		"HOME="+run.dir,
	)
	out, err := cmd.CombinedOutput()
	run.output, run.err = string(out), err
	return run
}

func TestServer_certbot(t *testing.T) {
	t.Parallel()
	certbot := findCertbot(t)
	env := newTestEnv(t, Options{AlwaysValid: true})
	kid, hmacKey, err := MintEAB(rand.Reader)
	require.NoError(t, err)
	require.NoError(t, env.srv.AddEAB(kid, hmacKey))
	env.policy.allow(kid, "mapped.example.test")
	caFile := filepath.Join(t.TempDir(), "listener-ca.pem")
	require.NoError(t, os.WriteFile(caFile,
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: env.ts.Certificate().Raw}), 0o600))

	t.Run("mapped name is issued", func(t *testing.T) {
		t.Parallel()
		run := runCertbot(t, certbot, env.directoryURL(), kid, hmacKey, caFile, "mapped.example.test")
		require.NoError(t, run.err, "certbot output:\n%s", run.output)
		live := filepath.Join(run.configDir(), "live", "mapped.example.test")
		leaf := readPEMCerts(t, filepath.Join(live, "cert.pem"))
		chain := readPEMCerts(t, filepath.Join(live, "chain.pem"))
		der := [][]byte{leaf[0].Raw}
		for _, c := range chain {
			der = append(der, c.Raw)
		}
		verifyChain(t, env.srv, der, "mapped.example.test")
	})
	t.Run("unmapped name is rejected", func(t *testing.T) {
		t.Parallel()
		run := runCertbot(t, certbot, env.directoryURL(), kid, hmacKey, caFile, "unmapped.example.test")
		require.Error(t, run.err, "certbot must fail; output:\n%s", run.output)
		// certbot 2.1 on Python 3.11 hides order errors behind
		// "AttributeError: can't set attribute"; the problem is in the log.
		logText, err := os.ReadFile(run.logFile())
		require.NoError(t, err)
		assert.Contains(t, string(logText), "urn:ietf:params:acme:error:rejectedIdentifier")
		assert.Contains(t, string(logText), "unmapped.example.test is not mapped to this ACME account")
	})
	t.Cleanup(func() {
		regs := env.policy.registrations()
		require.Len(t, regs, 2, "each certbot run registers once")
		for _, r := range regs {
			assert.Equal(t, kid, r.kid)
			assert.Contains(t, r.userAgent, "CertbotACMEClient")
		}
	})
}

func readPEMCerts(t *testing.T, path string) []*x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []*x509.Certificate
	for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
		c, err := x509.ParseCertificate(block.Bytes)
		require.NoError(t, err)
		out = append(out, c)
	}
	require.NotEmpty(t, out, "no certificate in %s", path)
	return out
}
