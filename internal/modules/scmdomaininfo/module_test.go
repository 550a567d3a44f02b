package scmdomaininfo

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// fixture is an emulator and a module that share one pinned clock, so days_left is exact.
type fixture struct {
	sim   *simtest.Sim
	mod   ansible.Module[Params]
	clock time.Time
}

func start(t *testing.T) *fixture {
	t.Helper()
	clock := time.Now().UTC().Truncate(time.Second)
	f := &fixture{clock: clock}
	f.sim = simtest.Start(t, scmsim.Options{Now: func() time.Time { return clock }})
	f.mod = steps.Module(simClock{f.sim})
	return f
}

// simClock is the emulator's business clock (pinned, plus any offset a test sets), so days_left is
// exact. An info module never waits, so Sleep returns at once.
type simClock struct{ sim *simtest.Sim }

func (c simClock) Now() time.Time { return c.sim.Now() }

func (simClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func ssl(org int, status string) scmsim.Delegation {
	return scmsim.Delegation{OrgID: org, CertTypes: []string{"SSL"}, Status: status}
}

// seed adds domains whose DCV expires at known dates:
//
//	a.example   validated, 10 days left; *.a.example and www.a.example inherit it (Web, IT, Demo University)
//	b.example   validated, 200 days left, suspended (Demo University)
//	c.example   never validated, delegation to Partner College awaiting approval
//	e.example   validation expired 5 days ago (Partner College)
func (f *fixture) seed(t *testing.T) {
	t.Helper()
	w := f.sim.World()
	w.Domains = append(w.Domains,
		scmsim.Domain{ID: 3001, Name: "a.example", Description: "A", Delegations: []scmsim.Delegation{ssl(1002, "ACTIVE")}},
		scmsim.Domain{ID: 3002, Name: "*.a.example", Delegations: []scmsim.Delegation{ssl(1002, "ACTIVE"), ssl(1003, "ACTIVE")}},
		scmsim.Domain{ID: 3003, Name: "www.a.example", Delegations: []scmsim.Delegation{ssl(1001, "ACTIVE")}},
		scmsim.Domain{ID: 3004, Name: "b.example", Suspended: true, Delegations: []scmsim.Delegation{ssl(1001, "ACTIVE")}},
		scmsim.Domain{ID: 3005, Name: "c.example", Delegations: []scmsim.Delegation{ssl(1004, "REQUESTED")}},
		scmsim.Domain{ID: 3006, Name: "e.example", Delegations: []scmsim.Delegation{ssl(1004, "ACTIVE")}},
	)
	w.DCV = append(w.DCV,
		f.validated("a.example", 10), f.validated("b.example", 200), f.validated("e.example", -5))
	require.NoError(t, f.sim.Seed(w))
}

func (f *fixture) validated(name string, daysLeft int) scmsim.DCVRecord {
	exp := f.clock.AddDate(0, 0, daysLeft)
	return scmsim.DCVRecord{Domain: name, Status: "VALIDATED", Method: "CNAME_CSR_HASH",
		Validated: exp.AddDate(0, 0, -397), Expires: exp}
}

func (f *fixture) run(t *testing.T, args map[string]any, opts ...ansibletest.Opt) ansibletest.Output {
	t.Helper()
	return simtest.RunInfo(t, f.sim, f.mod, args, opts...)
}

func domainsOf(t *testing.T, res ansibletest.Output) []map[string]any {
	return simtest.Rows(t, res, "domains")
}

func namesOf(t *testing.T, res ansibletest.Output) []string {
	return simtest.Strings(t, res, "domains", "name")
}

func byName(t *testing.T, res ansibletest.Output) map[string]map[string]any {
	return simtest.Index(t, res, "domains", "name")
}

func TestModule_AllFromListings(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	mark := f.sim.Mark()
	res := f.run(t, nil)
	assert.Equal(t, []string{"*.a.example", "a.example", "b.example", "c.example", "e.example", "www.a.example"}, namesOf(t, res))

	// organizations, domains, DCV, suspended, awaiting approval, and one listing per organization and
	// department (1001, 1002, 1003, 1004): nine requests, none of them a write, never one per domain.
	journal := f.sim.JournalSince(mark)
	assert.Len(t, journal, 9)
	assert.Zero(t, f.sim.MutatingSince(mark))
	for _, e := range journal {
		assert.Equal(t, "GET", e.Method, e.Path)
	}

	got := byName(t, res)
	assert.Equal(t, map[string]any{
		"id": float64(3002), "name": "*.a.example", "state": "ACTIVE", "pending_approval": false,
		"delegations": []any{
			map[string]any{"org_id": float64(1002), "organization": "Demo University / Web"},
			map[string]any{"org_id": float64(1003), "organization": "Demo University / IT"},
		},
		"dcv_status": "VALIDATED", "dcv_method": "CNAME_CSR_HASH", "dcv_order_status": "NOT_INITIATED",
		"dcv_order_method": nil, "dcv_expires": f.clock.AddDate(0, 0, 10).Format("2006-01-02"), "days_left": float64(10),
	}, got["*.a.example"])
	assert.EqualValues(t, 10, got["www.a.example"]["days_left"], "a subdomain inherits the DCV of its high-level domain")
	assert.Equal(t, "SUSPENDED", got["b.example"]["state"])
	assert.EqualValues(t, 200, got["b.example"]["days_left"])
	assert.Equal(t, true, got["c.example"]["pending_approval"])
	assert.Equal(t, "NOT_VALIDATED", got["c.example"]["dcv_status"])
	assert.Nil(t, got["c.example"]["days_left"])
	assert.Equal(t, "EXPIRED", got["e.example"]["dcv_status"])
	assert.EqualValues(t, -5, got["e.example"]["days_left"])
}

func TestModule_CheckModeIsTheSameRead(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	normal := f.run(t, map[string]any{"details": true})
	mark := f.sim.Mark()
	check := f.run(t, map[string]any{"details": true}, ansibletest.CheckMode(), ansibletest.Diff())
	assert.Zero(t, f.sim.MutatingSince(mark))
	assert.Equal(t, normal["domains"], check["domains"])
	assert.NotContains(t, check, "diff")
}

func TestModule_Filters(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	tests := []struct {
		desc string
		args map[string]any
		want []string
	}{
		{desc: "exact names, normalised", args: map[string]any{"names": []any{"A.EXAMPLE.", "c.example"}},
			want: []string{"a.example", "c.example"}},
		{desc: "pattern", args: map[string]any{"name": "*.a.example"}, want: []string{"*.a.example", "www.a.example"}},
		{desc: "organization includes its departments", args: map[string]any{"organization": "Demo University"},
			want: []string{"*.a.example", "a.example", "b.example", "www.a.example"}},
		{desc: "department", args: map[string]any{"organization": "Demo University", "department": "IT"},
			want: []string{"*.a.example"}},
		{desc: "org_id of another organization", args: map[string]any{"org_id": 1004}, want: []string{"c.example", "e.example"}},
		{desc: "DCV expiring within 30 days, expired included", args: map[string]any{"dcv_expiring_within_days": 30},
			want: []string{"*.a.example", "a.example", "e.example", "www.a.example"}},
		{desc: "window of 9 days", args: map[string]any{"dcv_expiring_within_days": 9}, want: []string{"e.example"}},
		{desc: "not validated", args: map[string]any{"not_validated": true}, want: []string{"c.example", "e.example"}},
		{desc: "filters combine", args: map[string]any{"organization": "Demo University", "dcv_expiring_within_days": 30},
			want: []string{"*.a.example", "a.example", "www.a.example"}},
		{desc: "nothing selected is an empty list", args: map[string]any{"names": []any{"none.example"}}, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			res := f.run(t, tc.args)
			assert.Equal(t, tc.want, namesOf(t, res))
			assert.NotNil(t, res["domains"])
		})
	}
}

