package caatest

import (
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

// Server is a running loopback DNS server. Its methods may be called while
// it serves.
type Server struct {
	// Addr is host:port on 127.0.0.1, the same port for UDP and TCP.
	Addr string

	mu       sync.Mutex
	zone     map[string][]dns.RR // by lower-case absolute owner name
	servfail map[string]bool
	drop     map[string]bool
	truncate bool
	chase    bool
	queries  []Query
}

// Query is one question the server received.
type Query struct {
	Name string // lower case, absolute: "www.example.com."
	Type string // "CAA"
	Net  string // "udp" or "tcp"
}

// Start serves records, written as zone-file lines
// (`example.com. CAA 0 issue "sectigo.com"`; TTL and class may be left out),
// until the test ends.
func Start(t testing.TB, records ...string) *Server {
	t.Helper()
	s := &Server{zone: map[string][]dns.RR{}, servfail: map[string]bool{}, drop: map[string]bool{}}
	s.Add(t, records...)
	pc, ln := listen(t)
	s.Addr = pc.LocalAddr().String()
	handler := dns.HandlerFunc(s.serve)
	for _, srv := range []*dns.Server{{PacketConn: pc, Handler: handler}, {Listener: ln, Handler: handler}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go func() { _ = srv.ActivateAndServe() }()
		<-started
		t.Cleanup(func() { _ = srv.Shutdown() })
	}
	return s
}

// listen opens UDP and TCP on one free loopback port. The UDP port comes
// from the kernel; the same TCP port is free almost always, so a clash is
// simply retried.
func listen(t testing.TB) (net.PacketConn, net.Listener) {
	t.Helper()
	var err error
	for range 20 {
		var pc net.PacketConn
		if pc, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			continue
		}
		var ln net.Listener
		if ln, err = net.Listen("tcp", pc.LocalAddr().String()); err == nil {
			return pc, ln
		}
		_ = pc.Close()
	}
	t.Fatalf("caatest: no free loopback port: %v", err)
	return nil, nil
}

// Add publishes more records; the test fails on a line that does not parse.
func (s *Server) Add(t testing.TB, records ...string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, line := range records {
		rr, err := dns.NewRR(line)
		if err != nil || rr == nil {
			t.Fatalf("caatest: bad record %q: %v", line, err)
		}
		owner := key(rr.Header().Name)
		s.zone[owner] = append(s.zone[owner], rr)
	}
}

// ServFail makes the server answer SERVFAIL for names (any type).
func (s *Server) ServFail(names ...string) { s.mark(s.servfail, names) }

// Drop makes the server never answer for names, so lookups time out.
func (s *Server) Drop(names ...string) { s.mark(s.drop, names) }

func (s *Server) mark(set map[string]bool, names []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		set[key(n)] = true
	}
}

// Truncate makes every UDP answer empty with the TC bit set, so that only
// TCP gets the records.
func (s *Server) Truncate(on bool) { s.set(&s.truncate, on) }

// ChaseCNAME makes the server append the records an alias leads to, as a
// recursive resolver does, instead of stopping at the CNAME.
func (s *Server) ChaseCNAME(on bool) { s.set(&s.chase, on) }

func (s *Server) set(flag *bool, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*flag = on
}

// Queries returns the questions received so far, in order.
func (s *Server) Queries() []Query {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Query(nil), s.queries...)
}

// key is the map key of a name: lower case, absolute.
func key(name string) string { return dns.Fqdn(strings.ToLower(name)) }
