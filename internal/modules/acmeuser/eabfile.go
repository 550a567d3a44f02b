package acmeuser

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// eabFileMode is the only mode the file gets: it holds a secret.
const eabFileMode fs.FileMode = 0o600

// fileState is what is on disk at the eab_file path.
type fileState struct {
	Exists  bool
	Content []byte
	Mode    fs.FileMode
}

// current reports whether the file holds exactly content with the secret's mode.
func (f fileState) current(content []byte) bool {
	return f.Exists && string(f.Content) == string(content) && f.Mode.Perm() == eabFileMode
}

// renderEAB is the certbot configuration file for an account: the long option names certbot takes on
// its command line, one "key = value" per line, which `certbot --config FILE` reads. A value that
// starts with "-" (an HMAC key may) is safe here, while on a command line certbot's parser would take
// it for an option.
func renderEAB(accountID int, server, kid, hmacKey string) []byte {
	return fmt.Appendf(nil, "# certbot configuration for SCM ACME account %d, written by scmkit.sectigo.acme_user.\n"+
		"# Use it as: certbot --config <this file> certonly ...\n"+
		"server = %s\neab-kid = %s\neab-hmac-key = %s\n", accountID, server, kid, hmacKey)
}

// readFileState reads the file; a missing file is not an error.
func readFileState(path string) (fileState, error) {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fileState{}, nil
	}
	if err != nil {
		return fileState{}, fmt.Errorf("eab_file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return fileState{}, fmt.Errorf("eab_file: %s is not a regular file", path)
	}
	content, err := os.ReadFile(path)
	if err != nil {
		return fileState{}, fmt.Errorf("eab_file: %w", err)
	}
	return fileState{Exists: true, Content: content, Mode: info.Mode()}, nil
}

// writeAtomic writes a temporary file in the same directory with the secret's mode and renames it over
// path, so a reader (certbot) never sees a half-written file and the key is never readable by others,
// not even for a moment.
func writeAtomic(path string, content []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("eab_file: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(eabFileMode); err == nil {
		if _, err = tmp.Write(content); err == nil {
			err = tmp.Sync()
		}
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("eab_file: write %s: %w", path, err)
	}
	return nil
}

// removeFile deletes the file; one already gone is fine.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("eab_file: %w", err)
	}
	return nil
}
