package scmsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/scmkit/sectigo/internal/scmsim/simca"
)

// stateVersion lets a later emulator refuse a state file it would misread.
const stateVersion = 1

// stateFile is the -state file: the world, the CA (keys included: the file is
// written 0600) and the clock offset. Knobs and faults are configuration and
// come from flags again on restart.
type stateFile struct {
	Version       int             `json:"version"`
	World         *World          `json:"world"`
	CA            json.RawMessage `json:"ca"`
	ClockOffsetNS int64           `json:"clock_offset_ns"`
}

// initState loads the state file if there is one, else starts from the seed
// with a fresh CA. The TLS CA shares the keys but runs on the real clock, so
// that shifting the business clock never breaks the listener's certificate.
// It reports whether a state file was loaded.
func (s *Server) initState() (bool, error) {
	loaded, err := s.loadState()
	if err != nil {
		return false, err
	}
	if !loaded {
		s.w = s.seed.clone()
		if s.ca, err = simca.New(simca.Options{Now: s.simNow}); err != nil {
			return false, fmt.Errorf("scmsim: new CA: %w", err)
		}
	}
	caState, err := s.ca.MarshalState()
	if err != nil {
		return false, fmt.Errorf("scmsim: CA state: %w", err)
	}
	if s.tlsCA, err = simca.Load(caState, simca.Options{Now: s.now}); err != nil {
		return false, fmt.Errorf("scmsim: TLS CA: %w", err)
	}
	return loaded, nil
}

func (s *Server) loadState() (bool, error) {
	if s.opts.StatePath == "" {
		return false, nil
	}
	data, err := os.ReadFile(s.opts.StatePath)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("scmsim: read state: %w", err)
	}
	var st stateFile
	if err := json.Unmarshal(data, &st); err != nil {
		return false, fmt.Errorf("scmsim: parse state %s: %w", s.opts.StatePath, err)
	}
	if st.Version != stateVersion || st.World == nil {
		return false, fmt.Errorf("scmsim: state %s: version %d, want %d", s.opts.StatePath, st.Version, stateVersion)
	}
	s.offset.Store(st.ClockOffsetNS)
	if s.ca, err = simca.Load(st.CA, simca.Options{Now: s.simNow}); err != nil {
		return false, fmt.Errorf("scmsim: state CA: %w", err)
	}
	s.w = st.World
	s.w.fillDefaults()
	s.log.Info("state loaded", "path", s.opts.StatePath, "domains", len(s.w.Domains),
		"certificates", len(s.w.Certificates), "acme_accounts", len(s.w.ACMEAccounts))
	return true, nil
}

// persistLocked writes the state file atomically (temp file + rename). Caller
// holds s.mu.
func (s *Server) persistLocked() error {
	if s.opts.StatePath == "" {
		return nil
	}
	caState, err := s.ca.MarshalState()
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(stateFile{Version: stateVersion, World: s.w, CA: caState,
		ClockOffsetNS: s.offset.Load()}, "", " ")
	if err != nil {
		return err
	}
	return writeFileAtomic(s.opts.StatePath, data, 0o600)
}

// persistQuiet persists and logs a failure: used where state changed as a side
// effect of a read, which must not fail because of the disk.
func (s *Server) persistQuiet() {
	if err := s.persistLocked(); err != nil {
		s.log.Error("persist state", "err", err)
	}
}

// writeFileAtomic writes data to a temporary file in the same directory, syncs
// it and renames it over path, so a reader never sees half a file.
func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// clockOffset is the business clock's distance from real time.
func (s *Server) clockOffset() time.Duration { return time.Duration(s.offset.Load()) }
