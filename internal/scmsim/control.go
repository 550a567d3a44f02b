package scmsim

import (
	"errors"
	"fmt"
	"time"
)

// Go accessors for tests in other packages, and the operations behind the
// admin API. Each takes the locks it needs.

// ErrNotFound is returned by the control methods for an unknown domain or
// certificate.
var ErrNotFound = errors.New("scmsim: not found")

// Journal returns a copy of the request journal.
func (s *Server) Journal() []JournalEntry { return s.journal.since(0) }

// JournalSince returns the entries recorded after mark (see Mark).
func (s *Server) JournalSince(mark int) []JournalEntry { return s.journal.since(mark) }

// Mark returns the sequence number of the last journal entry; pass it to
// JournalSince or MutatingSince to look only at later requests.
func (s *Server) Mark() int { return s.journal.mark() }

// ResetJournal empties the journal. Counters are kept.
func (s *Server) ResetJournal() { s.journal.clear() }

// MutatingCount is the number of journalled requests that changed state.
func (s *Server) MutatingCount() int { return s.MutatingSince(0) }

// MutatingSince counts the requests after mark that changed state.
func (s *Server) MutatingSince(mark int) int {
	n := 0
	for _, e := range s.journal.since(mark) {
		if e.Mutating {
			n++
		}
	}
	return n
}

// Counters returns the traffic counters.
func (s *Server) Counters() Counters { return s.journal.snapshotCounters() }

// Faults returns the fault configuration.
func (s *Server) Faults() Faults { return s.faults.get() }

// SetFaults replaces the fault configuration and reseeds its generator.
func (s *Server) SetFaults(f Faults) error {
	if err := f.Validate(); err != nil {
		return err
	}
	s.faults.set(f)
	return nil
}

// Knobs returns the behaviour knobs.
func (s *Server) Knobs() Knobs {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.knobs
}

// SetKnobs replaces the behaviour knobs.
func (s *Server) SetKnobs(k Knobs) error {
	if err := k.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knobs = k
	return nil
}

// World returns a deep copy of the current world, EAB keys included.
func (s *Server) World() *World {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.clone()
}

// Reset returns the world to the seed and the clock to real time, and clears
// the journal and counters. Knobs and faults stay as configured.
func (s *Server) Reset() { s.replaceWorld(nil) }

// Seed replaces both the world and the seed that Reset returns to.
func (s *Server) Seed(w *World) error {
	if err := w.validate(); err != nil {
		return err
	}
	s.replaceWorld(w)
	return nil
}

func (s *Server) replaceWorld(seed *World) {
	s.mu.Lock()
	if seed != nil {
		s.seed = seed.clone()
		s.seed.fillDefaults()
	}
	s.w = s.seed.clone()
	s.offset.Store(0)
	s.persistQuiet()
	accounts := append([]ACMEAccount(nil), s.w.ACMEAccounts...)
	s.mu.Unlock()
	for _, a := range accounts {
		// A kid registered before the reset is already known to the ACME
		// server, which cannot forget it; that error is expected.
		_ = s.acme.AddEAB(a.MacID, a.MacKey)
	}
	s.journal.clear()
	s.journal.resetCounters()
}

// Now is the emulator's business clock.
func (s *Server) Now() time.Time { return s.simNow() }

// SetClockOffset shifts the business clock (expiry and renewal scenarios).
func (s *Server) SetClockOffset(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset.Store(int64(d))
	s.persistQuiet()
}

// ValidateDCV marks the high-level domain of name VALIDATED now, with the
// method of its pending order (CNAME_CSR_HASH when there is none).
func (s *Server) ValidateDCV(name string) error {
	return s.withDCV(name, func(r *DCVRecord) {
		method := "CNAME_CSR_HASH"
		if r.Order != nil {
			method = methodOf[r.Order.Mode]
		}
		s.markValidated(r, method)
	})
}

// ExpireDCV makes the validation of name's high-level domain EXPIRED now.
func (s *Server) ExpireDCV(name string) error {
	return s.withDCV(name, func(r *DCVRecord) {
		if r.Validated.IsZero() {
			r.Validated, r.Method = s.simNow().AddDate(0, 0, -s.knobs.DCVValidityDays), "CNAME_CSR_HASH"
		}
		r.Status, r.Expires = dcvExpired, s.simNow()
	})
}

func (s *Server) withDCV(name string, f func(*DCVRecord)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	target, ok := s.dcvTarget(normName(name))
	if !ok {
		return fmt.Errorf("%w: domain %q", ErrNotFound, name)
	}
	f(s.ensureDCV(target))
	s.persistQuiet()
	return nil
}

// IssueCertificate issues (or re-issues, with a new serial) certificate id
// now, optionally with a forced validity window.
func (s *Server) IssueCertificate(id int, opt *IssueOptions) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cert(id)
	if c == nil {
		return fmt.Errorf("%w: certificate %d", ErrNotFound, id)
	}
	if c.Status == sslRevoked || c.Status == sslDeclined {
		return fmt.Errorf("scmsim: certificate %d is %s", id, c.Status)
	}
	if err := s.issue(c, opt); err != nil {
		return err
	}
	s.persistQuiet()
	return nil
}

// DeclineCertificate declines a certificate that is not issued yet.
func (s *Server) DeclineCertificate(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cert(id)
	if c == nil {
		return fmt.Errorf("%w: certificate %d", ErrNotFound, id)
	}
	if c.Status != sslRequested && c.Status != sslApplied {
		return fmt.Errorf("scmsim: certificate %d is %s", id, c.Status)
	}
	c.Status, c.Dates.Declined = sslDeclined, s.simNow()
	s.persistQuiet()
	return nil
}

// ClientCertificate issues a client certificate for /private/api logins.
func (s *Server) ClientCertificate(login string) (certPEM, keyPEM []byte, err error) {
	return s.tlsCA.ClientCertificate(login)
}
