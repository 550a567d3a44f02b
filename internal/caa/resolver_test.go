package caa

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/caa/caatest"
)

// nets lists the transport of each query the server saw.
func nets(qs []caatest.Query) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Net)
	}
	return out
}

// names lists the name of each query the server saw.
func names(qs []caatest.Query) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Name)
	}
	return out
}

func TestLookupCAA(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t,
		`example.com. CAA 0 issue "sectigo.com"`,
		`example.com. CAA 128 issuewild ";"`,
		`www.example.com. A 127.0.0.1`,
	)
	r := NewResolver(srv.Addr)
	for _, name := range []string{"example.com", "EXAMPLE.com."} {
		recs, err := r.LookupCAA(t.Context(), name)
		require.NoError(t, err)
		assert.ElementsMatch(t, []Record{{Tag: "issue", Value: "sectigo.com"}, {Flags: 128, Tag: "issuewild", Value: ";"}}, recs)
	}
	for _, name := range []string{"www.example.com", "nx.example.com", "com"} { // NODATA, NXDOMAIN, empty non-terminal
		recs, err := r.LookupCAA(t.Context(), name)
		require.NoError(t, err, name)
		assert.NotNil(t, recs, "no records is an empty slice, not nil")
		assert.Empty(t, recs, name)
	}
}

func TestLookupCAAFollowsCNAMEs(t *testing.T) {
	t.Parallel()
	zone := []string{
		`www.example.com. CNAME cdn.example.net.`,
		`cdn.example.net. CNAME edge.example.org.`,
		`edge.example.org. CAA 0 issue "letsencrypt.org"`,
		`gone.example.com. CNAME nothing.example.net.`,
		`loop1.example.com. CNAME loop2.example.com.`,
		`loop2.example.com. CNAME loop1.example.com.`,
	}
	want := []Record{{Tag: "issue", Value: "letsencrypt.org"}}

	t.Run("authoritative server: asks the end of the chain again", func(t *testing.T) {
		t.Parallel()
		srv := caatest.Start(t, zone...)
		a, err := NewResolver(srv.Addr).(*dnsResolver).lookupCAA(t.Context(), "www.example.com")
		require.NoError(t, err)
		assert.Equal(t, answer{records: want, owner: "edge.example.org."}, a)
		assert.Equal(t, []string{"www.example.com.", "cdn.example.net.", "edge.example.org."}, names(srv.Queries()))
	})
	t.Run("recursive resolver: takes the chain from one answer", func(t *testing.T) {
		t.Parallel()
		srv := caatest.Start(t, zone...)
		srv.ChaseCNAME(true)
		recs, err := NewResolver(srv.Addr).LookupCAA(t.Context(), "www.example.com")
		require.NoError(t, err)
		assert.Equal(t, want, recs)
		assert.Len(t, srv.Queries(), 1)
	})
	t.Run("alias to a missing name is empty", func(t *testing.T) {
		t.Parallel()
		srv := caatest.Start(t, zone...)
		recs, err := NewResolver(srv.Addr).LookupCAA(t.Context(), "gone.example.com")
		require.NoError(t, err)
		assert.Empty(t, recs)
	})
	for _, chase := range []bool{false, true} {
		t.Run(fmt.Sprintf("loop is an error (chased by the server: %v)", chase), func(t *testing.T) {
			t.Parallel()
			srv := caatest.Start(t, zone...)
			srv.ChaseCNAME(chase)
			_, err := NewResolver(srv.Addr).LookupCAA(t.Context(), "loop1.example.com")
			require.Error(t, err)
			assert.ErrorContains(t, err, "CAA lookup of loop1.example.com at "+srv.Addr+" failed:")
			assert.Regexp(t, `CNAME loop|more than 8 CNAMEs`, err.Error())
			t.Log(err)
		})
	}
}

func TestLookupCAATruncatedAnswerRetriesOverTCP(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t, `example.com. CAA 0 issue "sectigo.com"`)
	srv.Truncate(true)
	recs, err := NewResolver(srv.Addr).LookupCAA(t.Context(), "example.com")
	require.NoError(t, err)
	assert.Equal(t, []Record{{Tag: "issue", Value: "sectigo.com"}}, recs)
	assert.Equal(t, []string{"udp", "tcp"}, nets(srv.Queries()))
}

