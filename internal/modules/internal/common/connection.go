package common

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

// Connection holds the connection options shared by every module. Module Params embed it, so the
// options sit at the top level of the task, where module_defaults for the action group can set them.
type Connection struct {
	URL           string `json:"scm_url"`
	Auth          string `json:"scm_auth"`
	CustomerURI   string `json:"scm_customer_uri"`
	Login         string `json:"scm_login"`
	Password      string `json:"scm_password"`
	ClientCert    string `json:"scm_client_cert"`
	ClientKey     string `json:"scm_client_key"`
	ClientID      string `json:"scm_client_id"`
	ClientSecret  string `json:"scm_client_secret"`
	TokenURL      string `json:"scm_token_url"`
	TokenCache    bool   `json:"scm_token_cache"`
	Cache         bool   `json:"scm_cache"`
	ValidateCerts bool   `json:"scm_validate_certs"`
	CAPath        string `json:"scm_ca_path"`
	Timeout       int    `json:"scm_timeout"`
	MaxParallel   int    `json:"scm_max_parallel"`
}

// requestTimeout caps one HTTP attempt; the overall deadline comes from scm_timeout.
const requestTimeout = 30 * time.Second

// ConnectionSpec is the spec of the shared connection options (documented once, in the
// scmkit.sectigo.scm_connection doc fragment).
func ConnectionSpec() ansible.Spec {
	return ansible.Spec{
		Options: map[string]ansible.Option{
			"scm_url":            {Type: ansible.TypeStr, Required: true, EnvFallback: []string{"SCM_URL"}},
			"scm_auth":           {Type: ansible.TypeStr, Choices: authModes, EnvFallback: []string{"SCM_AUTH"}},
			"scm_customer_uri":   {Type: ansible.TypeStr, EnvFallback: []string{"SCM_CUSTOMER_URI"}},
			"scm_login":          {Type: ansible.TypeStr, EnvFallback: []string{"SCM_LOGIN"}},
			"scm_password":       {Type: ansible.TypeStr, NoLog: true, EnvFallback: []string{"SCM_PASSWORD"}},
			"scm_client_cert":    {Type: ansible.TypePath, EnvFallback: []string{"SCM_CLIENT_CERT"}},
			"scm_client_key":     {Type: ansible.TypePath, EnvFallback: []string{"SCM_CLIENT_KEY"}},
			"scm_client_id":      {Type: ansible.TypeStr, EnvFallback: []string{"SCM_CLIENT_ID"}},
			"scm_client_secret":  {Type: ansible.TypeStr, NoLog: true, EnvFallback: []string{"SCM_CLIENT_SECRET"}},
			"scm_token_url":      {Type: ansible.TypeStr, Default: DefaultTokenURL, EnvFallback: []string{"SCM_TOKEN_URL"}},
			"scm_token_cache":    {Type: ansible.TypeBool, Default: false, EnvFallback: []string{"SCM_TOKEN_CACHE"}},
			"scm_cache":          {Type: ansible.TypeBool, Default: true, EnvFallback: []string{"SCM_CACHE"}},
			"scm_validate_certs": {Type: ansible.TypeBool, Default: true},
			"scm_ca_path":        {Type: ansible.TypePath, EnvFallback: []string{"SCM_CA_PATH"}},
			"scm_timeout":        {Type: ansible.TypeInt, Default: 120},
			"scm_max_parallel":   {Type: ansible.TypeInt, Default: scm.DefaultMaxParallel},
		},
		RequiredTogether: [][]string{{"scm_client_cert", "scm_client_key"}},
	}
}

// Check validates what the spec cannot express. It runs before any request.
func (c Connection) Check() error {
	switch {
	case c.Timeout <= 0:
		return fmt.Errorf("scm_timeout must be a positive number of seconds, got %d", c.Timeout)
	case c.MaxParallel < 1 || c.MaxParallel > scm.MaxParallel:
		return fmt.Errorf("scm_max_parallel must be between 1 and %d, got %d", scm.MaxParallel, c.MaxParallel)
	}
	if _, err := c.authMode(); err != nil {
		return err
	}
	return c.checkFiles()
}

// checkFiles reads the TLS files before any request, so that a missing or wrong file is reported under
// its own option rather than as a connection failure.
func (c Connection) checkFiles() error {
	for _, f := range []struct{ option, path, want string }{
		{"scm_ca_path", c.CAPath, "CERTIFICATE"},
		{"scm_client_cert", c.ClientCert, "CERTIFICATE"},
		{"scm_client_key", c.ClientKey, "PRIVATE KEY"},
	} {
		if f.path == "" {
			continue
		}
		data, err := os.ReadFile(f.path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s: %s does not exist", f.option, f.path)
		case err != nil:
			return fmt.Errorf("%s: %w", f.option, err)
		case !bytes.Contains(data, []byte("-----BEGIN ")) || !bytes.Contains(data, []byte(f.want+"-----")):
			return fmt.Errorf("%s: %s holds no PEM %s", f.option, f.path, strings.ToLower(f.want))
		}
	}
	return nil
}

// client builds the SCM client. It warns in the result when TLS verification is off, and sends the
// client's trace lines to the module's trace (returned at -vvv).
func (c Connection) client(env *ansible.Env, clock Clock) (*scm.Client, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	mode, _ := c.authMode() // Check above has refused a set that leaves no single mode
	if !c.ValidateCerts {
		env.Warn("scm_validate_certs is false: the SCM server's TLS certificate is not verified, so the " +
			"credentials could be sent to an impostor")
	}
	opts := []scm.Option{
		scm.WithRequestTimeout(min(requestTimeout, time.Duration(c.Timeout)*time.Second)),
		scm.WithUserAgent("scmkit.sectigo/" + ansible.Version),
		scm.WithLogger(env.Tracef),
		scm.WithClock(clock.Now),
		scm.WithSecretSink(env.AddSecret),
		scm.WithMaxParallel(c.MaxParallel), // also the pages of a listing read at once
	}
	creds, authOpts := c.credentials(mode, env)
	client, err := scm.New(c.URL, creds, append(opts, authOpts...)...)
	if err != nil {
		return nil, fmt.Errorf("scm_url: %w", err)
	}
	return client, nil
}
