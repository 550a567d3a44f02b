package common

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuthMode(t *testing.T) {
	t.Parallel()
	password := Connection{Login: "l", CustomerURI: "c", Password: "p", TokenURL: DefaultTokenURL}
	cert := Connection{Login: "l", CustomerURI: "c", ClientCert: "c.pem", ClientKey: "k.pem", TokenURL: DefaultTokenURL}
	key := Connection{ClientID: "id", ClientSecret: "s", TokenURL: DefaultTokenURL}
	with := func(c Connection, change func(*Connection)) Connection { change(&c); return c }
	tests := []struct {
		desc    string
		c       Connection
		want    string
		wantErr string
	}{
		{desc: "password inferred", c: password, want: AuthPassword},
		{desc: "client certificate inferred", c: cert, want: AuthClientCert},
		{desc: "API key inferred", c: key, want: AuthOAuth2},
		{desc: "API key needs no login", c: with(key, func(c *Connection) { c.Login = "" }), want: AuthOAuth2},
		{desc: "password and certificate: ambiguous", c: with(password, func(c *Connection) { c.ClientCert, c.ClientKey = "c", "k" }),
			wantErr: "the credentials given fit more than one way to log in (password, client_cert): set scm_auth"},
		{desc: "password and certificate, scm_auth says password",
			c: with(password, func(c *Connection) { c.ClientCert, c.ClientKey, c.Auth = "c", "k", AuthPassword }), want: AuthPassword},
		{desc: "password and client secret", c: with(key, func(c *Connection) { c.Password = "p" }),
			wantErr: "scm_password and scm_client_secret are both set"},
		{desc: "password and client secret, even with scm_auth", c: with(key, func(c *Connection) { c.Password, c.Auth = "p", AuthOAuth2 }),
			wantErr: "scm_password and scm_client_secret are both set"},
		{desc: "client id alone", c: with(key, func(c *Connection) { c.ClientSecret = "" }),
			wantErr: "scm_client_id and scm_client_secret go together"},
		{desc: "client secret alone", c: with(key, func(c *Connection) { c.ClientID = "" }),
			wantErr: "scm_client_id and scm_client_secret go together"},
		{desc: "nothing", c: Connection{}, wantErr: "no SCM credentials: give scm_password"},
		{desc: "scm_auth=oauth2 without a key", c: with(password, func(c *Connection) { c.Password, c.Auth = "", AuthOAuth2 }),
			wantErr: "scm_auth=oauth2 needs scm_client_id, scm_client_secret"},
		{desc: "password without login", c: with(password, func(c *Connection) { c.Login, c.CustomerURI = "", "" }),
			wantErr: "scm_auth=password needs scm_login, scm_customer_uri"},
		{desc: "token URL in clear text", c: with(key, func(c *Connection) { c.TokenURL = "http://auth.example.com/token" }),
			wantErr: `scm_token_url: "http://auth.example.com/token" is not https`},
		{desc: "token URL in clear text on this machine", c: with(key, func(c *Connection) { c.TokenURL = "http://127.0.0.1:8443/token" }),
			want: AuthOAuth2},
		{desc: "token URL with credentials", c: with(key, func(c *Connection) { c.TokenURL = "https://u:p@auth.example.com/t" }),
			wantErr: "scm_token_url: must not carry credentials"},
		{desc: "token URL not a URL", c: with(key, func(c *Connection) { c.TokenURL = "auth.example.com" }),
			wantErr: `scm_token_url: "auth.example.com" is not an http(s) URL`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got, err := tc.c.authMode()
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestAuthMode_secretNeverInErrors(t *testing.T) {
	t.Parallel()
	c := Connection{Password: "pw-do-not-show", ClientID: "id", ClientSecret: "secret-do-not-show", TokenURL: DefaultTokenURL}
	_, err := c.authMode()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "do-not-show")
}
