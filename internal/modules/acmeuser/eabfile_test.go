package acmeuser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenderEAB(t *testing.T) {
	t.Parallel()
	got := string(renderEAB(7001, "https://acme.example/v2/OV", "kid1", "-starts-with-dash"))
	assert.Contains(t, got, "\nserver = https://acme.example/v2/OV\neab-kid = kid1\neab-hmac-key = -starts-with-dash\n")
	assert.Contains(t, got, "account 7001")
}

func TestWriteAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "eab.ini")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	require.NoError(t, writeAtomic(path, []byte("new")))
	st, err := readFileState(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(st.Content))
	assert.Equal(t, eabFileMode, st.Mode.Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

func TestWriteAtomic_missingDirectory(t *testing.T) {
	t.Parallel()
	err := writeAtomic(filepath.Join(t.TempDir(), "nope", "eab.ini"), []byte("x"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "eab_file: ")
}

func TestReadFileState(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := readFileState(filepath.Join(dir, "missing"))
	require.NoError(t, err)
	assert.False(t, st.Exists)
	_, err = readFileState(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not a regular file")
}

func TestCheckEABPath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	tests := []struct {
		desc    string
		path    string
		wantErr string
	}{
		{desc: "new file", path: filepath.Join(dir, "eab.ini") + "/"},
		{desc: "a directory", path: dir, wantErr: "is a directory"},
		{desc: "missing parent", path: filepath.Join(dir, "nope", "eab.ini"), wantErr: "does not exist; create it first"},
		{desc: "parent is a file", path: filepath.Join(file, "eab.ini"), wantErr: "is not a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got, err := checkEABPath(tc.path)
			if tc.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, filepath.Join(dir, "eab.ini"), got)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}
