package caatest

import (
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ask(t *testing.T, s *Server, network, name string, qtype uint16) *dns.Msg {
	t.Helper()
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	resp, _, err := (&dns.Client{Net: network, Timeout: time.Second}).ExchangeContext(t.Context(), q, s.Addr)
	require.NoError(t, err)
	return resp
}

func TestServerAnswers(t *testing.T) {
	t.Parallel()
	s := Start(t,
		`example.com. CAA 0 issue "sectigo.com"`,
		`www.example.com. CNAME host.example.net.`,
		`host.example.net. CAA 0 issue "letsencrypt.org"`,
		`deep.empty.example.org. A 127.0.0.1`,
	)
	resp := ask(t, s, "udp", "EXAMPLE.com", dns.TypeCAA)
	assert.Equal(t, dns.RcodeSuccess, resp.Rcode)
	assert.True(t, resp.Authoritative)
	require.Len(t, resp.Answer, 1)
	assert.Equal(t, "sectigo.com", resp.Answer[0].(*dns.CAA).Value)

	assert.Empty(t, ask(t, s, "udp", "example.com", dns.TypeA).Answer, "NODATA")
	assert.Equal(t, dns.RcodeSuccess, ask(t, s, "udp", "empty.example.org", dns.TypeCAA).Rcode, "empty non-terminal")
	assert.Equal(t, dns.RcodeNameError, ask(t, s, "udp", "nx.example.com", dns.TypeCAA).Rcode)

	resp = ask(t, s, "tcp", "www.example.com", dns.TypeCAA)
	require.Len(t, resp.Answer, 1, "an alias answers with its CNAME only")
	assert.IsType(t, &dns.CNAME{}, resp.Answer[0])

	s.ChaseCNAME(true)
	assert.Len(t, ask(t, s, "udp", "www.example.com", dns.TypeCAA).Answer, 2, "chased: CNAME and the target's CAA")

	assert.Equal(t, []Query{
		{Name: "example.com.", Type: "CAA", Net: "udp"},
		{Name: "example.com.", Type: "A", Net: "udp"},
		{Name: "empty.example.org.", Type: "CAA", Net: "udp"},
		{Name: "nx.example.com.", Type: "CAA", Net: "udp"},
		{Name: "www.example.com.", Type: "CAA", Net: "tcp"},
		{Name: "www.example.com.", Type: "CAA", Net: "udp"},
	}, s.Queries())
}

func TestServerFailures(t *testing.T) {
	t.Parallel()
	s := Start(t, `example.com. CAA 0 issue "sectigo.com"`)
	s.Add(t, `example.net. CAA 0 issue "sectigo.com"`)

	s.ServFail("example.com.")
	assert.Equal(t, dns.RcodeServerFailure, ask(t, s, "udp", "example.com", dns.TypeCAA).Rcode)
	assert.Equal(t, dns.RcodeSuccess, ask(t, s, "udp", "example.net", dns.TypeCAA).Rcode, "only the names given fail")

	s.Truncate(true)
	resp := ask(t, s, "udp", "example.net", dns.TypeCAA)
	assert.True(t, resp.Truncated)
	assert.Empty(t, resp.Answer)
	assert.Len(t, ask(t, s, "tcp", "example.net", dns.TypeCAA).Answer, 1)

	s.Drop("example.net")
	q := new(dns.Msg)
	q.SetQuestion("example.net.", dns.TypeCAA)
	_, _, err := (&dns.Client{Timeout: 100 * time.Millisecond}).ExchangeContext(t.Context(), q, s.Addr)
	assert.ErrorContains(t, err, "timeout")
}
