package acmeuserinfo

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
)

func TestModule_All(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	mark := f.sim.Mark()
	res := f.run(t, nil)
	assert.Equal(t, []int{7001, 7002, 7003}, idsOf(t, res))
	// organizations, one account listing per organization (Demo University includes its departments;
	// Partner College), the ACME server list, one domain listing per account.
	assert.Len(t, f.sim.JournalSince(mark), 1+2+1+3)
	assert.Zero(t, f.sim.MutatingSince(mark))

	web := accountsOf(t, res)[0]
	kid := f.sim.World().ACMEAccounts[0].MacID
	assert.Equal(t, map[string]any{
		"id": float64(7001), "name": "web", "status": "pending", "acme_server": f.sim.URL + "/acme/v2/OV",
		"acme_server_name": "Sectigo OV ACME (demo)", "organization_id": float64(1001), "organization": "Demo University",
		"cert_validation_type": "OV", "eab_kid": kid, "contacts": nil,
		"domains": []any{
			map[string]any{"name": "*.example.org", "valid_until": f.iso(7), "sticky_until": f.iso(7), "days_left": float64(7)},
			map[string]any{"name": "other.org", "valid_until": f.iso(397), "sticky_until": f.iso(397), "days_left": float64(397)},
		},
	}, web)
	assert.Equal(t, "Demo University / Web", accountsOf(t, res)[1]["organization"])
	assert.EqualValues(t, 297, accountsOf(t, res)[2]["domains"].([]any)[0].(map[string]any)["days_left"])
}

// iso is the emulator's validUntil for a domain with days left.
func (f *fixture) iso(days int) string {
	return f.clock.AddDate(0, 0, days).Format("2006-01-02T15:04:05.000Z")
}

// TestModule_NeverReturnsEABKeys: SCM's listing carries every account's HMAC key; none reaches the
// output, not even masked, at any verbosity.
func TestModule_NeverReturnsEABKeys(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	for _, opts := range [][]ansibletest.Opt{nil, {ansibletest.Verbosity(4)}, {ansibletest.CheckMode()}} {
		out := string(f.run(t, map[string]any{"coverage": true}, opts...).JSON())
		for _, a := range f.sim.World().ACMEAccounts {
			require.NotEmpty(t, a.MacKey)
			assert.NotContains(t, out, a.MacKey)
			assert.NotContains(t, out, a.MacKey[:20])
		}
		assert.NotContains(t, out, "********", "nothing needed masking: the keys were dropped, not hidden")
	}
}

func TestModule_Filters(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	tests := []struct {
		desc     string
		args     map[string]any
		want     []int
		requests int // 0: not checked
	}{
		{desc: "name is exact (SCM matches substrings)", args: map[string]any{"name": "web"}, want: []int{7001}},
		{desc: "server by name", args: map[string]any{"acme_server": "sectigo dv acme (demo)"}, want: []int{7003}},
		{desc: "server by URL", args: map[string]any{"acme_server": f.sim.URL + "/acme/v2/OV/"}, want: []int{7001, 7002}},
		{desc: "organization includes its departments", args: map[string]any{"organization": "Demo University"},
			want: []int{7001, 7002}, requests: 1 + 1 + 1 + 2},
		{desc: "department", args: map[string]any{"organization": "Demo University", "department": "Web"}, want: []int{7002}},
		{desc: "organization_id", args: map[string]any{"org_id": 1004}, want: []int{7003}},
		{desc: "status", args: map[string]any{"status": "pending"}, want: []int{7001, 7002, 7003}},
		{desc: "no valid account yet", args: map[string]any{"status": "valid"}, want: nil, requests: 1 + 2},
		{desc: "filters combine", args: map[string]any{"name": "web-2", "acme_server": "Sectigo OV ACME (demo)"}, want: []int{7002}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			mark := f.sim.Mark()
			res := f.run(t, tc.args)
			assert.Equal(t, tc.want, idsOf(t, res))
			if tc.requests > 0 {
				assert.Len(t, f.sim.JournalSince(mark), tc.requests)
			}
		})
	}
}

func TestModule_Coverage(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	mark := f.sim.Mark()
	res := f.run(t, map[string]any{"coverage": true})
	assert.Len(t, f.sim.JournalSince(mark), 1+2+1+3+2, "coverage adds the domain and DCV listings")
	// *.example.org covers www.example.org (and itself) but not example.org.
	assert.Equal(t, []any{"example.org", "lonely.example"}, res["uncovered_domains"])
	status := map[string]any{}
	for _, a := range accountsOf(t, res) {
		for _, d := range a["domains"].([]any) {
			d := d.(map[string]any)
			status[d["name"].(string)] = d["dcv_status"]
		}
	}
	assert.Equal(t, map[string]any{"*.example.org": "VALIDATED", "other.org": "NOT_VALIDATED",
		"www.example.org": "VALIDATED", "partner.example": "VALIDATED"}, status)

	web := accountsOf(t, f.run(t, map[string]any{"name": "web", "coverage": true}))[0]
	assert.Equal(t, returnKeys(t, Module.Name, "accounts"), sortedKeys(web), "keys as RETURN documents them")
	assert.Equal(t, []string{"days_left", "dcv_status", "name", "sticky_until", "valid_until"},
		sortedKeys(web["domains"].([]any)[0].(map[string]any)))
}

func TestModule_CoverageFollowsTheFilter(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	res := f.run(t, map[string]any{"coverage": true, "acme_server": "Sectigo DV ACME (demo)"})
	assert.Equal(t, []any{"*.example.org", "example.org", "lonely.example", "other.org", "www.example.org"}, res["uncovered_domains"])
	assert.NotContains(t, f.run(t, nil), "uncovered_domains")
}

func TestModule_ClockShift(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	f.sim.SetClockOffset(10 * 24 * time.Hour)
	web := accountsOf(t, f.run(t, map[string]any{"name": "web"}))[0]
	assert.EqualValues(t, -3, web["domains"].([]any)[0].(map[string]any)["days_left"])
}

func TestModule_CheckModeIsTheSameRead(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	normal := f.run(t, map[string]any{"coverage": true})
	mark := f.sim.Mark()
	check := f.run(t, map[string]any{"coverage": true}, ansibletest.CheckMode(), ansibletest.Diff())
	assert.Zero(t, f.sim.MutatingSince(mark))
	assert.Equal(t, normal["accounts"], check["accounts"])
	assert.Equal(t, normal["uncovered_domains"], check["uncovered_domains"])
}

func TestModule_BadInput(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		desc     string
		args     map[string]any
		wantMsg  string
		requests int
	}{
		{desc: "status choice", args: map[string]any{"status": "active"}, wantMsg: "value of status must be one of: pending, valid"},
		{desc: "negative organization_id", args: map[string]any{"organization_id": -1}, wantMsg: "organization_id: -1 is not an id"},
		{desc: "blank name", args: map[string]any{"name": "  "}, wantMsg: "name: the account name must not be blank"},
		{desc: "unknown server lists the valid ones", args: map[string]any{"acme_server": "Nope"},
			wantMsg: `acme_server: "Nope" is not an ACME server of this SCM instance`, requests: 2},
		{desc: "unknown organization", args: map[string]any{"organization": "Nope"}, wantMsg: `organization "Nope" not found`, requests: 1},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			mark := f.sim.Mark()
			res := ansibletest.Run(t, f.mod, f.sim.Conn(tc.args))
			require.True(t, res.Failed())
			assert.Contains(t, res.Msg(), tc.wantMsg)
			assert.Len(t, f.sim.JournalSince(mark), tc.requests)
		})
	}
}
