package scmcertinfo

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
)

// all is every seeded certificate in ssl_id order (the order they were enrolled).
var all = []string{"www.example.org", "api.example.org", "old.example.org", "pending.example.org", "shop.partner.example", "gone.example.org"}

func TestModule_All(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	mark := f.sim.Mark()
	res := f.run(t, nil)
	assert.Equal(t, all, cnsOf(t, res))
	// organizations, one listing, one read per certificate: the listing carries no expiry.
	assert.Len(t, f.sim.JournalSince(mark), 1+1+6)
	assert.Zero(t, f.sim.MutatingSince(mark))

	got := byCN(t, res)
	www := got["www.example.org"]
	assert.EqualValues(t, f.ids["www.example.org"], www["ssl_id"])
	assert.Equal(t, "Issued", www["status"])
	assert.Equal(t, []any{"example.org", "www.example.org"}, www["subject_alternative_names"])
	assert.Equal(t, f.clock.AddDate(0, 0, 20).Format("2006-01-02"), www["not_after"])
	assert.EqualValues(t, 20, www["days_left"])
	assert.Equal(t, "OV Multi-Domain", www["profile"])
	assert.EqualValues(t, 101, www["profile_id"])
	assert.EqualValues(t, 1002, www["org_id"])
	assert.Equal(t, "Demo University / Web", www["organization"])
	assert.Regexp(t, `^[0-9A-F]{2}(:[0-9A-F]{2})+$`, www["serial_number"])
	assert.NotContains(t, www, "pem", "pem only with include_pem")

	assert.Equal(t, "Revoked", got["old.example.org"]["status"])
	assert.NotNil(t, got["old.example.org"]["revoked"])
	assert.Equal(t, "Requested", got["pending.example.org"]["status"])
	assert.Nil(t, got["pending.example.org"]["days_left"])
	assert.Nil(t, got["pending.example.org"]["not_after"])
	assert.Equal(t, "Expired", got["gone.example.org"]["status"])
	assert.EqualValues(t, -2, got["gone.example.org"]["days_left"])
	assert.Equal(t, "Partner College", got["shop.partner.example"]["organization"])
}

func TestModule_Filters(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	serial := byCN(t, f.run(t, map[string]any{"common_name": "www.example.org"}))["www.example.org"]["serial_number"].(string)
	tests := []struct {
		desc     string
		args     map[string]any
		want     []string
		requests int // 0: not checked
	}{
		{desc: "expiring within 30 days: issued ones only, and only they are read",
			args: map[string]any{"expiring_within_days": 30},
			want: []string{"www.example.org", "shop.partner.example"}, requests: 1 + 1 + 3},
		{desc: "expiring within 3 days includes the last day", args: map[string]any{"expiring_within_days": 3},
			want: []string{"shop.partner.example"}},
		{desc: "common name is exact: SCM's substring matches are dropped before any read",
			args: map[string]any{"common_name": "Example.ORG."}, want: nil, requests: 2},
		{desc: "common name", args: map[string]any{"cn": "api.example.org"}, want: []string{"api.example.org"}, requests: 3},
		{desc: "SAN matches any name of the certificate", args: map[string]any{"san": "example.org"}, want: []string{"www.example.org"}},
		{desc: "serial without colons, lower case", args: map[string]any{"serial_number": strings.ToLower(strings.ReplaceAll(serial, ":", ""))},
			want: []string{"www.example.org"}},
		{desc: "ssl_id reads one certificate and lists nothing", args: map[string]any{"ssl_id": f.ids["api.example.org"]},
			want: []string{"api.example.org"}, requests: 2},
		{desc: "unknown ssl_id is an empty list", args: map[string]any{"ssl_id": 99999}, want: nil, requests: 2},
		{desc: "one status", args: map[string]any{"status": []any{"revoked"}}, want: []string{"old.example.org"}},
		{desc: "several statuses", args: map[string]any{"status": []any{"Requested", "EXPIRED"}},
			want: []string{"pending.example.org", "gone.example.org"}},
		{desc: "profile by name", args: map[string]any{"profile": "ov multi-domain", "status": []any{"Issued"}},
			want: []string{"www.example.org", "api.example.org", "shop.partner.example"}},
		{desc: "profile with no certificate", args: map[string]any{"profile_id": 103}, want: nil},
		{desc: "organization includes its departments (one listing each)",
			args: map[string]any{"organization": "Demo University", "expiring_within_days": 30},
			want: []string{"www.example.org"}, requests: 1 + 3 + 2},
		{desc: "department", args: map[string]any{"organization": "Demo University", "department": "Web"}, want: []string{"www.example.org"}},
		{desc: "other organization", args: map[string]any{"org_id": 1004}, want: []string{"shop.partner.example"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			mark := f.sim.Mark()
			res := f.run(t, tc.args)
			assert.Equal(t, tc.want, cnsOf(t, res))
			if tc.requests > 0 {
				assert.Len(t, f.sim.JournalSince(mark), tc.requests)
			}
		})
	}
}

