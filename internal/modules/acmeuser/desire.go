package acmeuser

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
)

// want is the desired state, checked before any request.
type want struct {
	Ref     acmeaccount.Ref
	Present bool
	// EABFile is the cleaned path of the certbot file, "" when not managed.
	EABFile   string
	ReturnEAB bool
}

func desire(p Params) (want, error) {
	if err := p.Ref.Check(); err != nil {
		return want{}, err
	}
	w := want{Ref: p.Ref, Present: p.State != "absent", ReturnEAB: p.ReturnEAB}
	if p.EABFile == "" {
		return w, nil
	}
	path, err := checkEABPath(p.EABFile)
	if err != nil {
		return want{}, err
	}
	w.EABFile = path
	return w, nil
}

// checkEABPath refuses a path that cannot become a file before anything is sent to SCM: a directory,
// or a parent directory that does not exist. The module never creates directories, whose owner and
// mode it could not know.
func checkEABPath(p string) (string, error) {
	path := filepath.Clean(p)
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return "", fmt.Errorf("eab_file: %s is a directory; give the path of a file", path)
	}
	info, err := os.Stat(filepath.Dir(path))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("eab_file: directory %s does not exist; create it first", filepath.Dir(path))
	case err != nil:
		return "", fmt.Errorf("eab_file: %w", err)
	case !info.IsDir():
		return "", fmt.Errorf("eab_file: %s is not a directory", filepath.Dir(path))
	}
	return path, nil
}
