package acmeuserdomains

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/acmeuser"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// End-to-end: acme_user creates the account and its certbot file, acme_user_domains maps names, and
// the Debian certbot (2.1) registers with the EAB and orders from scmsim's ACME server. Challenges are
// always valid there, so certbot runs --manual with a no-op hook: no port, no DNS.

// certbotPath finds certbot. A missing certbot is a failure when SCMKIT_REQUIRE_CERTBOT=1 (CI sets it,
// so these tests cannot silently stop running), a skip otherwise.
func certbotPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("certbot")
	if err == nil {
		return path
	}
	if os.Getenv("SCMKIT_REQUIRE_CERTBOT") == "1" {
		t.Fatalf("certbot is required (SCMKIT_REQUIRE_CERTBOT=1) but not found: %v", err)
	}
	t.Skip("certbot is not installed (apt-get install certbot); set SCMKIT_REQUIRE_CERTBOT=1 to make this a failure")
	return ""
}

// certbotRun is one certbot invocation with its own config, work and logs directories.
type certbotRun struct {
	dir    string
	args   []string
	output string
	err    error
}

func (r certbotRun) log(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, "logs", "letsencrypt.log"))
	require.NoError(t, err)
	return string(b)
}

// certonly runs `certbot certonly` for name with the account options given (a --config file, or
// --server and the EAB flags).
func certonly(t *testing.T, caFile, name string, account ...string) certbotRun {
	t.Helper()
	run := certbotRun{dir: t.TempDir()}
	run.args = append(append([]string{}, account...),
		"certonly", "--non-interactive", "--agree-tos", "--register-unsafely-without-email",
		"--manual", "--preferred-challenges", "http", "--manual-auth-hook", "/bin/true",
		"--config-dir", filepath.Join(run.dir, "config"), "--work-dir", filepath.Join(run.dir, "work"),
		"--logs-dir", filepath.Join(run.dir, "logs"), "-d", name)
	// A guard against a hung Python process, not a timing assertion.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, certbotPath(t), run.args...)
	cmd.Env = append(os.Environ(), "REQUESTS_CA_BUNDLE="+caFile, "HOME="+run.dir,
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost")
	out, err := cmd.CombinedOutput()
	run.output, run.err = string(out), err
	return run
}

// issuedNames returns the DNS names of the certificate certbot saved for name.
func issuedNames(t *testing.T, run certbotRun, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(run.dir, "config", "live", name, "cert.pem"))
	require.NoError(t, err, "certbot output:\n%s", run.output)
	block, _ := pem.Decode(b)
	require.NotNil(t, block)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	return cert.DNSNames
}

// dashKey is an EAB HMAC key of 64 random bytes whose base64url form starts with "-" (index 62 of the
// alphabet: the first six bits are 111110), which certbot's command line would take for an option.
func dashKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 64)
	_, err := rand.Read(b)
	require.NoError(t, err)
	b[0] = 0xF8 | b[0]&0x03
	key := base64.RawURLEncoding.EncodeToString(b)
	require.True(t, strings.HasPrefix(key, "-"))
	return key
}

// accountStatus reads the account's status with acme_user.
func accountStatus(t *testing.T, sim *simtest.Sim, name string) string {
	t.Helper()
	res := ansibletest.Run(t, acmeuser.Module, sim.Conn(map[string]any{"name": name, "acme_server": ovName, "organization_id": 1001}))
	require.False(t, res.Failed(), res.Msg())
	return res["account"].(map[string]any)["status"].(string)
}

