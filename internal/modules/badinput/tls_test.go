package badinput

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// TestTLSVerification: verification is on by default (without scm_ca_path the emulator's private CA is
// refused, see the table), and turning it off works but says so in the result's warnings.
func TestTLSVerification(t *testing.T) {
	t.Parallel()
	tasks := map[string]map[string]any{
		"acme_domain": with(org, "name", "insecure.example"),
		"acme_user":   acct,
	}
	for module, args := range tasks {
		t.Run(module, func(t *testing.T) {
			t.Parallel()
			sim := simtest.Start(t, scmsim.Options{})
			conn := merge(sim.Conn(nil), map[string]any{"scm_ca_path": remove})

			refused := runners[module](t, merge(conn, args))
			require.True(t, refused.Failed(), "verification must be on by default")
			assert.Contains(t, refused.Msg(), "certificate")
			assert.Empty(t, refused.Warnings())

			insecure := runners[module](t, merge(merge(conn, args), map[string]any{"scm_validate_certs": false}))
			require.False(t, insecure.Failed(), insecure.Msg())
			require.Len(t, insecure.Warnings(), 1)
			assert.Contains(t, insecure.Warnings()[0], "scm_validate_certs is false")
		})
	}
}
