package scmsim

import (
	"crypto/x509"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/scmkit/sectigo/internal/scmsim/simca"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeedBulk_counts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	res, err := e.sim.SeedBulk(BulkSeed{Domains: 50, Certificates: 400, Seed: 7})
	require.NoError(t, err)
	assert.Equal(t, 50, res.Domains)
	assert.Equal(t, 400, res.Certificates)
	assert.Equal(t, "b00000.bulk.example", res.FirstDomain)
	assert.Equal(t, "b00049.bulk.example", res.LastDomain)
	assert.Equal(t, 50, res.TotalDomains)
	assert.Equal(t, 400, res.TotalCertificates)

	w := e.sim.World()
	require.Len(t, w.Domains, 50)
	for i, d := range w.Domains {
		assert.Equal(t, BulkDomainName(i), d.Name)
		assert.Equal(t, []Delegation{{OrgID: DemoOrgID, CertTypes: []string{"SSL"}, Status: statusActive}}, d.Delegations)
	}
	assert.NotEmpty(t, w.DCV, "some are validated")
	assert.Less(t, len(w.DCV), 50, "some are not")

	statuses := map[string]int{}
	names := map[string]bool{}
	for _, c := range w.Certificates {
		statuses[c.Status]++
		names[c.CommonName] = true
		if c.Status != sslIssued && c.Status != sslRevoked {
			assert.Empty(t, c.DER)
			continue
		}
		cert, err := x509.ParseCertificate(c.DER)
		require.NoError(t, err)
		assert.Equal(t, c.SerialHex, simca.SerialHex(cert), "the listing's serial is the certificate's")
		assert.Equal(t, []string{c.CommonName}, cert.DNSNames)
		assert.True(t, cert.NotAfter.Equal(c.Dates.Expires))
	}
	assert.Len(t, names, 50, "spread across every domain")
	for _, s := range []string{sslIssued, sslRevoked, sslRequested, sslDeclined} {
		assert.Positive(t, statuses[s], "status %s", s)
	}
	assert.Greater(t, statuses[sslIssued], 400/2)
}

// bulkFacts is what a seeding decided, without what the CA draws (signatures) or the clock gives.
func bulkFacts(w *World) []string {
	var out []string
	for _, d := range w.Domains {
		out = append(out, fmt.Sprintf("domain %d %s", d.ID, d.Name))
	}
	for _, r := range w.DCV {
		out = append(out, fmt.Sprintf("dcv %s %s %s", r.Domain, r.Status, r.Expires.Format(time.DateOnly)))
	}
	for _, c := range w.Certificates {
		out = append(out, fmt.Sprintf("cert %d %s %s %s %s %s", c.ID, c.CommonName, c.Status, c.SerialHex,
			c.Dates.Expires.Format(time.DateOnly), c.RenewID))
	}
	return out
}

func TestSeedBulk_deterministic(t *testing.T) {
	t.Parallel()
	seeded := func(seed uint64) []string {
		e := newEnv(t)
		_, err := e.sim.SeedBulk(BulkSeed{Domains: 20, Certificates: 100, Seed: seed})
		require.NoError(t, err)
		return bulkFacts(e.sim.World())
	}
	a := seeded(3)
	assert.Equal(t, a, seeded(3), "the same seed, the same objects")
	assert.NotEqual(t, a, seeded(4))
}

func TestSeedBulk_pagesServedWithTotals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.sim.SeedBulk(BulkSeed{Domains: 300, Certificates: 500})
	require.NoError(t, err)
	for _, tc := range []struct {
		path        string
		total, page int
	}{
		{"/domain/v1?position=200&size=200", 300, 100},
		{"/ssl/v1?position=200&size=200", 500, 200},
		{"/ssl/v1?position=400&size=200", 500, 100},
		{"/dcv/v1/validation?position=0&size=200", 300, 200},
	} {
		r := e.do("GET", tc.path, nil)
		require.Equal(t, http.StatusOK, r.status, tc.path)
		assert.Equal(t, fmt.Sprint(tc.total), r.header.Get("X-Total-Count"), tc.path)
		var items []map[string]any
		r.decode(t, &items)
		assert.Len(t, items, tc.page, tc.path)
	}
	var first []sslListItem
	e.do("GET", "/ssl/v1?position=0&size=1", nil).decode(t, &first)
	require.Len(t, first, 1)
	assert.Equal(t, "b00000.bulk.example", first[0].CommonName)
}

