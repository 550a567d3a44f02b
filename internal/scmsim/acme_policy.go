package scmsim

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"

	"github.com/scmkit/sectigo/internal/scmsim/acmesrv"
)

// initACME starts the embedded ACME server with the emulator as its policy
// and registers the EAB keys of accounts loaded from a state file.
func (s *Server) initACME() error {
	srv, err := acmesrv.New(acmesrv.Options{
		Policy:      acmePolicy{s},
		Logger:      slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		AlwaysValid: !s.opts.ACMERealValidation,
	})
	if err != nil {
		return fmt.Errorf("scmsim: acme server: %w", err)
	}
	s.acme = srv
	for _, a := range s.w.ACMEAccounts {
		if err := srv.AddEAB(a.MacID, a.MacKey); err != nil {
			return fmt.Errorf("scmsim: restore EAB of account %d: %w", a.ID, err)
		}
	}
	return nil
}

// acmePolicy connects ACME events to SCM accounts. Its methods are called
// from ACME request goroutines and take the store lock themselves; the
// emulator never calls into the ACME server while holding it.
type acmePolicy struct{ s *Server }

var (
	errUnknownEAB = errors.New("the EAB key id is not known to SCM")
	errDeletedEAB = errors.New("the EAB key belongs to a deleted account")
)

// CheckRegistration refuses the kids of deleted accounts. An account may be
// registered more than once (each registration is recorded as a client).
func (p acmePolicy) CheckRegistration(kid string) error {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	a := p.s.accountByKID(kid)
	switch {
	case a == nil:
		return errUnknownEAB
	case a.Deleted:
		return errDeletedEAB
	}
	return nil
}

// Registered flips the account from pending to valid and records the client.
func (p acmePolicy) Registered(kid, userAgent, remoteAddr string) {
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountByKID(kid)
	if a == nil {
		return
	}
	ip := remoteAddr
	if host, _, err := net.SplitHostPort(remoteAddr); err == nil {
		ip = host
	}
	a.Status = "valid"
	a.Clients = append(a.Clients, ACMEClient{ID: s.w.NextIDs.ACMEClient, UserAgent: userAgent,
		IPAddress: ip, Status: "valid", LastActivity: s.simNow()})
	s.w.NextIDs.ACMEClient++
	s.persistQuiet()
	s.log.Info("acme client registered", "account", a.ID, "user_agent", userAgent)
}

// CheckOrder rejects every name not on the account: a name is allowed by an
// exact entry, or by a "*.zone" entry when it lies below zone.
func (p acmePolicy) CheckOrder(kid string, names []string) []string {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	a := p.s.accountByKID(kid)
	var rejected []string
	for _, n := range names {
		if a == nil || a.Deleted || !accountAllows(a, normName(n)) {
			rejected = append(rejected, n)
		}
	}
	return rejected
}

func accountAllows(a *ACMEAccount, name string) bool {
	for _, d := range a.Domains {
		if d.Name == name {
			return true
		}
		if zone, ok := strings.CutPrefix(d.Name, "*."); ok && strings.HasSuffix(name, "."+zone) {
			return true
		}
	}
	return false
}
