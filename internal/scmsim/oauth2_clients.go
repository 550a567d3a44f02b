package scmsim

import (
	"fmt"
	"slices"
)

// API clients (OAuth2 API keys) live in the world, like admins: a seed file
// lists them, /admin/reset returns to the seed's list and the -state file keeps
// them. Their tokens do not: see oauth2_tokens.go.

// validateAPIClients refuses a client a token could never act for, so that the
// mistake shows at seed time and not as a 401 much later.
func (w *World) validateAPIClients() error {
	seen := map[string]bool{}
	for _, c := range w.APIClients {
		if err := w.checkAPIClient(c); err != nil {
			return err
		}
		if seen[c.ID] {
			return fmt.Errorf("scmsim: api client %q listed twice", c.ID)
		}
		seen[c.ID] = true
	}
	return nil
}

// checkAPIClient checks one client against the world's admins.
func (w *World) checkAPIClient(c APIClient) error {
	switch {
	case c.ID == "" || c.Secret == "":
		return fmt.Errorf("scmsim: api client %q needs a client_id and a client_secret", c.ID)
	case c.Admin != "" && !slices.ContainsFunc(w.Admins, func(a Admin) bool { return a.Login == c.Admin }):
		return fmt.Errorf("scmsim: api client %q: admin %q is not in the world", c.ID, c.Admin)
	}
	if _, ok := w.apiClientAdmin(c); !ok {
		return fmt.Errorf("scmsim: api client %q names no admin and the world has no MRAO admin", c.ID)
	}
	return nil
}

// apiClientAdmin is the admin whose privileges the client's requests have:
// the one it names, else the first MRAO (everything, like an API key made by
// the MRAO in SCM's UI).
func (w *World) apiClientAdmin(c APIClient) (Admin, bool) {
	for _, a := range w.Admins {
		if (c.Admin != "" && a.Login == c.Admin) || (c.Admin == "" && a.Role == RoleMRAO) {
			return a, true
		}
	}
	return Admin{}, false
}

// apiClient finds a client of the current world. Caller holds s.mu.
func (s *Server) apiClient(id string) *APIClient {
	return find(s.w.APIClients, func(c *APIClient) bool { return c.ID == id })
}

// APIClients returns a copy of the world's API clients, secrets included.
func (s *Server) APIClients() []APIClient {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]APIClient{}, s.w.APIClients...)
}

// AddAPIClient adds an API key to the world (until the next reset or seed).
func (s *Server) AddAPIClient(c APIClient) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.w.checkAPIClient(c); err != nil {
		return err
	}
	if s.apiClient(c.ID) != nil {
		return fmt.Errorf("scmsim: api client %q exists", c.ID)
	}
	s.w.APIClients = append(s.w.APIClients, c)
	s.persistQuiet()
	return nil
}

// DisableAPIClient revokes an API key: the token endpoint refuses the client
// and every token issued to it so far is refused by the API, even after
// EnableAPIClient.
func (s *Server) DisableAPIClient(id string) error {
	return s.setClientDisabled(id, true)
}

// EnableAPIClient lets a disabled client get tokens again.
func (s *Server) EnableAPIClient(id string) error {
	return s.setClientDisabled(id, false)
}

func (s *Server) setClientDisabled(id string, disabled bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.apiClient(id)
	if c == nil {
		return fmt.Errorf("%w: api client %q", ErrNotFound, id)
	}
	c.Disabled = disabled
	if disabled {
		s.tokens.revokeClient(id)
	}
	s.persistQuiet()
	return nil
}

// IssuedTokens lists every access token issued since the emulator started
// (resets do not clear it), oldest first: test-only, for the project's secret
// scan, which looks for them in logs and files.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens.all()
}
