package common

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// privateDir is a directory of the user's cache that only the user may read: the token cache and the
// lookup cache keep their files there. A directory that is not 0700, a file that is not 0600, a
// symbolic link, or anything owned by someone else is neither read nor written.
type privateDir struct {
	dir   string
	what  string // "token cache", for traces
	trace func(format string, args ...any)
}

// userCacheDir is where a cache of this collection lives: $XDG_CACHE_HOME/scmkit.sectigo/<name>, or the
// platform's equivalent (os.UserCacheDir).
func userCacheDir(name string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "scmkit.sectigo", name), nil
}

// read returns the content of the file name, if the directory and the file are private.
func (d privateDir) read(name string) ([]byte, error) {
	path := filepath.Join(d.dir, name)
	if err := d.private(d.dir, 0o700); err != nil {
		return nil, err
	}
	if err := d.private(path, 0o600); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// write replaces the file name with data: a temporary file first, renamed into place, so a task
// reading at the same time sees the old content or the new, never half of either.
func (d privateDir) write(name string, data []byte) error {
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return err
	}
	if err := d.private(d.dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(d.dir, name+".*.tmp") // created 0600
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
	return os.Rename(tmp.Name(), filepath.Join(d.dir, name))
}

// private refuses a path that is a symlink, is not owned by this user, or is open to others (its mode
// has bits outside want).
func (d privateDir) private(path string, want fs.FileMode) error {
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
	d.trace("%s: %s %s; not used", d.what, path, problem)
	return errors.New(d.what + ": " + path + " " + problem)
}
