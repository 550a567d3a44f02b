package common

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

// tokenCache keeps OAuth2 access tokens between tasks (scm_token_cache). Every task is a new process,
// so without it each task asks the token server first: one more request per task. A token is a secret
// for as long as it lives, so the cache is a 0600 file per key in a 0700 directory of the user's cache
// directory, and anything looser, or owned by someone else, is neither read nor written.
type tokenCache struct {
	dir    string
	secret string // the client secret, only to compute and compare verifiers; never written
	trace  func(format string, args ...any)
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

// tokenCacheDir is where the cache lives: $XDG_CACHE_HOME/scmkit.sectigo/tokens, or the platform's
// equivalent (os.UserCacheDir).
func tokenCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "scmkit.sectigo", "tokens"), nil
}

func newTokenCache(env *ansible.Env, secret string) scm.TokenCache {
	dir, err := tokenCacheDir()
	if err != nil {
		env.Warn(fmt.Sprintf("scm_token_cache: no cache directory (%v); every task fetches its own token", err))
		return nil
	}
	return &tokenCache{dir: dir, secret: secret, trace: env.Tracef}
}

// Load returns the cached token for key, if a private file holds one.
func (c *tokenCache) Load(key string) (scm.Token, bool) {
	path := filepath.Join(c.dir, key+".json")
	if err := c.private(c.dir, 0o700); err != nil {
		return scm.Token{}, false
	}
	if err := c.private(path, 0o600); err != nil {
		return scm.Token{}, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return scm.Token{}, false
	}
	var f tokenFile
	if json.Unmarshal(data, &f) != nil || f.AccessToken == "" {
		c.trace("token cache: %s is unreadable, ignored", path)
		return scm.Token{}, false
	}
	if !hmac.Equal([]byte(f.Verifier), []byte(c.verifier(key))) {
		c.trace("token cache: the token in %s was obtained with another client secret, not used", path)
		return scm.Token{}, false
	}
	return scm.Token{AccessToken: f.AccessToken, Expiry: f.Expiry}, true
}

// Store writes the token for key: to a temporary file first, renamed into place, so a task reading at
// the same time sees the old token or the new one, never half of one.
func (c *tokenCache) Store(key string, t scm.Token) error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	if err := c.private(c.dir, 0o700); err != nil {
		return err
	}
	data, err := json.Marshal(tokenFile{AccessToken: t.AccessToken, Expiry: t.Expiry.UTC(), Verifier: c.verifier(key)})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.dir, key+".*.tmp") // created 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(c.dir, key+".json"))
}

// private refuses a path that is a symlink, is not owned by this user, or is open to others (its mode
// has bits outside want).
func (c *tokenCache) private(path string, want fs.FileMode) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	var problem string
	switch st, ok := fi.Sys().(*syscall.Stat_t); {
	case fi.Mode()&fs.ModeSymlink != 0:
		problem = "is a symbolic link"
	case ok && int(st.Uid) != os.Getuid():
		problem = "belongs to another user"
	case fi.Mode().Perm()&^want != 0:
		problem = fmt.Sprintf("has mode %04o, wider than %04o", fi.Mode().Perm(), want)
	}
	if problem == "" {
		return nil
	}
	c.trace("token cache: %s %s; not used", path, problem)
	return errors.New("token cache: " + path + " " + problem)
}
