package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitForFile polls (bounded) until path has content.
func waitForFile(t *testing.T, path string) string {
	t.Helper()
	for i := 0; i < 1000; i++ {
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			return strings.TrimSpace(string(data))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s never appeared", path)
	return ""
}

// TestBinary builds scmsim, starts it on port 0, talks to it over TLS with the
// CA it wrote, and stops it with SIGTERM sent to the PID from its pid file.
func TestBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "scmsim")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	file := func(n string) string { return filepath.Join(dir, n) }
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-admin-listen", "127.0.0.1:0", "-ca-out", file("ca.pem"),
		"-ready-file", file("ready"), "-pid-file", file("pid"))
	cmd.Env = append(os.Environ(), "SCMSIM_ISSUE_AFTER=2", "SCMSIM_TOKEN_LIFETIME=7")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill() // only if the test failed before stopping it
		}
	})

	url := waitForFile(t, file("ready"))
	pid, err := strconv.Atoi(waitForFile(t, file("pid")))
	require.NoError(t, err)
	assert.Equal(t, cmd.Process.Pid, pid)

	caPEM, err := os.ReadFile(file("ca.pem"))
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(caPEM))
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	req, err := http.NewRequestWithContext(t.Context(), "GET", url+"/api/ssl/v1/types", nil)
	require.NoError(t, err)
	req.Header.Set("login", "mrao")
	req.Header.Set("password", "mrao-secret")
	req.Header.Set("customerUri", "demo")
	res, err := client.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	token := oauth2Token(t, client, url)

	require.NoError(t, syscall.Kill(pid, syscall.SIGTERM))
	select {
	case err := <-exited:
		require.NoError(t, err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("scmsim did not stop on SIGTERM")
	}
	assert.Contains(t, stderr.String(), "scmsim listening")
	assert.NotContains(t, stderr.String(), "mrao-secret")
	assert.NotContains(t, stderr.String(), "demo-client-secret")
	assert.NotContains(t, stderr.String(), token)
	assert.NoFileExists(t, file("pid"))
}

// oauth2Token gets a token for the default API client from the token endpoint
// on the API listener, checks the -token-lifetime setting (7 s, from the
// environment) and that the token logs in on /api, and returns it.
func oauth2Token(t *testing.T, client *http.Client, base string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"demo-client"},
		"client_secret": {"demo-client-secret"}}
	res, err := client.PostForm(base+"/auth/realms/apiclients/protocol/openid-connect/token", form)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var tr struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
		TokenType   string `json:"token_type"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&tr))
	assert.Equal(t, 7, tr.ExpiresIn)
	assert.Equal(t, "Bearer", tr.TokenType)

	req, err := http.NewRequestWithContext(t.Context(), "GET", base+"/api/ssl/v1/types", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tr.AccessToken)
	api, err := client.Do(req)
	require.NoError(t, err)
	api.Body.Close()
	assert.Equal(t, http.StatusOK, api.StatusCode)
	return tr.AccessToken
}
