package scmsim

import (
	"crypto/subtle"
	"net/http"
	"strconv"
)

// route is one SCM endpoint. pattern is "METHOD /path" relative to the /api
// prefix. Handlers run with the store lock held unless unlocked is set (the
// few that do network I/O or call into the ACME server take it themselves).
type route struct {
	pattern  string
	ctype    string
	h        func(c *call) error
	unlocked bool
}

// call is one authenticated SCM request.
type call struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	admin  Admin
	prefix string
	ctype  string
	info   *reqInfo
}

// routes lists every SCM endpoint the emulator serves, by API area.
func (s *Server) routes() []route {
	var all []route
	for _, area := range [][]route{
		s.organizationRoutes(), s.domainRoutes(), s.dcvRoutes(), s.sslRoutes(), s.acmeRoutes(),
	} {
		all = append(all, area...)
	}
	return all
}

// Endpoints lists the SCM endpoints served, as "METHOD /path" relative to
// the /api (and /private/api) prefix, in the {name} syntax of http.ServeMux.
// The client's tests compare their "// SCM API:" lines against it.
func Endpoints() []string {
	var out []string
	for _, rt := range (&Server{}).routes() {
		out = append(out, rt.pattern)
	}
	return out
}

// endpoint turns a route into an http.Handler: authenticate, lock, run, and
// write any error as an SCM envelope.
func (s *Server) endpoint(rt route, prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{s: s, w: w, r: r, prefix: prefix, ctype: rt.ctype, info: infoFrom(r.Context())}
		var err error
		if rt.unlocked {
			err = s.runUnlocked(c, rt.h)
		} else {
			err = s.runLocked(c, rt.h)
		}
		if err != nil {
			writeError(w, rt.ctype, err)
		}
	})
}

func (s *Server) runLocked(c *call, h func(*call) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.authenticate(c); err != nil {
		return err
	}
	return h(c)
}

func (s *Server) runUnlocked(c *call, h func(*call) error) error {
	s.mu.Lock()
	err := s.authenticate(c)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return h(c)
}

var errUnknownUser = newErr(http.StatusUnauthorized, -16, "Unknown user")

// authenticate checks, on /api, an OAuth2 bearer token when the request has
// one (it wins over any login headers, see README); else the login, password
// and customerUri headers, or on /private/api the login, customerUri and a
// client certificate whose CN is the login. Every failure is the same 401 -16,
// as SCM gives no hint which part was wrong. Caller holds s.mu.
func (s *Server) authenticate(c *call) error {
	if tok, ok := bearerToken(c.r); ok && c.prefix == prefixAPI {
		return s.authenticateBearer(c, tok)
	}
	login := c.r.Header.Get("login")
	if login == "" || c.r.Header.Get("customerUri") != s.w.CustomerURI {
		return errUnknownUser
	}
	admin, ok := s.findAdmin(login)
	if !ok {
		return errUnknownUser
	}
	if c.prefix == prefixPrivate {
		if !s.clientCertIs(c.r, login) {
			return errUnknownUser
		}
	} else if subtle.ConstantTimeCompare([]byte(c.r.Header.Get("password")), []byte(admin.Password)) != 1 {
		return errUnknownUser
	}
	c.admin = admin
	return nil
}

func (s *Server) clientCertIs(r *http.Request, login string) bool {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return false
	}
	cn, err := s.tlsCA.VerifyClient(r.TLS.PeerCertificates[0])
	return err == nil && cn == login
}

func (s *Server) findAdmin(login string) (Admin, bool) {
	if a := find(s.w.Admins, func(a *Admin) bool { return a.Login == login }); a != nil {
		return *a, true
	}
	return Admin{}, false
}

// commit records that the request changed state and persists it. Caller holds
// s.mu.
func (c *call) commit() {
	c.info.mutated = true
	if err := c.s.persistLocked(); err != nil {
		c.s.log.Error("persist state", "err", err)
	}
}

// base is scheme://host of the request, for Location headers and ACME URLs.
func (c *call) base() string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.r.Host
}

// created answers 201 with an absolute Location under the request's prefix.
func (c *call) created(path string) error {
	c.w.Header().Set("Location", c.base()+c.prefix+path)
	c.w.WriteHeader(http.StatusCreated)
	return nil
}

func (c *call) status(code int) error {
	c.w.WriteHeader(code)
	return nil
}

// commitStatus records the change and answers code with no body, which is
// how most of SCM's state-changing calls end.
func (c *call) commitStatus(code int) error {
	c.commit()
	return c.status(code)
}

func (c *call) json(v any) error {
	writeJSON(c.w, c.ctype, http.StatusOK, v)
	return nil
}

func (c *call) decode(v any) error { return decodeBody(c.r, v) }

// decodeAs decodes the request body into a new B (see decodeBody).
func decodeAs[B any](c *call) (B, error) {
	var req B
	err := c.decode(&req)
	return req, err
}

// targetAndBody resolves the object the path names, then decodes the body
// into a B. The order matters: an unknown id answers 404 whatever the body
// holds.
func targetAndBody[B, T any](c *call, target func() (*T, error)) (*T, B, error) {
	t, err := target()
	if err != nil {
		var req B
		return nil, req, err
	}
	req, err := decodeAs[B](c)
	return t, req, err
}

// fromBody decodes the body and hands it to a constructor that validates it
// into a new object for the admin (a domain, a delegation, a certificate).
func fromBody[B, T any](c *call, build func(Admin, B) (T, error)) (T, error) {
	req, err := decodeAs[B](c)
	if err != nil {
		var zero T
		return zero, err
	}
	return build(c.admin, req)
}

// pathObject resolves the path segment {id} to an object the admin may see.
// A malformed, unknown or invisible id gets the same 404, so an RAO cannot
// tell another organization's objects from ids that are free.
func pathObject[T any](c *call, code int, what string, lookup func(int) *T, visible func(*T) bool) (*T, error) {
	id, err := c.pathID("id", code, what)
	if err != nil {
		return nil, err
	}
	obj := lookup(id)
	if obj == nil || !visible(obj) {
		return nil, notFound(code, what, id)
	}
	return obj, nil
}

// pathID parses a numeric path segment; anything else is an unknown id.
func (c *call) pathID(name string, code int, what string) (int, error) {
	raw := c.r.PathValue(name)
	id, err := strconv.Atoi(raw)
	if err != nil || id <= 0 {
		return 0, notFound(code, what, raw)
	}
	return id, nil
}