func TestModule_IncludePEM(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	mark := f.sim.Mark()
	res := f.run(t, map[string]any{"include_pem": true})
	got := byCN(t, res)
	chain := parsePEM(t, got["www.example.org"]["pem"].(string))
	require.GreaterOrEqual(t, len(chain), 2, "leaf and chain")
	assert.Equal(t, "www.example.org", chain[0].Subject.CommonName, "leaf first")
	assert.ElementsMatch(t, []string{"www.example.org", "example.org"}, chain[0].DNSNames)
	for i := 0; i+1 < len(chain); i++ {
		assert.NoError(t, chain[i].CheckSignatureFrom(chain[i+1]), "certificate %d is issued by the next one", i)
	}
	assert.Equal(t, f.clock.AddDate(0, 0, 20), chain[0].NotAfter.UTC())
	assert.NotNil(t, got["gone.example.org"]["pem"], "an expired certificate can still be collected")
	for _, cn := range []string{"pending.example.org", "old.example.org"} {
		assert.Nil(t, got[cn]["pem"], cn)
	}
	// Only issued and expired certificates were collected: a collect of a pending order would count
	// towards its issuance.
	for _, e := range f.sim.JournalSince(mark) {
		for _, cn := range []string{"pending.example.org", "old.example.org"} {
			assert.NotEqual(t, fmt.Sprintf("/api/ssl/v1/collect/%d", f.ids[cn]), e.Path)
		}
	}
	assert.Zero(t, f.sim.MutatingSince(mark))
	assert.Equal(t, returnKeys(t, Module.Name, "certificates"), sortedKeys(got["www.example.org"]), "keys as RETURN documents them")
}

func parsePEM(t *testing.T, data string) []*x509.Certificate {
	t.Helper()
	var out []*x509.Certificate
	rest := []byte(data)
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		c, err := x509.ParseCertificate(b.Bytes)
		require.NoError(t, err)
		out = append(out, c)
	}
	return out
}

func TestModule_CheckModeIsTheSameRead(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	normal := f.run(t, map[string]any{"expiring_within_days": 30})
	mark := f.sim.Mark()
	check := f.run(t, map[string]any{"expiring_within_days": 30}, ansibletest.CheckMode(), ansibletest.Diff())
	assert.Zero(t, f.sim.MutatingSince(mark))
	assert.Equal(t, normal["certificates"], check["certificates"])
	assert.NotContains(t, check, "diff")
}

// TestModule_ClockShift: moving the business clock moves days_left and, past expiry, the status.
func TestModule_ClockShift(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	f.sim.SetClockOffset(4 * 24 * time.Hour)
	got := byCN(t, f.run(t, map[string]any{"expiring_within_days": 30}))
	assert.Equal(t, []string{"www.example.org"}, keys(got), "shop.partner.example expired on day 3")
	assert.EqualValues(t, 16, got["www.example.org"]["days_left"])
}

func keys(m map[string]map[string]any) []string { return sortedKeys(m) }

func TestModule_BadInputSendsNothing(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		desc    string
		args    map[string]any
		wantMsg string
	}{
		{desc: "bad serial", args: map[string]any{"serial_number": "xyz"}, wantMsg: `serial_number: "xyz" is not a hexadecimal serial number`},
		{desc: "bad status", args: map[string]any{"status": []any{"Issued", "Gone"}}, wantMsg: `status[1]: "Gone" is not an SCM certificate status`},
		{desc: "negative window", args: map[string]any{"expiring_within_days": -1}, wantMsg: "expiring_within_days must be 0 or more"},
		{desc: "invalid common name", args: map[string]any{"common_name": "a..example"}, wantMsg: "common_name: "},
		{desc: "profile and profile_id", args: map[string]any{"profile": "x", "profile_id": 101}, wantMsg: "mutually exclusive: profile|profile_id"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			mark := f.sim.Mark()
			res := ansibletest.Run(t, f.mod, f.sim.Conn(tc.args))
			require.True(t, res.Failed())
			assert.Contains(t, res.Msg(), tc.wantMsg)
			assert.Empty(t, f.sim.JournalSince(mark), "bad input fails before any request")
		})
	}
}

func TestModule_UnknownProfile(t *testing.T) {
	t.Parallel()
	f := start(t)
	res := ansibletest.Run(t, f.mod, f.sim.Conn(map[string]any{"profile": "Nope"}))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), `profile: "Nope" is not an SSL profile of this SCM instance; profiles: "OV Multi-Domain" (101)`)
}
