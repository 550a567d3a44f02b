package scmcert

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
)

// TestModule_FilesRewrittenOnlyOnChange: an unchanged file is not touched (its mtime stays), a
// changed one is rewritten, and a mode change alone is applied in place.
func TestModule_FilesRewrittenOnlyOnChange(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	dir := t.TempDir()
	args := with(baseArgs(t, dir), "mode", "0640")
	first := runOK(t, m, sim, args)
	require.Len(t, first["files_written"], 3)
	leafPath, chainPath := args["path"].(string), args["chain_path"].(string)
	assertMode(t, leafPath, 0o640)

	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for _, p := range []string{leafPath, chainPath, args["fullchain_path"].(string)} {
		require.NoError(t, os.Chtimes(p, old, old))
	}
	require.NoError(t, os.WriteFile(chainPath, []byte("stale\n"), 0o640))
	check := runOK(t, m, sim, args, ansibletest.CheckMode(), ansibletest.Diff())
	assert.Equal(t, "collected", check["action"])
	assert.Equal(t, []any{chainPath}, check["files_written"])
	files := check["diff"].(map[string]any)["before"].(map[string]any)["files"].(map[string]any)
	assert.Equal(t, "no certificate (mode 0640)", files[chainPath])
	assert.Equal(t, "stale\n", readFile(t, chainPath), "check mode writes nothing")

	res := runOK(t, m, sim, args)
	assert.True(t, res.Changed())
	assert.Equal(t, "collected", res["action"])
	assert.Equal(t, []any{chainPath}, res["files_written"])
	assert.Equal(t, res["chain"], readFile(t, chainPath))
	assertMTime(t, leafPath, old)

	res = runOK(t, m, sim, with(args, "mode", "0600"))
	assert.Len(t, res["files_written"], 3)
	assertMode(t, leafPath, 0o600)
	assertMTime(t, leafPath, old)
	assert.Empty(t, leftovers(t, dir), "no temporary files left behind")
}

// TestModule_FileWithPrivateKeyIsRefused: pointing path at the key must not destroy it.
func TestModule_FileWithPrivateKeyIsRefused(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "key.pem")
	key := "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
	require.NoError(t, os.WriteFile(keyPath, []byte(key), 0o600))
	mark := sim.Mark()
	res := ansibletest.Run(t, m, sim.Conn(with(baseArgs(t, dir), "fullchain_path", keyPath)))
	require.True(t, res.Failed())
	assert.Equal(t, "fullchain_path: "+keyPath+" holds a private key; scm_cert writes certificates only and will not overwrite it", res.Msg())
	assert.Empty(t, sim.JournalSince(mark), "refused before any request")
	assert.Equal(t, key, readFile(t, keyPath))
}

// TestModule_SymlinkStaysALink: the link's target is updated, the link is kept.
func TestModule_SymlinkStaysALink(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	dir := t.TempDir()
	target, link := filepath.Join(dir, "real.pem"), filepath.Join(dir, "link.pem")
	require.NoError(t, os.WriteFile(target, []byte("old\n"), 0o644))
	require.NoError(t, os.Symlink(target, link))
	res := runOK(t, m, sim, with(without(baseArgs(t, dir), "chain_path", "fullchain_path"), "path", link))
	assert.Equal(t, []any{link}, res["files_written"])
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.Equal(t, fs.ModeSymlink, fi.Mode().Type())
	assert.Equal(t, res["certificate"], readFile(t, target))
}

func TestParseMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		in      any
		want    fs.FileMode
		wantErr string
	}{
		{desc: "octal string", in: "0640", want: 0o640},
		{desc: "octal without zero", in: "600", want: 0o600},
		{desc: "python-style prefix", in: "0o644", want: 0o644},
		{desc: "YAML number is the mode itself", in: float64(0o644), want: 0o644},
		{desc: "symbolic mode", in: "u=rw", wantErr: `mode: "u=rw" is not an octal mode such as '0644'`},
		{desc: "special bits", in: "4755", wantErr: "between 0000 and 0777"},
		{desc: "fraction", in: 1.5, wantErr: "between 0000 and 0777"},
		{desc: "list", in: []any{"0644"}, wantErr: "mode must be an octal string"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got, err := parseMode(tc.in)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.NotNil(t, got)
			assert.Equal(t, tc.want, *got)
		})
	}
	got, err := parseMode(nil)
	require.NoError(t, err)
	assert.Nil(t, got, "no mode: leave files alone")
}

func TestDescribePEM(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "no certificate", describePEM([]byte("junk")))
	assert.Equal(t, "absent", describeFile(false, nil, 0))
	der := selfSigned(t)
	got := describePEM(append([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), der...))
	assert.Regexp(t, `^test\.example\.com, serial [0-9A-F:]+, expires \d{4}-\d{2}-\d{2}$`, got)
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, want, fi.Mode().Perm(), path)
}

func assertMTime(t *testing.T, path string, want time.Time) {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.True(t, fi.ModTime().Equal(want), "%s was rewritten (mtime %s)", path, fi.ModTime())
}

// leftovers lists files in dir that the module did not mean to leave.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		switch e.Name() {
		case "cert.pem", "chain.pem", "fullchain.pem":
		default:
			out = append(out, e.Name())
		}
	}
	return out
}
