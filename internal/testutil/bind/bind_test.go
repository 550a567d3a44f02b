package bind

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServer publishes a Sectigo-style CNAME and an awkward TXT with nsupdate, reads them back through
// the server's resolver byte for byte, and removes them again.
func TestServer(t *testing.T) {
	t.Parallel()
	s := Start(t, Options{Zones: []string{"demo.example", "other.example."}})
	assert.Equal(t, []string{"demo.example", "other.example"}, s.Zones)
	cname := Record{Name: "_0123456789abcdef0123456789abcdef.demo.example", Type: "CNAME",
		Value: "0123456789abcdef.fedcba9876543210.sectigo.com."}
	txt := Record{Name: "_pki-validation.other.example.", Type: "TXT", Value: `pipe|semi;colon back\\slash  \"quoted\"`}
	long := Record{Name: "long.demo.example", Type: "TXT",
		Value: `"` + strings.Repeat("z", 255) + `" "` + strings.Repeat("y", 45) + `"`}
	s.Publish(t, cname, txt, long)

	ctx := t.Context()
	r := s.Resolver()
	got, err := r.LookupCNAME(ctx, cname.Name+".")
	require.NoError(t, err)
	assert.Equal(t, cname.Value, got)
	values, err := r.LookupTXT(ctx, "_pki-validation.other.example.")
	require.NoError(t, err)
	assert.Equal(t, []string{`pipe|semi;colon back\slash  "quoted"`}, values)
	values, err = r.LookupTXT(ctx, "long.demo.example.")
	require.NoError(t, err)
	assert.Equal(t, []string{strings.Repeat("z", 255) + strings.Repeat("y", 45)}, values)

	s.Remove(t, cname)
	_, err = r.LookupCNAME(ctx, cname.Name+".")
	assert.True(t, isNotFound(err), "after removal: %v", err)
}

// TestServer_sideBySide: two instances get their own ports and answer only for themselves.
func TestServer_sideBySide(t *testing.T) {
	t.Parallel()
	a := Start(t, Options{Zones: []string{"a.example"}})
	b := Start(t, Options{Zones: []string{"a.example"}})
	require.NotEqual(t, a.Port, b.Port)
	a.Publish(t, Record{Name: "only-a.a.example", Type: "TXT", Value: "a"})
	_, err := b.Resolver().LookupTXT(context.Background(), "only-a.a.example.")
	assert.True(t, isNotFound(err), "b must not see a's record: %v", err)
	assert.NotEqual(t, a.KeySecret, b.KeySecret)
}

func TestServer_badUpdateFails(t *testing.T) {
	t.Parallel()
	s := Start(t, Options{})
	_, err := s.ZoneOf("outside.example")
	require.ErrorContains(t, err, "in none of the zones")
	err = s.NSUpdate("example.test", "update add x.example.test. 60 TXT")
	require.Error(t, err, "nsupdate reports a malformed update")
}

func isNotFound(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}
