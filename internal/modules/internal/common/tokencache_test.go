package common

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

func newTestCache(t *testing.T) (*tokenCache, string) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	c, ok := newTokenCache(&ansible.Env{}, "the-client-secret").(*tokenCache)
	require.True(t, ok)
	return c, c.dir
}

func TestTokenCache_roundTripPrivateFiles(t *testing.T) {
	c, dir := newTestCache(t)
	key := scm.CacheKey("https://auth.example/token", "client-1")
	_, found := c.Load(key)
	assert.False(t, found, "nothing cached yet")

	tok := scm.Token{AccessToken: "tok-1", Expiry: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
	require.NoError(t, c.Store(key, tok))
	got, found := c.Load(key)
	require.True(t, found)
	assert.Equal(t, tok.AccessToken, got.AccessToken)
	assert.True(t, tok.Expiry.Equal(got.Expiry))

	assert.Equal(t, filepath.Join(os.Getenv("XDG_CACHE_HOME"), "scmkit.sectigo", "tokens"), dir)
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm())
	fi, err = os.Stat(filepath.Join(dir, key+".json"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
	data, err := os.ReadFile(filepath.Join(dir, key+".json"))
	require.NoError(t, err)
	assert.NotContains(t, string(data), "client-1", "the file holds the token only")
	assert.NotContains(t, string(data), "the-client-secret")

	other := &tokenCache{privateDir: c.privateDir, secret: "another-secret"}
	_, found = other.Load(key)
	assert.False(t, found, "a token obtained with another secret is not used")
}

func TestTokenCache_refusesWhatOthersCanRead(t *testing.T) {
	c, dir := newTestCache(t)
	key := scm.CacheKey("https://auth.example/token", "client-1")
	require.NoError(t, c.Store(key, scm.Token{AccessToken: "tok", Expiry: time.Now().Add(time.Hour)}))
	path := filepath.Join(dir, key+".json")

	require.NoError(t, os.Chmod(path, 0o644))
	_, found := c.Load(key)
	assert.False(t, found, "a world-readable file is not trusted")
	require.NoError(t, os.Chmod(path, 0o600))

	require.NoError(t, os.Chmod(dir, 0o755))
	_, found = c.Load(key)
	assert.False(t, found, "a directory others can list is not used")
	assert.Error(t, c.Store(key, scm.Token{AccessToken: "t2"}), "nor written to")
	require.NoError(t, os.Chmod(dir, 0o700))

	other := filepath.Join(t.TempDir(), "elsewhere.json")
	require.NoError(t, os.WriteFile(other, []byte(`{"access_token":"planted"}`), 0o600))
	require.NoError(t, os.Remove(path))
	require.NoError(t, os.Symlink(other, path))
	_, found = c.Load(key)
	assert.False(t, found, "a symbolic link is not followed")
}
