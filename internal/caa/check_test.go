package caa

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/caa/caatest"
)

// zone is the world most Check tests run against, one case per domain.
var zone = []string{
	`allow.test. CAA 0 issue "sectigo.com"`,
	`forbid.test. CAA 0 issue "letsencrypt.org"`,
	`nocaa.test. A 127.0.0.1`,
	`example.com. CAA 0 issue "letsencrypt.org"`,
	`example.com. CAA 0 iodef "mailto:caa@example.com"`,
	`www.example.com. A 127.0.0.1`,
	`wildonly.test. CAA 0 issuewild "sectigo.com"`,
	`mixed.test. CAA 0 issue "sectigo.com"`,
	`mixed.test. CAA 0 issuewild ";"`,
	`crit.test. CAA 128 tbs "unknown"`,
	`crit.test. CAA 0 issue "sectigo.com"`,
	`critknown.test. CAA 128 iodef "mailto:caa@critknown.test"`,
	`critboth.test. CAA 128 tbs "unknown"`,
	`critboth.test. CAA 0 issue "letsencrypt.org"`,
	`closed.test. CAA 0 issue ";"`,
	`legacy.test. CAA 0 issue "comodoca.com"`,
	`params.test. CAA 0 issue "Sectigo.COM; accounturi=https://acme.example/acct/1"`,
	`trailing.test. CAA 0 issue "sectigo.com."`,
	`www.cdn.test. CNAME edge.provider.test.`,
	`edge.provider.test. CAA 0 issue "letsencrypt.org"`,
	`www.via.test. CNAME bare.provider.test.`,
	`bare.provider.test. A 127.0.0.1`,
	`via.test. CAA 0 issue "sectigo.com"`,
}

func checkOne(t *testing.T, r Resolver, name string) Finding {
	t.Helper()
	findings, err := Check(t.Context(), r, []string{name}, "sectigo.com")
	require.NoError(t, err)
	require.Len(t, findings, 1)
	return findings[0]
}

func TestCheck(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t, zone...)
	r := NewResolver(srv.Addr)
	tests := []struct {
		name, at string
		allowed  bool
		reason   string
		fix      string
	}{
		{"allow.test", "allow.test", true, `CAA at allow.test: 0 issue "sectigo.com" authorises sectigo.com`, ""},
		{"forbid.test", "forbid.test", false, `CAA at forbid.test: 0 issue "letsencrypt.org" does not name sectigo.com`,
			`forbid.test. CAA 0 issue "sectigo.com"`},
		{"nocaa.test", "", true, "no CAA records at nocaa.test or any parent: any CA may issue", ""},
		{"unknown.nocaa.test", "", true, "no CAA records at unknown.nocaa.test or any parent: any CA may issue", ""},
		{"www.example.com", "example.com", false,
			`CAA at example.com (inherited by www.example.com): 0 issue "letsencrypt.org" does not name sectigo.com`,
			`example.com. CAA 0 issue "sectigo.com"`},
		{"deep.down.www.example.com", "example.com", false,
			`CAA at example.com (inherited by deep.down.www.example.com): 0 issue "letsencrypt.org" does not name sectigo.com`,
			`example.com. CAA 0 issue "sectigo.com"`},
		{"*.example.com", "example.com", false,
			`CAA at example.com (for *.example.com): 0 issue "letsencrypt.org" does not name sectigo.com; there is no issuewild record, so issue governs *.example.com`,
			`example.com. CAA 0 issuewild "sectigo.com"`},
		{"*.allow.test", "allow.test", true, `CAA at allow.test (for *.allow.test): 0 issue "sectigo.com" authorises sectigo.com`, ""},
		{"*.wildonly.test", "wildonly.test", true,
			`CAA at wildonly.test (for *.wildonly.test): 0 issuewild "sectigo.com" authorises sectigo.com`, ""},
		{"wildonly.test", "wildonly.test", true, "CAA at wildonly.test: no issue record, so any CA may issue", ""},
		{"*.mixed.test", "mixed.test", false, `CAA at mixed.test (for *.mixed.test): 0 issuewild ";" does not name sectigo.com`,
			`mixed.test. CAA 0 issuewild "sectigo.com"`},
		{"www.mixed.test", "mixed.test", true, `CAA at mixed.test (inherited by www.mixed.test): 0 issue "sectigo.com" authorises sectigo.com`, ""},
		{"crit.test", "crit.test", false,
			`CAA at crit.test: 128 tbs "unknown": critical flag on a tag the CA does not understand, which forbids issuance`,
			`remove crit.test. CAA 128 tbs "unknown" or clear its critical flag`},
		{"critknown.test", "critknown.test", true, "CAA at critknown.test: no issue record, so any CA may issue", ""},
		{"critboth.test", "critboth.test", false,
			`CAA at critboth.test: 128 tbs "unknown": critical flag on a tag the CA does not understand, which forbids issuance; 0 issue "letsencrypt.org" does not name sectigo.com`,
			`remove critboth.test. CAA 128 tbs "unknown" or clear its critical flag; then add critboth.test. CAA 0 issue "sectigo.com"`},
		{"closed.test", "closed.test", false, `CAA at closed.test: 0 issue ";" does not name sectigo.com`, `closed.test. CAA 0 issue "sectigo.com"`},
		{"legacy.test", "legacy.test", true, `CAA at legacy.test: 0 issue "comodoca.com" authorises sectigo.com`, ""},
		{"params.test", "params.test", true,
			`CAA at params.test: 0 issue "Sectigo.COM; accounturi=https://acme.example/acct/1" authorises sectigo.com`, ""},
		{"trailing.test", "trailing.test", false,
			`CAA at trailing.test: 0 issue "sectigo.com." does not name sectigo.com; "sectigo.com." is not a valid issuer domain`,
			`trailing.test. CAA 0 issue "sectigo.com"`},
		{"www.cdn.test", "edge.provider.test", false,
			`CAA at edge.provider.test (CNAME target of www.cdn.test): 0 issue "letsencrypt.org" does not name sectigo.com`,
			`edge.provider.test. CAA 0 issue "sectigo.com"`},
		{"www.via.test", "via.test", true, `CAA at via.test (inherited by www.via.test): 0 issue "sectigo.com" authorises sectigo.com`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := checkOne(t, r, tt.name)
			assert.Equal(t, tt.name, f.Name)
			assert.Equal(t, tt.at, f.RRsetAt, "RRsetAt")
			assert.Equal(t, tt.allowed, f.Allowed, "Allowed")
			assert.Equal(t, tt.reason, f.Reason, "Reason")
			assert.Equal(t, tt.fix, f.Fix, "Fix")
		})
	}
}