func TestSeedBulk_adminCallAddsToTheLiveWorld(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.adminDo("POST", "/admin/seed/bulk", `{"domains":10,"certificates":30,"seed":2}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var res BulkResult
	r.decode(t, &res)
	assert.Equal(t, BulkResult{Domains: 10, Certificates: 30, FirstDomain: "b00000.bulk.example",
		LastDomain: "b00009.bulk.example", TotalDomains: 10, TotalCertificates: 30, Millis: res.Millis}, res)

	r = e.adminDo("POST", "/admin/seed/bulk", `{"domains":5}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	r.decode(t, &res)
	assert.Equal(t, "b00010.bulk.example", res.FirstDomain, "numbering goes on")
	assert.Equal(t, 15, res.TotalDomains)

	r = e.adminDo("POST", "/admin/seed/bulk", `{"certificates":10}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	r.decode(t, &res)
	assert.Equal(t, 40, res.TotalCertificates, "certificates alone go to the domains there are")

	assert.Equal(t, 204, e.adminDo("POST", "/admin/reset", nil).status)
	assert.Empty(t, e.sim.World().Domains, "a reset removes what the call added")

	for _, bad := range []string{`{"domains":-1}`, `{"certificates":5}`, `{"domains":1,"bogus":1}`,
		fmt.Sprintf(`{"certificates":%d}`, maxBulkCertificates+1)} {
		r := e.adminDo("POST", "/admin/seed/bulk", bad)
		assert.Equal(t, http.StatusBadRequest, r.status, bad)
	}
}

func TestSeedBulk_atStartIsPartOfTheSeed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.Bulk = &BulkSeed{Domains: 5, Certificates: 8} })
	e.createDomain("extra.example.com")
	require.Len(t, e.sim.World().Domains, 6)
	e.sim.Reset()
	w := e.sim.World()
	assert.Len(t, w.Domains, 5, "reset returns to the bulk inventory")
	assert.Len(t, w.Certificates, 8)
}

func TestParseBulkSeed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want BulkSeed
		err  string
	}{
		{in: "domains=5000,certs=20000", want: BulkSeed{Domains: 5000, Certificates: 20000}},
		{in: " domains=1 , certificates=2 , seed=9 ", want: BulkSeed{Domains: 1, Certificates: 2, Seed: 9}},
		{in: "", want: BulkSeed{}},
		{in: "domains", err: `"domains" is not key=value`},
		{in: "domains=-1", err: `domains: "-1" is not a non-negative integer`},
		{in: "hosts=3", err: `unknown key "hosts"`},
		{in: "domains=100001", err: "domains must be 0..100000"},
	} {
		got, err := ParseBulkSeed(tc.in)
		if tc.err != "" {
			require.Error(t, err, tc.in)
			assert.Contains(t, err.Error(), tc.err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	cfg, err := parseFlags([]string{"-seed-bulk", "domains=3,certs=4"}, envOf(nil), &strings.Builder{})
	require.NoError(t, err)
	assert.Equal(t, &BulkSeed{Domains: 3, Certificates: 4}, cfg.bulk)
	cfg, err = parseFlags(nil, envOf(map[string]string{"SCMSIM_SEED_BULK": "domains=2"}), &strings.Builder{})
	require.NoError(t, err)
	assert.Equal(t, &BulkSeed{Domains: 2}, cfg.bulk)
}

func TestDCVIndex_sameAsTheLinearLookup(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, n := range []string{"example.org", "*.example.org", "sub.example.org", "a.b.example.net", "*.b.example.net"} {
		e.createDomain(n)
	}
	e.sim.mu.Lock()
	defer e.sim.mu.Unlock()
	x := e.sim.newDCVIndex()
	for _, n := range []string{"example.org", "*.example.org", "sub.example.org", "x.sub.example.org", "a.b.example.net",
		"b.example.net", "example.net", "other.example", "c.a.b.example.net"} {
		wantT, wantOK := e.sim.dcvTarget(n)
		gotT, gotOK := x.target(n)
		assert.Equal(t, wantOK, gotOK, n)
		assert.Equal(t, wantT, gotT, n)
	}
}

// BenchmarkListPage measures one page of 200 served from an enterprise-sized world (20,000
// certificates on 5,000 domains), through the whole handler (authentication, journal, JSON). It
// reports; no test holds it to a figure.
func BenchmarkListPage(b *testing.B) {
	sim, err := New(Options{Bulk: &BulkSeed{Domains: 5000, Certificates: 20000}})
	require.NoError(b, err)
	h := sim.Handler()
	for _, path := range []string{
		"/api/ssl/v1?position=10000&size=200",
		"/api/domain/v1?position=2000&size=200",
		"/api/dcv/v1/validation?position=2000&size=200",
	} {
		name := strings.SplitN(strings.TrimPrefix(path, "/api/"), "?", 2)[0]
		b.Run(strings.ReplaceAll(name, "/", "_"), func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("login", "mrao")
				req.Header.Set("password", "mrao-secret")
				req.Header.Set("customerUri", "demo")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkSeedBulk measures seeding 5,000 domains and 20,000 certificates (every issued one signed).
func BenchmarkSeedBulk(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{Bulk: &BulkSeed{Domains: 5000, Certificates: 20000}}); err != nil {
			b.Fatal(err)
		}
	}
}
