package scmcert

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

// TestMarker: the marker is the key's (the same for every CSR of the key, whatever its names), and the
// user's comments are kept as written with the marker after them.
func TestMarker(t *testing.T) {
	t.Parallel()
	keys(t)
	parse := func(pem string) *certutil.CSR {
		csr, err := certutil.ParseCSR([]byte(pem))
		require.NoError(t, err)
		return csr
	}
	m := markerOf(parse(csrPEM(t, rsaKey, "www.example.com", "example.com")))
	assert.Equal(t, markerFor(t, rsaKey), m)
	assert.Len(t, m, len("[scmkit:]")+16)
	assert.Equal(t, m, markerOf(parse(csrPEM(t, rsaKey, "other.example.net"))), "the key, not the names")
	assert.NotEqual(t, m, markerOf(parse(csrPEM(t, rsaKey2, "www.example.com", "example.com"))))

	assert.Equal(t, m, withMarker("", m))
	assert.Equal(t, m, withMarker("  ", m))
	assert.Equal(t, "for the shop "+m, withMarker("for the shop", m))
	assert.Equal(t, "ticket T-9\n"+m+" (kept) ", withMarker("ticket T-9\n"+m+" (kept) ", m), "not twice")
	assert.Equal(t, "as written", withMarker("as written", ""))

	assert.NoError(t, checkComments(strings.Repeat("x", commentsLimit-len(m)-1), m))
	assert.Error(t, checkComments(strings.Repeat("x", commentsLimit-len(m)), m))

	ours := &scm.Certificate{Comments: "for the shop " + m, Status: "Init"}
	assert.True(t, carriesMarker(ours, m))
	assert.False(t, carriesMarker(ours, ""))
	assert.True(t, inProgress(ours, m))
	for _, st := range []scm.SSLStatus{scm.SSLIssued, scm.SSLRequested, scm.SSLRevoked, scm.SSLDeclined, scm.SSLReplaced, scm.SSLUnmanaged} {
		assert.False(t, inProgress(&scm.Certificate{Comments: m, Status: st}, m), "%s is live or final", st)
	}
	assert.False(t, inProgress(&scm.Certificate{Comments: "someone else's", Status: "Init"}, m))
}