func TestCheckRecordsAreTheRelevantRRsetSorted(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t, zone...)
	f := checkOne(t, NewResolver(srv.Addr), "www.example.com")
	assert.Equal(t, []Record{
		{Tag: "iodef", Value: "mailto:caa@example.com"},
		{Tag: "issue", Value: "letsencrypt.org"},
	}, f.Records)
}

func TestCheckNormalisesNames(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t, `xn--bcher-kva.test. CAA 0 issue "letsencrypt.org"`)
	findings, err := Check(t.Context(), NewResolver(srv.Addr), []string{"WWW.Bücher.TEST.", "*.bücher.test"}, "Sectigo.com")
	require.NoError(t, err)
	require.Len(t, findings, 2)
	assert.Equal(t, "www.xn--bcher-kva.test", findings[0].Name)
	assert.Equal(t, "*.xn--bcher-kva.test", findings[1].Name)
	assert.Equal(t, "xn--bcher-kva.test", findings[1].RRsetAt)
	assert.False(t, findings[0].Allowed)
}

func TestCheckAsksEachNameOnce(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t, zone...)
	findings, err := Check(t.Context(), NewResolver(srv.Addr),
		[]string{"www.example.com", "*.example.com", "example.com", "www.example.com"}, "sectigo.com")
	require.NoError(t, err)
	assert.Len(t, findings, 4)
	var asked []string
	for _, q := range srv.Queries() {
		asked = append(asked, q.Name)
	}
	assert.ElementsMatch(t, []string{"www.example.com.", "example.com."}, asked, "each name once, names checked side by side")
}

func TestCheckClimbsToTheTopLevelButNotTheRoot(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t)
	f := checkOne(t, NewResolver(srv.Addr), "a.b.example.org")
	assert.True(t, f.Allowed)
	var asked []string
	for _, q := range srv.Queries() {
		asked = append(asked, q.Name)
	}
	assert.Equal(t, []string{"a.b.example.org.", "b.example.org.", "example.org.", "org."}, asked)
}

func TestCheckServFailIsAnError(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t, zone...)
	srv.ServFail("example.com")
	findings, err := Check(t.Context(), NewResolver(srv.Addr), []string{"allow.test", "www.example.com"}, "sectigo.com")
	require.Error(t, err)
	assert.Nil(t, findings, "a failed check reports no findings, so nothing can read as allowed")
	assert.ErrorContains(t, err, "CAA check of www.example.com: CAA lookup of example.com at "+srv.Addr+" failed: server answered SERVFAIL")
	var lookupErr *LookupError
	require.ErrorAs(t, err, &lookupErr)
	assert.Equal(t, "example.com", lookupErr.Name)
	assert.Equal(t, srv.Addr, lookupErr.Server)
}

func TestCheckTimeoutIsAFastError(t *testing.T) {
	t.Parallel()
	srv := caatest.Start(t, zone...)
	srv.Drop("www.example.com")
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Check(ctx, NewResolver(srv.Addr), []string{"www.example.com"}, "sectigo.com")
	assert.Less(t, time.Since(start), 2*time.Second)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorContains(t, err, "CAA lookup of www.example.com at "+srv.Addr+" failed")
}

func TestCheckRejectsBadInput(t *testing.T) {
	t.Parallel()
	r := fakeResolver{}
	_, err := Check(t.Context(), r, []string{"a..example.com"}, "sectigo.com")
	assert.ErrorContains(t, err, `invalid domain name "a..example.com"`)
	_, err = Check(t.Context(), r, []string{"example.com"}, "")
	assert.ErrorContains(t, err, "invalid issuer domain")
}

// fakeResolver serves RRsets from a map, for Check with a Resolver that is
// not this package's (no CNAME owner information).
type fakeResolver map[string][]Record

func (f fakeResolver) LookupCAA(_ context.Context, name string) ([]Record, error) {
	if name == "fail.test" {
		return nil, errors.New("boom")
	}
	return f[name], nil
}

func TestCheckWithAnotherResolver(t *testing.T) {
	t.Parallel()
	r := fakeResolver{"example.net": {issue("letsencrypt.org")}}
	f := checkOne(t, r, "www.example.net")
	assert.Equal(t, "example.net", f.RRsetAt)
	assert.Equal(t, `example.net. CAA 0 issue "sectigo.com"`, f.Fix)

	_, err := Check(t.Context(), r, []string{"www.fail.test"}, "sectigo.com")
	assert.EqualError(t, err, "CAA check of www.fail.test: boom")
}