func TestModule_Details(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	mark := f.sim.Mark()
	res := f.run(t, map[string]any{"names": []any{"*.example"}, "details": true})
	// organizations, domains, DCV, then one read per selected domain (6).
	assert.Len(t, f.sim.JournalSince(mark), 3+6)
	got := byName(t, res)
	assert.Equal(t, []any{
		map[string]any{"org_id": float64(1002), "organization": "Demo University / Web", "cert_types": []any{"SSL"}, "status": "ACTIVE"},
		map[string]any{"org_id": float64(1003), "organization": "Demo University / IT", "cert_types": []any{"SSL"}, "status": "ACTIVE"},
	}, got["*.a.example"]["delegations"])
	assert.Equal(t, "A", got["a.example"]["description"])
	assert.Equal(t, f.clock.AddDate(0, 0, 10-397).Format("2006-01-02"), got["a.example"]["dcv_validated"])
	assert.Equal(t, "SUSPENDED", got["b.example"]["state"])
	assert.Equal(t, true, got["c.example"]["pending_approval"])
	assert.Equal(t, "REQUESTED", got["c.example"]["delegations"].([]any)[0].(map[string]any)["status"])
	assert.Equal(t, returnKeys(t, Module.Name, "domains"), sortedKeys(got["a.example"]), "keys as RETURN documents them")
}

// SCM's documented domain read has no description: a domain created with one must then show it as
// unknown (null), never as an empty description.
func TestModule_DetailsWithoutDescriptionSayUnknown(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	k := f.sim.Knobs()
	k.DomainDetailsOmitDescription = true
	require.NoError(t, f.sim.SetKnobs(k))
	got := byName(t, f.run(t, map[string]any{"names": []any{"a.example"}, "details": true}))
	require.Contains(t, got["a.example"], "description", "the key is there, as RETURN documents it")
	assert.Nil(t, got["a.example"]["description"], "created with description A, which the details leave out")
}

