package scmcert

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/scmkit/sectigo/internal/certutil"
)

// fileKind says which part of the certificate a file holds.
type fileKind int

const (
	kindLeaf      fileKind = iota // the certificate alone
	kindChain                     // its issuers, without a self-signed root
	kindFullchain                 // the certificate followed by its issuers
)

// fileSpec is one file the task asks for.
type fileSpec struct {
	Param string // path, chain_path or fullchain_path: for messages
	Path  string
	Kind  fileKind
}

// fileAttrs are the requested attributes; nil / -1 leave the file's current ones alone.
type fileAttrs struct {
	Mode     *fs.FileMode
	UID, GID int
}

// defaultMode is for new files when no mode is given: certificates are public.
const defaultMode fs.FileMode = 0o644

func desireFiles(p Params, w *want) error {
	specs := []fileSpec{
		{Param: "path", Path: p.Path, Kind: kindLeaf},
		{Param: "chain_path", Path: p.ChainPath, Kind: kindChain},
		{Param: "fullchain_path", Path: p.FullchainPath, Kind: kindFullchain},
	}
	seen := map[string]string{}
	for _, s := range specs {
		if s.Path == "" {
			continue
		}
		s.Path = filepath.Clean(s.Path)
		if prev, dup := seen[s.Path]; dup {
			return fmt.Errorf("%s: %s is already given as %s", s.Param, s.Path, prev)
		}
		seen[s.Path] = s.Param
		w.Files = append(w.Files, s)
	}
	var err error
	w.Attrs, err = desireAttrs(p)
	if err == nil && len(w.Files) == 0 && (p.Mode != nil || p.Owner != "" || p.Group != "") {
		err = errors.New("mode, owner and group apply to path, chain_path and fullchain_path, and none is given")
	}
	return err
}

func desireAttrs(p Params) (fileAttrs, error) {
	mode, err := parseMode(p.Mode)
	if err != nil {
		return fileAttrs{}, err
	}
	uid, err := lookupID("owner", p.Owner, func(n string) (string, error) {
		u, err := user.Lookup(n)
		if err != nil {
			return "", err
		}
		return u.Uid, nil
	})
	if err != nil {
		return fileAttrs{}, err
	}
	gid, err := lookupID("group", p.Group, func(n string) (string, error) {
		g, err := user.LookupGroup(n)
		if err != nil {
			return "", err
		}
		return g.Gid, nil
	})
	return fileAttrs{Mode: mode, UID: uid, GID: gid}, err
}

// parseMode follows Ansible's file modules: a number is the mode itself (YAML reads 0644 as 420),
// a string is octal ("0644", "644", "0o644"). Symbolic modes are not supported.
func parseMode(v any) (*fs.FileMode, error) {
	var n float64
	switch m := v.(type) {
	case nil:
		return nil, nil
	case float64:
		n = m
	case string:
		s := strings.TrimPrefix(strings.TrimSpace(m), "0o")
		parsed, err := strconv.ParseUint(s, 8, 32)
		if err != nil {
			return nil, fmt.Errorf("mode: %q is not an octal mode such as '0644'", m)
		}
		n = float64(parsed)
	default:
		return nil, fmt.Errorf("mode must be an octal string such as '0644', got %T", v)
	}
	if n != math.Trunc(n) || n < 0 || n > 0o777 {
		return nil, fmt.Errorf("mode: %v is not a permission mode between 0000 and 0777", v)
	}
	mode := fs.FileMode(n)
	return &mode, nil
}

// lookupID resolves a user or group name (or a number) to an id; "" gives -1 (leave alone).
func lookupID(param, name string, lookup func(string) (string, error)) (int, error) {
	if name == "" {
		return -1, nil
	}
	if n, err := strconv.Atoi(name); err == nil && n >= 0 {
		return n, nil
	}
	id, err := lookup(name)
	if err != nil {
		return -1, fmt.Errorf("%s: %w", param, err)
	}
	return strconv.Atoi(id)
}

