package simca

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCA_ServerCertificate(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	cert, err := c.ServerCertificate([]string{"scm.example.test", "10.1.2.3"})
	require.NoError(t, err)

	assert.ElementsMatch(t, []string{"scm.example.test", "localhost"}, cert.Leaf.DNSNames)
	var ips []string
	for _, ip := range cert.Leaf.IPAddresses {
		ips = append(ips, ip.String())
	}
	assert.ElementsMatch(t, []string{"10.1.2.3", "127.0.0.1", "::1"}, ips)
	require.Len(t, cert.Certificate, 2, "leaf and intermediate")
	assert.Equal(t, c.Intermediate().Raw, cert.Certificate[1])

	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "hello")
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	require.NoError(t, err)

	for _, host := range []string{"127.0.0.1", "localhost", "scm.example.test"} {
		t.Run(host, func(t *testing.T) {
			// Every name dials 127.0.0.1; the name only drives verification.
			client := trustingClient(t, c.RootPEM(), nil)
			client.Transport.(*http.Transport).DialContext = loopbackDial(srv.Listener.Addr().String())
			resp, err := client.Get("https://" + net.JoinHostPort(host, port) + "/")
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, "hello", string(body))
		})
	}

	t.Run("untrusted root refused", func(t *testing.T) {
		client := trustingClient(t, newTestCA(t).RootPEM(), nil)
		_, err := client.Get(srv.URL)
		var unknown x509.UnknownAuthorityError
		require.ErrorAs(t, err, &unknown)
	})
}

func TestCA_ClientCertificate(t *testing.T) {
	t.Parallel()
	c := newTestCA(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		login, err := c.VerifyClient(r.TLS.PeerCertificates[0])
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		_, _ = io.WriteString(w, login)
	}))
	serverCert, err := c.ServerCertificate(nil)
	require.NoError(t, err)
	srv.TLS = &tls.Config{
		Certificates: []tls.Certificate{serverCert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    c.ClientCAs(),
		MinVersion:   tls.VersionTLS12,
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)

	certPEM, keyPEM, err := c.ClientCertificate("api-admin")
	require.NoError(t, err)
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	require.NoError(t, err)
	assert.Len(t, pair.Certificate, 2, "leaf and intermediate")

	resp, err := trustingClient(t, c.RootPEM(), &pair).Get(srv.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "api-admin", string(body))
}

func TestCA_VerifyClient(t *testing.T) {
	t.Parallel()
	now := fixedNow
	c, err := New(Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	clientPEM, _, err := c.ClientCertificate("alice")
	require.NoError(t, err)
	client := pemCerts(t, clientPEM)[0]
	server, err := c.ServerCertificate(nil)
	require.NoError(t, err)
	foreign, err := New(Options{Now: func() time.Time { return fixedNow }})
	require.NoError(t, err)
	foreignPEM, _, err := foreign.ClientCertificate("alice")
	require.NoError(t, err)

	tests := []struct {
		desc      string
		cert      *x509.Certificate
		at        time.Time
		wantLogin string
		wantErr   string
	}{
		{desc: "valid", cert: client, at: fixedNow, wantLogin: "alice"},
		{desc: "expired", cert: client, at: fixedNow.AddDate(2, 0, 0), wantErr: "expired"},
		{desc: "other CA", cert: pemCerts(t, foreignPEM)[0], at: fixedNow, wantErr: "unknown authority"},
		{desc: "server certificate", cert: server.Leaf, at: fixedNow, wantErr: "incompatible key usage"},
		{desc: "nil", at: fixedNow, wantErr: "no certificate"},
	}
	for _, tt := range tests {
		// Not parallel: the subtests move the shared clock.
		t.Run(tt.desc, func(t *testing.T) {
			now = tt.at
			login, err := c.VerifyClient(tt.cert)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantLogin, login)
		})
	}
}

func TestCA_ClientCertificate_emptyLogin(t *testing.T) {
	t.Parallel()
	_, _, err := newTestCA(t).ClientCertificate(" ")
	require.EqualError(t, err, "simca: client certificate: empty login")
}

func trustingClient(t *testing.T, rootPEM []byte, clientCert *tls.Certificate) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(rootPEM))
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if clientCert != nil {
		cfg.Certificates = []tls.Certificate{*clientCert}
	}
	tr := &http.Transport{TLSClientConfig: cfg}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func loopbackDial(addr string) func(ctx context.Context, network, _ string) (net.Conn, error) {
	var d net.Dialer
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}
}