// TestModule_ClockAndAdminHelpers moves the business clock and the DCV through the emulator's admin
// helpers; days_left follows the clock the module is given.
func TestModule_ClockAndAdminHelpers(t *testing.T) {
	t.Parallel()
	f := start(t)
	f.seed(t)
	require.NoError(t, f.sim.ValidateDCV("c.example"))
	require.NoError(t, f.sim.ExpireDCV("b.example"))
	f.sim.SetClockOffset(4 * 24 * time.Hour)
	got := byName(t, f.run(t, nil))
	assert.EqualValues(t, 6, got["a.example"]["days_left"])
	assert.Equal(t, "VALIDATED", got["c.example"]["dcv_status"])
	assert.EqualValues(t, 397-4, got["c.example"]["days_left"])
	assert.Equal(t, "EXPIRED", got["b.example"]["dcv_status"])
	assert.EqualValues(t, -4, got["b.example"]["days_left"], "expired at the (unshifted) moment ExpireDCV ran")

	f.sim.SetClockOffset(11 * 24 * time.Hour) // a.example's validation runs out
	got = byName(t, f.run(t, map[string]any{"not_validated": true}))
	assert.Equal(t, "EXPIRED", got["a.example"]["dcv_status"])
	assert.EqualValues(t, -1, got["a.example"]["days_left"])
}

// TestModule_Paging: 450 domains cost three requests per full listing (200 rows a page), never one
// per domain.
func TestModule_Paging(t *testing.T) {
	t.Parallel()
	f := start(t)
	w := f.sim.World()
	for i := range 450 {
		w.Domains = append(w.Domains, scmsim.Domain{ID: 4000 + i, Name: fmt.Sprintf("d%03d.example", i),
			Delegations: []scmsim.Delegation{ssl(1001, "ACTIVE")}})
	}
	require.NoError(t, f.sim.Seed(w))
	mark := f.sim.Mark()
	res := f.run(t, nil)
	require.Len(t, domainsOf(t, res), 450)
	assert.Equal(t, "d449.example", domainsOf(t, res)[449]["name"])
	// organizations 1, domains 3, DCV 3, suspended 1, awaiting approval 1, delegated to 1001 3, to 1002-1004 1 each.
	journal := f.sim.JournalSince(mark)
	assert.Len(t, journal, 1+3+3+1+1+3+3)
	for _, e := range journal {
		if e.Path == "/api/organization/v1" {
			continue
		}
		q, err := url.ParseQuery(e.Query)
		require.NoError(t, err)
		assert.Equal(t, "200", q.Get("size"), "%s?%s", e.Path, e.Query)
	}
}

func TestModule_BadInputSendsNothing(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		desc    string
		args    map[string]any
		wantMsg string
	}{
		{desc: "invalid name", args: map[string]any{"names": []any{"a..example"}}, wantMsg: `names[0]: invalid domain name "a..example"`},
		{desc: "invalid pattern", args: map[string]any{"names": []any{"[x"}}, wantMsg: "names[0]: invalid pattern"},
		{desc: "negative window", args: map[string]any{"dcv_expiring_within_days": -1}, wantMsg: "dcv_expiring_within_days"},
		{desc: "org_id with organization", args: map[string]any{"org_id": 1001, "organization": "Demo University"},
			wantMsg: "parameters are mutually exclusive: org_id|organization"},
		{desc: "bad parallelism", args: map[string]any{"scm_max_parallel": 0}, wantMsg: "scm_max_parallel"},
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

func TestModule_UnknownOrganization(t *testing.T) {
	t.Parallel()
	f := start(t)
	mark := f.sim.Mark()
	res := ansibletest.Run(t, f.mod, f.sim.Conn(map[string]any{"organization": "Nope"}))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), `organization "Nope" not found`)
	assert.Len(t, f.sim.JournalSince(mark), 1, "only the organization list was read")
}

// TestModule_WrongPasswordHint: an info module gets its opening from the shared skeleton too, so a
// login SCM refuses ends with the same hint as in the writing modules, and the password stays out.
func TestModule_WrongPasswordHint(t *testing.T) {
	t.Parallel()
	f := start(t)
	res := ansibletest.Run(t, f.mod, f.sim.Conn(map[string]any{"scm_password": "s3cret-wrong"}))
	require.True(t, res.Failed())
	assert.Contains(t, res.Msg(), "; SCM did not accept the login: check scm_login, scm_password (or scm_client_cert) and scm_customer_uri")
	assert.NotContains(t, string(res.JSON()), "s3cret-wrong")
}