func TestCertbot_EABFile(t *testing.T) {
	t.Parallel()
	certbotPath(t)
	sim, _ := setup(t)
	file := filepath.Join(t.TempDir(), "web.ini")
	user := ansibletest.Run(t, acmeuser.Module, sim.Conn(map[string]any{
		"name": "web", "acme_server": ovName, "organization_id": 1001, "eab_file": file, "return_eab": true}))
	require.False(t, user.Failed(), user.Msg())
	key, _ := user["eab_hmac_key"].(string)
	require.NotEmpty(t, key)
	mapped := ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"www.example.org"}})))
	require.False(t, mapped.Failed(), mapped.Msg())
	require.Equal(t, "pending", accountStatus(t, sim, "web"))

	// The group returns once both parallel runs are done.
	t.Run("certbot", func(t *testing.T) {
		t.Run("mapped name is issued", func(t *testing.T) {
			t.Parallel()
			run := certonly(t, sim.CAFile, "www.example.org", "--config", file)
			require.NoError(t, run.err, "certbot output:\n%s", run.output)
			assert.Equal(t, []string{"www.example.org"}, issuedNames(t, run, "www.example.org"))
			assert.NotContains(t, strings.Join(run.args, " "), key, "no secret on the command line")
		})
		t.Run("unmapped name is refused", func(t *testing.T) {
			t.Parallel()
			run := certonly(t, sim.CAFile, "unmapped.example.org", "--config", file)
			require.Error(t, run.err, "certbot must fail; output:\n%s", run.output)
			// certbot 2.1 on Python 3.11 prints "AttributeError: can't set attribute" for order errors;
			// the server's answer is only in its log.
			assert.Contains(t, run.log(t), "urn:ietf:params:acme:error:rejectedIdentifier")
		})
	})
	assert.Equal(t, "valid", accountStatus(t, sim, "web"), "registration flips the account to valid")
}

func TestCertbot_ReturnedValues(t *testing.T) {
	t.Parallel()
	certbotPath(t)
	sim, _ := setup(t)
	user := ansibletest.Run(t, acmeuser.Module, sim.Conn(map[string]any{
		"name": "web", "acme_server": ovName, "organization_id": 1001, "return_eab": true}))
	require.False(t, user.Failed(), user.Msg())
	acct := user["account"].(map[string]any)
	mapped := ansibletest.Run(t, Module, sim.Conn(byName(map[string]any{"domains": []any{"*.example.net"}})))
	require.False(t, mapped.Failed(), mapped.Msg())

	// "--opt=value" keeps a kid or key that starts with "-" (both are random base64url) from being read
	// as an option.
	run := certonly(t, sim.CAFile, "api.example.net", "--server", acct["server"].(string),
		"--eab-kid="+user["eab_kid"].(string), "--eab-hmac-key="+user["eab_hmac_key"].(string))
	require.NoError(t, run.err, "certbot output:\n%s", run.output)
	assert.Equal(t, []string{"api.example.net"}, issuedNames(t, run, "api.example.net"))
	assert.Equal(t, "valid", accountStatus(t, sim, "web"))
}

// TestCertbot_DashKey: an HMAC key that starts with "-" works through eab_file.
func TestCertbot_DashKey(t *testing.T) {
	t.Parallel()
	certbotPath(t)
	sim := simtest.Start(t, scmsim.Options{})
	w := sim.World()
	w.ACMEAccounts = append(w.ACMEAccounts, scmsim.ACMEAccount{ID: 7500, Name: "dash", ServerKey: "OV", OrgID: 1001,
		CertValidationType: "OV", Status: "pending", MacID: "dashkid-00000000000001", MacKey: dashKey(t)})
	require.NoError(t, sim.Seed(w))
	prepare(t, sim)
	file := filepath.Join(t.TempDir(), "dash.ini")
	user := ansibletest.Run(t, acmeuser.Module, sim.Conn(map[string]any{
		"name": "dash", "acme_server": ovName, "organization_id": 1001, "eab_file": file}))
	require.False(t, user.Failed(), user.Msg())
	mapped := ansibletest.Run(t, Module, sim.Conn(map[string]any{"account_id": 7500, "domains": []any{"dash.example.org"}}))
	require.False(t, mapped.Failed(), mapped.Msg())

	run := certonly(t, sim.CAFile, "dash.example.org", "--config", file)
	require.NoError(t, run.err, "certbot output:\n%s", run.output)
	assert.Equal(t, []string{"dash.example.org"}, issuedNames(t, run, "dash.example.org"))
}