func TestLookupCAAServFail(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t, `example.com. CAA 0 issue "sectigo.com"`)
	srv.ServFail("example.com")
	recs, err := NewResolver(srv.Addr).LookupCAA(t.Context(), "example.com.")
	assert.Nil(t, recs)
	require.Error(t, err)
	assert.EqualError(t, err, "CAA lookup of example.com at "+srv.Addr+" failed: server answered SERVFAIL"+
		" (a validating resolver also answers so for a zone whose DNSSEC does not validate)")
	var rc *RcodeError
	require.ErrorAs(t, err, &rc)
	assert.Equal(t, dns.RcodeServerFailure, rc.Rcode)
	assert.Len(t, srv.Queries(), serverAttempts, "a SERVFAIL is retried once")
}

func TestLookupCAATimeout(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t)
	srv.Drop("example.com")
	// No context deadline: the per-query timeout alone must end the lookup.
	r := &dnsResolver{servers: func() (serverSet, error) {
		return serverSet{addrs: []string{srv.Addr}, timeout: 100 * time.Millisecond, attempts: 2}, nil
	}}
	start := time.Now()
	_, err := r.LookupCAA(context.Background(), "example.com")
	assert.Less(t, time.Since(start), time.Second)
	require.Error(t, err)
	assert.ErrorContains(t, err, "CAA lookup of example.com at "+srv.Addr+" failed:")
	assert.ErrorContains(t, err, "timeout")
	assert.Len(t, srv.Queries(), 2)
}

func TestLookupCAAFailsOverToTheNextServer(t *testing.T) {
	t.Parallel()
	bad := caatest.Start(t, `example.com. CAA 0 issue "letsencrypt.org"`)
	bad.ServFail("example.com")
	good := caatest.Start(t, `example.com. CAA 0 issue "sectigo.com"`)
	r := &dnsResolver{servers: func() (serverSet, error) {
		return serverSet{addrs: []string{bad.Addr, good.Addr}, source: "resolv.conf", timeout: time.Second, attempts: 2}, nil
	}}
	recs, err := r.LookupCAA(t.Context(), "example.com")
	require.NoError(t, err)
	assert.Equal(t, []Record{{Tag: "issue", Value: "sectigo.com"}}, recs)

	good.ServFail("example.com")
	_, err = r.LookupCAA(t.Context(), "example.com")
	assert.ErrorContains(t, err, "CAA lookup of example.com at "+bad.Addr+", "+good.Addr+" (from resolv.conf) failed: server answered SERVFAIL")
}

func TestLookupCAAConnectionRefused(t *testing.T) {
	t.Parallel()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := pc.LocalAddr().String()
	require.NoError(t, pc.Close()) // nothing listens there now
	_, err = NewResolver(addr).LookupCAA(t.Context(), "example.com")
	assert.ErrorContains(t, err, "CAA lookup of example.com at "+addr+" failed:")
}

func TestWithDefaultPort(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"127.0.0.1:5353": "127.0.0.1:5353",
		"127.0.0.1":      "127.0.0.1:53",
		"::1":            "[::1]:53",
		"[::1]":          "[::1]:53",
		"[::1]:5353":     "[::1]:5353",
		"ns.example":     "ns.example:53",
	} {
		assert.Equal(t, want, withDefaultPort(in), in)
	}
}

func TestReadResolvConf(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "resolv.conf")
	require.NoError(t, os.WriteFile(path, []byte("search corp.example\nnameserver 10.0.0.1\nnameserver fd00::53\noptions ndots:5 timeout:1 attempts:3\n"), 0o600))
	set, err := readResolvConf(path)
	require.NoError(t, err)
	assert.Equal(t, serverSet{addrs: []string{"10.0.0.1:53", "[fd00::53]:53"}, source: path, timeout: time.Second, attempts: 3}, set)

	empty := filepath.Join(dir, "empty.conf")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	set, err = readResolvConf(empty)
	require.NoError(t, err)
	assert.Equal(t, localServers, set.addrs, "no nameserver line means the local host, as for the C library")

	missing := filepath.Join(dir, "missing.conf")
	r := &dnsResolver{servers: func() (serverSet, error) { return readResolvConf(missing) }}
	_, err = r.LookupCAA(t.Context(), "example.com")
	assert.ErrorContains(t, err, "reading the system resolvers")
	assert.ErrorContains(t, err, missing)
}

func TestNewResolverDefaultsToTheSystem(t *testing.T) {
	t.Parallel()
	r, ok := NewResolver("").(*dnsResolver)
	require.True(t, ok)
	set, err := r.servers()
	if err != nil { // a machine without resolv.conf: the error names the file
		assert.ErrorContains(t, err, resolvConfPath)
		return
	}
	assert.Equal(t, resolvConfPath, set.source)
	assert.NotEmpty(t, set.addrs)
}
