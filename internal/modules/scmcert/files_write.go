package scmcert

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// writeFiles applies the file changes in order and returns the paths it changed. It stops at the
// first failure: the certificate in SCM is fine, and a re-run writes the rest.
func writeFiles(changes []fileChange, a fileAttrs) ([]string, error) {
	var written []string
	for _, fc := range changes {
		if !fc.changed() {
			continue
		}
		if err := writeFile(fc, a); err != nil {
			return written, fmt.Errorf("%s: %w", fc.State.Spec.Param, err)
		}
		written = append(written, fc.State.Spec.Path)
	}
	return written, nil
}

// writeFile replaces the content through a temporary file in the same directory and a rename, so
// no reader ever sees half a certificate; when only attributes differ, it changes them in place.
func writeFile(fc fileChange, a fileAttrs) error {
	target := resolveTarget(fc.State.Spec.Path)
	if !fc.Rewrite {
		return setAttrs(target, fc, a)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	done := false
	defer func() {
		if !done {
			_ = os.Remove(name) // best effort: the error that matters is returned below
		}
	}()
	_, err = tmp.Write(fc.Content)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = finishTemp(name, fc.State, a)
	}
	if err == nil {
		err = os.Rename(name, target)
	}
	done = err == nil
	return err
}

// finishTemp gives the new file its mode and owner before it replaces the old one. Without a
// requested owner the old file's owner is kept when the process may do so (as root), and left to
// the process otherwise.
func finishTemp(name string, old fileState, a fileAttrs) error {
	mode := defaultMode
	if old.Exists {
		mode = old.Mode
	}
	if a.Mode != nil {
		mode = *a.Mode
	}
	// Chmod after create: the mode is then exact, whatever the umask.
	if err := os.Chmod(name, mode); err != nil {
		return err
	}
	if a.UID >= 0 || a.GID >= 0 {
		return os.Chown(name, a.UID, a.GID)
	}
	if old.Exists {
		_ = keepOwner(name, old) // best effort; see above
	}
	return nil
}

func keepOwner(name string, old fileState) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok && (int(sys.Uid) != old.UID || int(sys.Gid) != old.GID) {
		return os.Chown(name, old.UID, old.GID)
	}
	return nil
}

func setAttrs(target string, fc fileChange, a fileAttrs) error {
	if fc.Chmod {
		if err := os.Chmod(target, *a.Mode); err != nil {
			return err
		}
	}
	if fc.Chown {
		return os.Chown(target, a.UID, a.GID)
	}
	return nil
}

// resolveTarget follows a symbolic link, so that a link (say into a certbot-style live/ directory)
// stays a link and its target is updated.
func resolveTarget(path string) string {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		return target
	}
	return path // missing (or a dangling link): written as given
}
