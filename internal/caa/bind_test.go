package caa

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/testutil/bind"
)

// TestCheckAgainstBIND runs the check against a real named (skipped when
// BIND is not installed, unless SCMKIT_REQUIRE_BIND=1), with records
// published by nsupdate: the wire format, BIND's CNAME chasing inside its
// zones and its REFUSED above them are what they are in production.
func TestCheckAgainstBIND(t *testing.T) {
	t.Parallel()
	srv := bind.Start(t, bind.Options{Zones: []string{"caa-a.example", "caa-b.example"}})
	srv.Publish(t,
		bind.Record{Name: "caa-a.example", Type: "CAA", Value: `0 issue "letsencrypt.org"`},
		bind.Record{Name: "ok.caa-a.example", Type: "CAA", Value: `0 issue "sectigo.com; accounturi=https://acme.example/1"`},
		bind.Record{Name: "ok.caa-a.example", Type: "CAA", Value: `0 issuewild ";"`},
		bind.Record{Name: "alias.caa-a.example", Type: "CNAME", Value: "ok.caa-a.example."},
		bind.Record{Name: "crit.caa-a.example", Type: "CAA", Value: `128 tbs "unknown"`},
	)
	r := NewResolver(srv.Addr)

	findings, err := Check(t.Context(), r, []string{
		"www.caa-a.example", "ok.caa-a.example", "*.ok.caa-a.example", "alias.caa-a.example", "crit.caa-a.example",
	}, "sectigo.com")
	require.NoError(t, err)
	require.Len(t, findings, 5)

	assert.False(t, findings[0].Allowed)
	assert.Equal(t, `CAA at caa-a.example (inherited by www.caa-a.example): 0 issue "letsencrypt.org" does not name sectigo.com`, findings[0].Reason)
	assert.Equal(t, `caa-a.example. CAA 0 issue "sectigo.com"`, findings[0].Fix)

	assert.True(t, findings[1].Allowed, findings[1].Reason)

	assert.False(t, findings[2].Allowed)
	assert.Equal(t, `ok.caa-a.example. CAA 0 issuewild "sectigo.com"`, findings[2].Fix)

	assert.True(t, findings[3].Allowed, findings[3].Reason)
	assert.Equal(t, "ok.caa-a.example", findings[3].RRsetAt, "BIND chases the in-zone CNAME")

	assert.False(t, findings[4].Allowed)
	assert.Equal(t, `remove crit.caa-a.example. CAA 128 tbs "unknown" or clear its critical flag`, findings[4].Fix)

	// caa-b.example has no CAA, so the climb leaves BIND's zones and an
	// authoritative-only server refuses: an error, never "allowed".
	_, err = Check(t.Context(), r, []string{"www.caa-b.example"}, "sectigo.com")
	require.Error(t, err)
	assert.ErrorContains(t, err, "CAA lookup of example at "+srv.Addr+" failed: server answered REFUSED")
}
