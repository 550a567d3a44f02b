package crosscheck

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/modules/scmdomaininfo"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// A name SCM holds in another spelling than the user's, here an internationalised name stored as a
// U-label, is still the same name: the modules bring SCM's names to dnsname's canonical form
// (dnsname.Lenient), the one the user's names are validated into, instead of only lower-casing them.
func TestNames_scmSpellingIsCanonicalised(t *testing.T) {
	t.Parallel()
	today := utcDay(time.Now())
	sim := simtest.Start(t, scmsim.Options{Now: func() time.Time { return today }})
	w := sim.World()
	w.Domains = append(w.Domains, scmsim.Domain{ID: 2001, Name: "Bücher.Example", Created: today,
		Delegations: []scmsim.Delegation{{OrgID: scmsim.DemoOrgID, CertTypes: []string{"SSL"}, Status: "ACTIVE"}}})
	w.NextIDs.Domain = 2002
	require.NoError(t, sim.Seed(w))

	for _, given := range []string{"bücher.example", "xn--bcher-kva.example", "BÜCHER.example."} {
		info := simtest.RunInfo(t, sim, scmdomaininfo.Module, map[string]any{"names": []any{given}})
		assert.Equal(t, []string{"xn--bcher-kva.example"}, simtest.Strings(t, info, "domains", "name"),
			"scm_domain_info, names: [%s]", given)
	}
}
