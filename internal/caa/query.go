package caa

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// ednsSize is the UDP payload size offered (the DNS Flag Day 2020 value):
// large enough for ordinary CAA RRsets, small enough to avoid fragmentation.
// Bigger answers come truncated and are asked again over TCP.
const ednsSize = 1232

// serverSet is where and how to send queries.
type serverSet struct {
	addrs    []string // host:port, asked in order
	source   string   // the file they came from, "" for a server given by the caller
	timeout  time.Duration
	attempts int // rounds over addrs
}

// label names the servers in messages.
func (s serverSet) label() string {
	l := strings.Join(s.addrs, ", ")
	if s.source != "" {
		l += " (from " + s.source + ")"
	}
	return l
}

// query asks the servers for name's CAA RRset the way the C library's stub
// resolver does: each server in turn, for the configured number of rounds,
// until one gives a usable answer. A SERVFAIL moves on to the next server
// too, since another resolver may well answer.
func (s serverSet) query(ctx context.Context, name string) (*dns.Msg, error) {
	var last error
	for range max(s.attempts, 1) {
		for _, addr := range s.addrs {
			resp, err := exchange(ctx, addr, name, s.timeout)
			if err == nil {
				return resp, nil
			}
			last = err
			if ctx.Err() != nil {
				return nil, s.fail(name, fmt.Errorf("%w: %v", ctx.Err(), err))
			}
		}
	}
	return nil, s.fail(name, last)
}

func (s serverSet) fail(name string, err error) *LookupError {
	return &LookupError{Name: canonical(name), Server: s.label(), Err: err}
}

// exchange sends one query to one server over UDP, and again over TCP when
// the answer is truncated, and accepts only a NOERROR or NXDOMAIN answer to
// the question asked. Recursion is requested (an authoritative server
// ignores it); the CD bit is not set, so a validating resolver still checks
// DNSSEC.
func exchange(ctx context.Context, addr, name string, timeout time.Duration) (*dns.Msg, error) {
	q := new(dns.Msg)
	q.SetQuestion(name, dns.TypeCAA)
	q.SetEdns0(ednsSize, false)
	resp, err := send(ctx, "udp", addr, q, timeout)
	if err == nil && resp.Truncated {
		resp, err = send(ctx, "tcp", addr, q, timeout)
	}
	if err != nil {
		return nil, err
	}
	return resp, checkReply(q, resp)
}

func send(ctx context.Context, network, addr string, q *dns.Msg, timeout time.Duration) (*dns.Msg, error) {
	c := &dns.Client{Net: network, Timeout: timeout}
	resp, _, err := c.ExchangeContext(ctx, q, addr)
	return resp, err
}

// checkReply rejects an answer to another question (miekg/dns matches only
// the message ID) and any response code but NOERROR and NXDOMAIN.
func checkReply(q, resp *dns.Msg) error {
	want := q.Question[0]
	if len(resp.Question) != 1 || resp.Question[0].Qtype != want.Qtype || !strings.EqualFold(resp.Question[0].Name, want.Name) {
		return fmt.Errorf("the answer is for another question")
	}
	if resp.Rcode != dns.RcodeSuccess && resp.Rcode != dns.RcodeNameError {
		return &RcodeError{Rcode: resp.Rcode}
	}
	return nil
}
