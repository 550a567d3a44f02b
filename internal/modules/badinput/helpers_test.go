package badinput

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/acmedomain"
	"github.com/scmkit/sectigo/internal/modules/acmeuser"
	"github.com/scmkit/sectigo/internal/modules/acmeuserdomains"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/modules/scmcert"
	"github.com/scmkit/sectigo/internal/modules/scmdcv"
)

// runners runs each of the five modules by name, so one table can hold all of them.
var runners = map[string]func(t *testing.T, args map[string]any) ansibletest.Output{
	"acme_domain": func(t *testing.T, a map[string]any) ansibletest.Output {
		return ansibletest.Run(t, acmedomain.Module, a)
	},
	"acme_user": func(t *testing.T, a map[string]any) ansibletest.Output { return ansibletest.Run(t, acmeuser.Module, a) },
	"acme_user_domains": func(t *testing.T, a map[string]any) ansibletest.Output {
		return ansibletest.Run(t, acmeuserdomains.Module, a)
	},
	"scm_dcv":  func(t *testing.T, a map[string]any) ansibletest.Output { return ansibletest.Run(t, scmdcv.Module, a) },
	"scm_cert": func(t *testing.T, a map[string]any) ansibletest.Output { return ansibletest.Run(t, scmcert.Module, a) },
}

// keys are generated once: RSA generation is the slow part of the table.
var keys = sync.OnceValues(func() (map[string]crypto.Signer, error) {
	out := map[string]crypto.Signer{}
	for name, bits := range map[string]int{"rsa2048": 2048, "rsa1024": 1024} {
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			return nil, err
		}
		out[name] = k
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	out["p256"] = ec
	return out, err
})

// csrPEM makes a CSR with key (a name in keys), common name cn and DNS names sans.
func csrPEM(t *testing.T, key, cn string, sans ...string) string {
	t.Helper()
	ks, err := keys()
	require.NoError(t, err)
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: cn}, DNSNames: append([]string{cn}, sans...),
	}, ks[key])
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

// otherCA writes the certificate of a CA that did not sign scmsim's server certificate.
func otherCA(t *testing.T) string {
	t.Helper()
	ks, err := keys()
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Unrelated Test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, ks["p256"].Public(), ks["p256"])
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "other-ca.pem")
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
	return path
}

// aFile returns the path of an existing regular file: a path below it cannot be created, even by root.
func aFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "a-file")
	require.NoError(t, os.WriteFile(path, []byte("x"), 0o644))
	return path
}

// removed marks an option to delete from the final arguments (a connection option the emulator sets).
type removed struct{}

var remove = removed{}

// merge returns a copy of base with over applied. A nil value in over deletes the key; remove is kept
// until the case's options meet the connection options, which it then deletes.
func merge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		switch {
		case v == nil:
			delete(out, k)
		case v == remove && base[k] != nil && base[k] != remove:
			delete(out, k)
		default:
			out[k] = v
		}
	}
	return out
}

// lazy is an option value that needs the case's emulator or a file: it is computed when the case runs.
type lazy func(t *testing.T, sim *simtest.Sim) any

// resolve computes the lazy values of args.
func resolve(t *testing.T, sim *simtest.Sim, args map[string]any) map[string]any {
	t.Helper()
	for k, v := range args {
		if f, ok := v.(lazy); ok {
			args[k] = f(t, sim)
		}
	}
	return args
}

// csr is a lazy CSR (PEM text).
func csr(key, cn string, sans ...string) lazy {
	return func(t *testing.T, _ *simtest.Sim) any { return csrPEM(t, key, cn, sans...) }
}

// below is a lazy path below an existing regular file, which no one can create.
func below(name string) lazy {
	return func(t *testing.T, _ *simtest.Sim) any { return filepath.Join(aFile(t), name) }
}

var (
	unrelatedCA lazy = func(t *testing.T, _ *simtest.Sim) any { return otherCA(t) }
	missingFile lazy = func(t *testing.T, _ *simtest.Sim) any { return filepath.Join(t.TempDir(), "no-such-ca.pem") }
	// closedPortURL points at a loopback port that was just closed: nothing answers there.
	closedPortURL lazy = func(t *testing.T, _ *simtest.Sim) any {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		return "https://" + addr + "/api"
	}
)
