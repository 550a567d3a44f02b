package dnscheck

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zone is the fixture every DNS test reads; names are lower-case FQDNs.
var zone = map[string][]string{
	"_abc.demo.example.test.":   {"_abc.demo.example.test. 60 IN CNAME 0123.abcd.sectigo.com."},
	"_mixed.demo.example.test.": {"_mixed.demo.example.test. 60 IN CNAME AbC.Sectigo.COM."},
	"alias2.demo.example.test.": {"alias2.demo.example.test. 60 IN CNAME alias.demo.example.test."},
	"alias.demo.example.test.":  {"alias.demo.example.test. 60 IN CNAME www.demo.example.test."},
	"www.demo.example.test.":    {"www.demo.example.test. 60 IN A 127.0.0.1"},
	"_pki-validation.demo.example.test.": {
		`_pki-validation.demo.example.test. 60 IN TXT "first"`,
		`_pki-validation.demo.example.test. 60 IN TXT "pipe|semi;colon back\\slash \"quoted\""`,
		`_pki-validation.demo.example.test. 60 IN TXT "second"`,
	},
	"long.demo.example.test.": {`long.demo.example.test. 60 IN TXT "` + strings.Repeat("z", 255) + `" "` + strings.Repeat("y", 45) + `"`},
}

// startDNS serves zone on a loopback UDP and TCP port (same number) and
// returns host:port. It answers like an authoritative server: the CNAME for
// any type at an alias, the records of the asked type, NODATA for a known
// name without them, NXDOMAIN otherwise.
func startDNS(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	ln, err := net.Listen("tcp", pc.LocalAddr().String())
	require.NoError(t, err)
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		_ = w.WriteMsg(answer(t, req))
	})
	for _, srv := range []*dns.Server{{PacketConn: pc, Handler: handler}, {Listener: ln, Handler: handler}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go func() { _ = srv.ActivateAndServe() }()
		<-started
		t.Cleanup(func() { _ = srv.Shutdown() })
	}
	return pc.LocalAddr().String()
}

func answer(t *testing.T, req *dns.Msg) *dns.Msg {
	resp := new(dns.Msg)
	resp.SetReply(req)
	resp.Authoritative = true
	q := req.Question[0]
	rrs, known := zone[strings.ToLower(q.Name)]
	if !known {
		resp.SetRcode(req, dns.RcodeNameError)
		return resp
	}
	for _, text := range rrs {
		rr, err := dns.NewRR(text)
		if err != nil {
			t.Errorf("bad fixture %q: %v", text, err)
			continue
		}
		if rr.Header().Rrtype == q.Qtype || rr.Header().Rrtype == dns.TypeCNAME {
			resp.Answer = append(resp.Answer, rr)
		}
	}
	return resp
}

func TestChecker_CheckCNAME(t *testing.T) {
	t.Parallel()
	c := &Checker{DNSServer: startDNS(t), Timeout: 10 * time.Second}

	tests := []struct {
		desc    string
		host    string
		want    string
		wantErr error
		wantMsg string
	}{
		{desc: "match", host: "_abc.demo.example.test", want: "0123.abcd.sectigo.com"},
		{desc: "match with dots given", host: "_abc.demo.example.test.", want: "0123.abcd.sectigo.com."},
		{desc: "match ignores case", host: "_MIXED.demo.example.test", want: "abc.sectigo.com."},
		{desc: "mismatch", host: "_abc.demo.example.test", want: "other.sectigo.com.", wantErr: ErrMismatch,
			wantMsg: `CNAME of _abc.demo.example.test is "0123.abcd.sectigo.com.", want "other.sectigo.com."`},
		{desc: "first hop of a chain", host: "alias2.demo.example.test", want: "alias.demo.example.test"},
		{desc: "end of a chain is not the record", host: "alias2.demo.example.test", want: "www.demo.example.test", wantErr: ErrMismatch},
		{desc: "A-only name", host: "www.demo.example.test", want: "www.demo.example.test", wantErr: ErrNotFound,
			wantMsg: "www.demo.example.test has no CNAME record (it has address records)"},
		{desc: "missing name", host: "_nope.demo.example.test", want: "x.sectigo.com", wantErr: ErrNotFound,
			wantMsg: "_nope.demo.example.test has no CNAME record"},
		{desc: "name with TXT only", host: "long.demo.example.test", want: "x.sectigo.com", wantErr: ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			err := c.CheckCNAME(t.Context(), tt.host, tt.want)
			if tt.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			assert.Contains(t, err.Error(), tt.wantMsg)
		})
	}
}

func TestChecker_CheckTXT(t *testing.T) {
	t.Parallel()
	c := &Checker{DNSServer: startDNS(t), Timeout: 10 * time.Second}

	tests := []struct {
		desc    string
		host    string
		want    string
		wantErr error
		wantMsg string
	}{
		{desc: "one of several RRs", host: "_pki-validation.demo.example.test", want: "second"},
		{desc: "punctuation decoded", host: "_pki-validation.demo.example.test", want: `pipe|semi;colon back\slash "quoted"`},
		{desc: "value over 255 bytes is concatenated", host: "long.demo.example.test", want: strings.Repeat("z", 255) + strings.Repeat("y", 45)},
		{desc: "mismatch lists what was found", host: "_pki-validation.demo.example.test", want: "third", wantErr: ErrMismatch,
			wantMsg: `"first"`},
		{desc: "exact, not case-insensitive", host: "_pki-validation.demo.example.test", want: "FIRST", wantErr: ErrMismatch},
		{desc: "one character-string is not the value", host: "long.demo.example.test", want: strings.Repeat("z", 255), wantErr: ErrMismatch,
			wantMsg: "(300 bytes)"},
		{desc: "missing name", host: "_pki-validation.nope.example.test", want: "x", wantErr: ErrNotFound},
		{desc: "name without TXT", host: "www.demo.example.test", want: "x", wantErr: ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			err := c.CheckTXT(t.Context(), tt.host, tt.want)
			if tt.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			assert.Contains(t, err.Error(), tt.wantMsg)
		})
	}
}

func TestChecker_dnsServerDown(t *testing.T) {
	t.Parallel()
	// A port that was just released: nothing answers there.
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := pc.LocalAddr().String()
	require.NoError(t, pc.Close())
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()

	c := &Checker{DNSServer: addr}
	for _, check := range []func() error{
		func() error { return c.CheckCNAME(ctx, "_abc.demo.example.test", "x") },
		func() error { return c.CheckTXT(ctx, "_abc.demo.example.test", "x") },
	} {
		err := check()
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrNotFound, "a dead server is not a missing record")
		assert.NotErrorIs(t, err, ErrMismatch)
		assert.Contains(t, err.Error(), "lookup of _abc.demo.example.test")
	}
}

func TestChecker_noDNSServer(t *testing.T) {
	t.Parallel()
	c := &Checker{}
	require.EqualError(t, c.CheckCNAME(t.Context(), "a.example.test", "b"), "dnscheck: no DNS server configured")
	require.EqualError(t, c.CheckTXT(t.Context(), "a.example.test", "b"), "dnscheck: no DNS server configured")
}
