package common

import (
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
	dir   string
	trace func(format string, args ...any)
}

// tokenFile is what one cache file holds. The key (a hash of the token URL and the client id) is the
// file name; the client secret is never written.
type tokenFile struct {
	AccessToken string    `json:"access_token"`
	Expiry      time.Time `json:"expiry"`
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

func newTokenCache(env *ansible.Env) scm.TokenCache {
	dir, err := tokenCacheDir()
	if err != nil {
		env.Warn(fmt.Sprintf("scm_token_cache: no cache directory (%v); every task fetches its own token", err))
		return nil
	}
	return &tokenCache{dir: dir, trace: env.Tracef}
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
	data, err := json.Marshal(tokenFile{AccessToken: t.AccessToken, Expiry: t.Expiry.UTC()})
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