// fileState is a file as it is on disk.
type fileState struct {
	Spec     fileSpec
	Exists   bool
	Content  []byte
	Mode     fs.FileMode
	UID, GID int
}

// readFileStates reads every requested file. It refuses a file that holds a private key: writing a
// certificate over it would destroy the key.
func readFileStates(specs []fileSpec) ([]fileState, error) {
	out := make([]fileState, 0, len(specs))
	for _, s := range specs {
		st, err := readFileState(s)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func readFileState(s fileSpec) (fileState, error) {
	st := fileState{Spec: s, UID: -1, GID: -1}
	fi, err := os.Stat(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, checkParentDir(s)
	}
	if err != nil {
		return st, fmt.Errorf("%s: %w", s.Param, err)
	}
	if !fi.Mode().IsRegular() {
		return st, fmt.Errorf("%s: %s is not a regular file", s.Param, s.Path)
	}
	if st.Content, err = os.ReadFile(s.Path); err != nil {
		return st, fmt.Errorf("%s: %w", s.Param, err)
	}
	if holdsPrivateKey(st.Content) {
		return st, fmt.Errorf("%s: %s holds a private key; scm_cert writes certificates only and will not overwrite it", s.Param, s.Path)
	}
	st.Exists, st.Mode = true, fi.Mode().Perm()
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.UID, st.GID = int(sys.Uid), int(sys.Gid)
	}
	return st, nil
}

// checkParentDir refuses a file that could not be written because its directory is missing: found now,
// before the order, rather than after SCM has issued a certificate that then cannot be saved.
func checkParentDir(s fileSpec) error {
	dir := filepath.Dir(s.Path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: directory %s does not exist; create it first", s.Param, dir)
	case err != nil:
		return fmt.Errorf("%s: %w", s.Param, err)
	case !fi.IsDir():
		return fmt.Errorf("%s: %s is not a directory", s.Param, dir)
	}
	return nil
}

// holdsPrivateKey looks at PEM block types only; the key itself is never parsed.
func holdsPrivateKey(data []byte) bool {
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			return false
		}
		if strings.Contains(b.Type, "PRIVATE KEY") {
			return true
		}
	}
}

// issuedCert is an issued certificate as collected: the leaf and its issuers, leaf-first.
type issuedCert struct {
	Leaf *certutil.Cert
	// Chain holds the issuers without a self-signed root: servers should not send the root, and
	// certbot's chain.pem and fullchain.pem leave it out too.
	Chain []*x509.Certificate
}

// content is what a file of kind holds for this certificate.
func (ic *issuedCert) content(kind fileKind) []byte {
	switch kind {
	case kindLeaf:
		return certutil.EncodePEM(ic.Leaf.Leaf)
	case kindChain:
		return certutil.EncodePEM(ic.Chain...)
	default:
		return certutil.EncodePEM(append([]*x509.Certificate{ic.Leaf.Leaf}, ic.Chain...)...)
	}
}

// fileChange is what a run does to one file.
type fileChange struct {
	State   fileState
	Content []byte
	Rewrite bool // missing or different content
	Chmod   bool
	Chown   bool
}

func (fc fileChange) changed() bool { return fc.Rewrite || fc.Chmod || fc.Chown }

// planFiles compares each file with what it should hold. Pure.
func planFiles(states []fileState, ic *issuedCert, a fileAttrs) []fileChange {
	out := make([]fileChange, 0, len(states))
	for _, st := range states {
		fc := fileChange{State: st, Content: ic.content(st.Spec.Kind)}
		fc.Rewrite = !st.Exists || !bytes.Equal(st.Content, fc.Content)
		if st.Exists {
			fc.Chmod = a.Mode != nil && *a.Mode != st.Mode
			fc.Chown = (a.UID >= 0 && a.UID != st.UID) || (a.GID >= 0 && a.GID != st.GID)
		}
		out = append(out, fc)
	}
	return out
}
