package common

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

// tokenCache keeps OAuth2 access tokens between tasks (scm_token_cache). Every task is a new process,
// so without it each task asks the token server first: one more request per task. A token is a secret
// for as long as it lives, so the cache is a 0600 file per key in a 0700 directory of the user's cache
// directory (privateDir), and anything looser, or owned by someone else, is neither read nor written.
type tokenCache struct {
	privateDir
	secret string // the client secret, only to compute and compare verifiers; never written
}

// tokenFile is what one cache file holds. The key (a hash of the token URL and the client id) is the
// file name; the client secret is never written. Verifier ties the token to the secret that obtained
// it, so that a task with a wrong (or rotated) secret does not run on a token cached with the right one:
// it is an HMAC of the key under the secret, from which the secret cannot be recovered.
type tokenFile struct {
	AccessToken string    `json:"access_token"`
	Expiry      time.Time `json:"expiry"`
	Verifier    string    `json:"verifier"`
}

// verifier is HMAC-SHA256(secret, key), hex.
func (c *tokenCache) verifier(key string) string {
	mac := hmac.New(sha256.New, []byte(c.secret))
	mac.Write([]byte("scmkit.sectigo token cache\x00" + key))
	return hex.EncodeToString(mac.Sum(nil))
}

func newTokenCache(env *ansible.Env, secret string) scm.TokenCache {
	dir, err := userCacheDir("tokens")
	if err != nil {
		env.Warn(fmt.Sprintf("scm_token_cache: no cache directory (%v); every task fetches its own token", err))
		return nil
	}
	return &tokenCache{privateDir: privateDir{dir: dir, what: "token cache", trace: env.Tracef}, secret: secret}
}

// Load returns the cached token for key, if a private file holds one.
func (c *tokenCache) Load(key string) (scm.Token, bool) {
	data, err := c.read(key + ".json")
	if err != nil {
		return scm.Token{}, false
	}
	var f tokenFile
	if json.Unmarshal(data, &f) != nil || f.AccessToken == "" {
		c.trace("token cache: %s is unreadable, ignored", filepath.Join(c.dir, key+".json"))
		return scm.Token{}, false
	}
	if !hmac.Equal([]byte(f.Verifier), []byte(c.verifier(key))) {
		c.trace("token cache: the token in %s was obtained with another client secret, not used",
			filepath.Join(c.dir, key+".json"))
		return scm.Token{}, false
	}
	return scm.Token{AccessToken: f.AccessToken, Expiry: f.Expiry}, true
}

// Store writes the token for key.
func (c *tokenCache) Store(key string, t scm.Token) error {
	data, err := json.Marshal(tokenFile{AccessToken: t.AccessToken, Expiry: t.Expiry.UTC(), Verifier: c.verifier(key)})
	if err != nil {
		return err
	}
	return c.write(key+".json", data)
}
