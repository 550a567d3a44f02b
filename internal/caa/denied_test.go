package caa

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDenied(t *testing.T) {
	t.Parallel()
	ok := Finding{Name: "allow.test", Allowed: true, Reason: "fine"}
	assert.NoError(t, Denied(nil))
	assert.NoError(t, Denied([]Finding{ok}))

	inherited := Finding{Name: "www.example.com", RRsetAt: "example.com",
		Reason: `CAA at example.com (inherited by www.example.com): 0 issue "letsencrypt.org" does not name sectigo.com`,
		Fix:    `example.com. CAA 0 issue "sectigo.com"`}
	critical := Finding{Name: "crit.test", RRsetAt: "crit.test",
		Reason: `CAA at crit.test: 128 tbs "x": critical flag on a tag the CA does not understand, which forbids issuance`,
		Fix:    `remove crit.test. CAA 128 tbs "x" or clear its critical flag`}
	err := Denied([]Finding{ok, inherited, critical})
	require.Error(t, err)
	assert.EqualError(t, err, `CAA forbids issuance: `+
		`CAA at example.com (inherited by www.example.com): 0 issue "letsencrypt.org" does not name sectigo.com`+
		` (to allow it, add example.com. CAA 0 issue "sectigo.com"); `+
		`CAA at crit.test: 128 tbs "x": critical flag on a tag the CA does not understand, which forbids issuance`+
		` (to allow it, remove crit.test. CAA 128 tbs "x" or clear its critical flag)`)
	var denied *DeniedError
	require.ErrorAs(t, err, &denied)
	assert.Equal(t, []Finding{inherited, critical}, denied.Denied)
}
