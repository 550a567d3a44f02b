package scm

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sectigoTokenURL = "https://auth.sso.sectigo.com/auth/realms/apiclients/protocol/openid-connect/token"

func TestNew_oauth2(t *testing.T) {
	t.Parallel()
	o := OAuth2{TokenURL: sectigoTokenURL, ClientID: testClientID, ClientSecret: testClientSecret}
	for _, tc := range []struct {
		desc  string
		url   string
		creds Credentials
		want  string
	}{
		{desc: "no credentials needed", url: "https://cert-manager.com", want: "https://cert-manager.com/api"},
		{desc: "login and customer URI accepted", url: "https://cert-manager.com/",
			creds: Credentials{Login: testLogin, CustomerURI: testCustomerURI}, want: "https://cert-manager.com/api"},
		{desc: "api kept", url: "https://hard.cert-manager.com/api/", want: "https://hard.cert-manager.com/api"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			c, err := New(tc.url, tc.creds, WithOAuth2(o))
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.BaseURL())
		})
	}
}

func TestNew_oauth2TokenURLOnThisMachine(t *testing.T) {
	t.Parallel()
	for _, tokenURL := range []string{
		"http://localhost:8080/token", "http://LOCALHOST/token", "http://127.0.0.1:9/token",
		"http://127.3.4.5/token", "http://[::1]:9/token", " https://auth.example.com/token ",
	} {
		_, err := New("https://cert-manager.com", Credentials{},
			WithOAuth2(OAuth2{TokenURL: tokenURL, ClientID: testClientID, ClientSecret: testClientSecret}))
		assert.NoError(t, err, tokenURL)
	}
}

func TestNew_oauth2_error(t *testing.T) {
	t.Parallel()
	withURL := func(u string) OAuth2 {
		return OAuth2{TokenURL: u, ClientID: testClientID, ClientSecret: testClientSecret}
	}
	valid := withURL(sectigoTokenURL)
	cert := WithTLS(TLSConfig{ClientCertFile: "client.pem"})
	for _, tc := range []struct {
		desc    string
		o       OAuth2
		creds   Credentials
		opts    []Option
		wantErr string
	}{
		{desc: "nothing given", wantErr: "scm: missing OAuth2 client credentials: token URL, client ID, client secret"},
		{desc: "no secret", o: OAuth2{TokenURL: sectigoTokenURL, ClientID: testClientID},
			wantErr: "scm: missing OAuth2 client credentials: client secret"},
		{desc: "with a password", o: valid, creds: testCreds(),
			wantErr: "scm: choose one login method: OAuth2 client credentials and a password were given"},
		{desc: "with a client certificate", o: valid, opts: []Option{cert},
			wantErr: "scm: choose one login method: OAuth2 client credentials and a client certificate were given"},
		{desc: "with both", o: valid, creds: testCreds(), opts: []Option{cert},
			wantErr: "scm: choose one login method: OAuth2 client credentials, a password and a client certificate were given"},
		{desc: "ftp", o: withURL("ftp://auth.example.com/token"),
			wantErr: `scm: OAuth2 token URL "ftp://auth.example.com/token" must use https`},
		{desc: "relative", o: withURL("auth.example.com/token"),
			wantErr: `scm: OAuth2 token URL "auth.example.com/token" must use https`},
		{desc: "no host", o: withURL("https:///token"), wantErr: `scm: OAuth2 token URL "https:///token" has no host`},
		{desc: "plain http elsewhere", o: withURL("http://auth.example.com/token"),
			wantErr: `scm: OAuth2 token URL "http://auth.example.com/token" must use https (plain http only for localhost)`},
		{desc: "user info redacted", o: withURL("https://" + testClientID + ":" + testClientSecret + "@auth.example.com/token"),
			wantErr: `scm: OAuth2 token URL "https://********@auth.example.com/token" must not carry credentials; give the client ID and secret instead`},
		{desc: "query redacted", o: withURL("https://auth.example.com/token?client_secret=" + testClientSecret),
			wantErr: `scm: OAuth2 token URL "https://auth.example.com/token?********" must not have a query or fragment`},
		{desc: "fragment", o: withURL("https://auth.example.com/token#x"),
			wantErr: `scm: OAuth2 token URL "https://auth.example.com/token#x" must not have a query or fragment`},
		{desc: "unparsable redacted", o: withURL("https://id:" + testClientSecret + "@auth.example.com:port/token?s=" + testClientSecret),
			wantErr: `scm: OAuth2 token URL "https://********@auth.example.com:port/token?********" is not a valid URL`},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			_, err := New("https://cert-manager.com", tc.creds, append([]Option{WithOAuth2(tc.o)}, tc.opts...)...)
			require.EqualError(t, err, tc.wantErr)
			assert.NotContains(t, err.Error(), neverLeak)
		})
	}
}

func TestOAuth2_formatting(t *testing.T) {
	t.Parallel()
	o := OAuth2{TokenURL: sectigoTokenURL, ClientID: testClientID, ClientSecret: testClientSecret, Cache: newMemCache()}
	tok := Token{AccessToken: testToken(1), Expiry: testEpoch}
	creds := testCreds()
	for _, v := range []any{o, &o, tok, &tok, creds, struct{ O OAuth2 }{o}, []Token{tok}} {
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			s := fmt.Sprintf(format, v)
			assert.NotContains(t, s, neverLeak, format)
			assert.Contains(t, s, redacted, format)
		}
	}
	assert.Equal(t, `OAuth2{TokenURL: "`+sectigoTokenURL+`", ClientID: "scmkit-client-1", ClientSecret: ********, Cache: set}`, o.String())
	assert.Equal(t, `scm.OAuth2{TokenURL: "", ClientID: "", ClientSecret: <empty>, Cache: none}`, fmt.Sprintf("%#v", OAuth2{}))
	assert.Equal(t, "Token{AccessToken: ********, Expiry: 2025-05-20T10:00:00Z}", tok.String())
	assert.Equal(t, "scm.Token{AccessToken: <empty>, Expiry: 0001-01-01T00:00:00Z}", fmt.Sprintf("%#v", Token{}))
}

func TestCacheKey(t *testing.T) {
	t.Parallel()
	key := CacheKey(sectigoTokenURL, testClientID)
	assert.Len(t, key, 64)
	assert.Equal(t, strings.ToLower(key), key)
	assert.Equal(t, key, CacheKey(sectigoTokenURL, testClientID), "stable")
	assert.NotEqual(t, key, CacheKey(sectigoTokenURL, "other-client"))
	assert.NotEqual(t, key, CacheKey("https://auth.example.com/token", testClientID))
	assert.NotEqual(t, CacheKey("ab", "c"), CacheKey("a", "bc"), "the parts cannot run into each other")
	assert.NotContains(t, key, testClientID)
}

func TestTokenMargin(t *testing.T) {
	t.Parallel()
	for lifetime, want := range map[time.Duration]time.Duration{
		time.Hour:         30 * time.Second,
		300 * time.Second: 30 * time.Second,
		200 * time.Second: 20 * time.Second,
		60 * time.Second:  6 * time.Second,
		5 * time.Second:   500 * time.Millisecond,
		maxTokenLifetime:  30 * time.Second,
		time.Duration(0):  0,
	} {
		assert.Equal(t, want, tokenMargin(lifetime), lifetime)
	}
}
