package caatest

import (
	"strings"

	"github.com/miekg/dns"
)

// maxChase bounds CNAME chasing, so that a looping fixture still answers.
const maxChase = 8

// serve answers one query (see the package documentation for how).
func (s *Server) serve(w dns.ResponseWriter, req *dns.Msg) {
	if len(req.Question) != 1 {
		resp := new(dns.Msg)
		_ = w.WriteMsg(resp.SetRcode(req, dns.RcodeFormatError))
		return
	}
	q := req.Question[0]
	network := w.RemoteAddr().Network()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries = append(s.queries, Query{Name: key(q.Name), Type: dns.TypeToString[q.Qtype], Net: network})
	if s.drop[key(q.Name)] {
		return // no answer at all: the client times out
	}
	_ = w.WriteMsg(s.answer(req, network == "udp"))
}

// answer builds the response; the caller holds s.mu.
func (s *Server) answer(req *dns.Msg, udp bool) *dns.Msg {
	resp := new(dns.Msg)
	resp.SetReply(req)
	resp.Authoritative = true
	q := req.Question[0]
	name := key(q.Name)
	switch {
	case s.servfail[name]:
		resp.Rcode = dns.RcodeServerFailure
	case udp && s.truncate:
		resp.Truncated = true
	case !s.exists(name):
		resp.Rcode = dns.RcodeNameError
	default:
		resp.Answer = s.records(name, q.Qtype)
	}
	return resp
}

// records returns name's records of qtype, or its CNAME and, when chasing,
// what the alias leads to.
func (s *Server) records(name string, qtype uint16) []dns.RR {
	var out []dns.RR
	for range maxChase {
		cname, rrs := s.lookup(name, qtype)
		out = append(out, rrs...)
		if cname == "" || !s.chase {
			return out
		}
		name = cname
	}
	return out
}

// lookup returns name's records of qtype, or its CNAME record and target.
func (s *Server) lookup(name string, qtype uint16) (cname string, rrs []dns.RR) {
	for _, rr := range s.zone[name] {
		if c, ok := rr.(*dns.CNAME); ok && qtype != dns.TypeCNAME {
			return key(c.Target), []dns.RR{rr}
		}
		if rr.Header().Rrtype == qtype {
			rrs = append(rrs, rr)
		}
	}
	return "", rrs
}

// exists reports whether name owns records or lies above a name that does
// (an empty non-terminal), which makes the difference between NODATA and
// NXDOMAIN.
func (s *Server) exists(name string) bool {
	for owner := range s.zone {
		if owner == name || strings.HasSuffix(owner, "."+name) {
			return true
		}
	}
	return false
}
