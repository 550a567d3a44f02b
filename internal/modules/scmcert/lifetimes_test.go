package scmcert

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

const day = 24 * time.Hour

// renewalOf is the result's renewal dict.
func renewalIn(t testing.TB, res ansibletest.Output) map[string]any {
	t.Helper()
	r, ok := res["renewal"].(map[string]any)
	require.True(t, ok, "renewal is a dict: %v", res["renewal"])
	return r
}

func resultTime(t testing.TB, res ansibletest.Output, key string) time.Time {
	t.Helper()
	s, ok := res[key].(string)
	require.True(t, ok, "%s: %v", key, res[key])
	at, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return at
}

// wantRenewAfter is when the result's certificate becomes due: not_after minus the wider of pct
// percent of its lifetime and days days (days are not applied when not shorter than the lifetime).
func wantRenewAfter(t testing.TB, res ansibletest.Output, pct, days int) string {
	t.Helper()
	nb, na := resultTime(t, res, "not_before"), resultTime(t, res, "not_after")
	window := na.Sub(nb) * time.Duration(pct) / 100
	if d := time.Duration(days) * day; d > window && d < na.Sub(nb) {
		window = d
	}
	return na.Add(-window).UTC().Format(time.RFC3339)
}

// TestModule_RenewalRules: which rule renews a 199-day certificate after how many days, and what the
// result says, in check mode and for real. Each case has an emulator of its own; the clock moves on
// by `after` from the enrolment.
func TestModule_RenewalRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc       string
		opts       []any // remaining_percentage / remaining_days, as task options
		after      time.Duration
		wantRule   any // nil: not renewed
		wantReason string
		wantWarn   string
	}{
		{desc: "default: a third left is not yet less (69 of 199 days)", after: 130 * day,
			wantReason: "69.0 days left; renewal is due after "},
		{desc: "default: less than a third left (64 of 199 days)", after: 135 * day, wantRule: "remaining_percentage",
			wantReason: "64.0 days left, less than 33% of the lifetime of 199.0 days (65.7 days)"},
		{desc: "remaining_days 30 beside the default share: the share is wider and renews", opts: []any{"remaining_days", 30},
			after: 135 * day, wantRule: "remaining_percentage"},
		{desc: "remaining_days 30 wider than a 10% share", opts: []any{"remaining_days", 30, "remaining_percentage", 10},
			after: 170 * day, wantRule: "remaining_days", wantReason: "29.0 days left, fewer than remaining_days (30)"},
		{desc: "a 10% share alone waits longer", opts: []any{"remaining_percentage", 10}, after: 170 * day,
			wantReason: "29.0 days left; renewal is due after "},
		{desc: "remaining_days 90 wider than the default share", opts: []any{"remaining_days", 90}, after: 110 * day,
			wantRule: "remaining_days", wantReason: "89.0 days left, fewer than remaining_days (90)"},
		{desc: "remaining_days 90, not yet", opts: []any{"remaining_days", 90}, after: 100 * day,
			wantReason: "when fewer than remaining_days (90)"},
		{desc: "a share of one half", opts: []any{"remaining_percentage", 50}, after: 100 * day, wantRule: "remaining_percentage",
			wantReason: "99.0 days left, less than 50% of the lifetime of 199.0 days (99.5 days)"},
		{desc: "remaining_days 0 is no days rule", opts: []any{"remaining_days", 0}, after: 130 * day,
			wantReason: "when less than 33% of the lifetime"},
		{desc: "remaining_days longer than the lifetime is not applied, and said so", opts: []any{"remaining_days", 300},
			after: 10 * day, wantReason: "189.0 days left; renewal is due after ",
			wantWarn: "remaining_days (300) is not shorter than the certificate's lifetime of 199 days, so it is not applied to this certificate"},
		{desc: "expired", after: 200 * day, wantRule: "expired", wantReason: "expired on "},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			sim := startSim(t)
			m, clk := module(sim)
			args := with(baseArgs(t, t.TempDir()), tc.opts...)
			first := runOK(t, m, sim, args)
			require.Equal(t, "issued", first["status"])
			pct, days := 33, 0
			for i := 0; i+1 < len(tc.opts); i += 2 {
				switch tc.opts[i] {
				case "remaining_percentage":
					pct = tc.opts[i+1].(int)
				case "remaining_days":
					days = tc.opts[i+1].(int)
				}
			}
			// The first run enrolled: nothing was renewed, and the new certificate's due date is given.
			assert.Equal(t, map[string]any{"needed": false, "rule": nil, "reason": "no certificate to renew: a first one is enrolled",
				"renew_after": renewalIn(t, first)["renew_after"]}, renewalIn(t, first))
			assert.Equal(t, wantRenewAfter(t, first, pct, days), renewalIn(t, first)["renew_after"])

			clk.shift(tc.after)
			mark := sim.Mark()
			check := runOK(t, m, sim, args, ansibletest.CheckMode())
			res := runOK(t, m, sim, args)
			for _, r := range []ansibletest.Output{check, res} {
				rn := renewalIn(t, r)
				assert.Equal(t, tc.wantRule != nil, rn["needed"])
				assert.Equal(t, tc.wantRule, rn["rule"])
				assert.Contains(t, rn["reason"], tc.wantReason)
				assert.Equal(t, r["reason"], rn["reason"], "the run's reason is the renewal's")
				if tc.wantWarn != "" {
					require.Len(t, r.Warnings(), 1)
					assert.Contains(t, r.Warnings()[0], tc.wantWarn)
				} else {
					assert.Empty(t, r.Warnings())
				}
			}
			if tc.wantRule == nil {
				assert.Equal(t, "none", res["action"])
				assert.Zero(t, sim.MutatingSince(mark))
				// Not due: renew_after is ahead, and the reason names the same moment.
				after := renewalIn(t, res)["renew_after"].(string)
				assert.Contains(t, res["reason"], after)
				return
			}
			assert.Equal(t, "renewed", check["action"])
			assert.NotContains(t, renewalIn(t, check), "renew_after", "check mode has no new certificate to date")
			assert.Equal(t, "renewed", res["action"])
			assert.Equal(t, "issued", res["status"])
			// renew_after is now the new certificate's, which is not due.
			after := resultTime(t, ansibletest.Output(renewalIn(t, res)), "renew_after")
			assert.True(t, after.After(clk.Now()), "the new certificate is due after %s", after)
			again := runOK(t, m, sim, args)
			assert.False(t, again.Changed(), again["reason"])
			assert.False(t, renewalIn(t, again)["needed"].(bool))
			assert.Equal(t, renewalIn(t, res)["renew_after"], renewalIn(t, again)["renew_after"])
		})
	}
}

// TestModule_RenewalOfARevokedCertificate: a revoked certificate is replaced, and the rule says so.
func TestModule_RenewalOfARevokedCertificate(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	sslID := id(runOK(t, m, sim, args)["ssl_id"])
	runOK(t, m, sim, map[string]any{"ssl_id": sslID, "state": "revoked"})
	res := runOK(t, m, sim, args)
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, fmt.Sprintf("certificate %d is revoked, and no other issued or pending certificate matches the task", sslID), res["reason"])
	rn := renewalIn(t, res)
	assert.Equal(t, true, rn["needed"])
	assert.Equal(t, "revoked", rn["rule"])
	assert.Equal(t, fmt.Sprintf("certificate %d is revoked: a new one replaces it", sslID), rn["reason"])
	revoked := runOK(t, m, sim, map[string]any{"ssl_id": id(res["ssl_id"]), "state": "revoked"})
	assert.NotContains(t, revoked, "renewal", "state=revoked renews nothing")
	assert.NotContains(t, revoked, "term")
}

// shortProfile adds a profile whose terms fit under the 47-day cap too.
func shortProfile(w *scmsim.World) {
	w.Profiles = append(w.Profiles, scmsim.Profile{ID: 105, Name: "OV Short", Terms: []int{30, 45, 90},
		KeyTypes: map[string][]string{"RSA": {"2048", "3072", "4096"}}, ValidationType: "OV"})
}

// TestModule_TermOnSwitchOverDays: on the last second before and the first second of each step of
// ballot SC-081 (the module's clock, which starts at the emulator's), a term above the cap fails
// before anything is written, naming the option, the terms that fit and the rule; without a term the
// longest that fits is ordered, and the result says how it was chosen.
func TestModule_TermOnSwitchOverDays(t *testing.T) {
	t.Parallel()
	before := func(y int, m time.Month, d int) time.Time { return utcDay(y, m, d).Add(-time.Second) }
	const (
		rule200 = "CA/Browser Forum ballot SC-081: at most 200 days for certificates issued from 2026-03-15"
		rule100 = "CA/Browser Forum ballot SC-081: at most 100 days for certificates issued from 2027-03-15"
		rule47  = "CA/Browser Forum ballot SC-081: at most 47 days for certificates issued from 2029-03-15"
	)
	tests := []struct {
		desc       string
		at         time.Time
		profile    string // "" is OV Multi-Domain (90, 180, 199, 365)
		term       any    // nil: not given
		want       int
		wantChosen string
		wantErr    string
	}{
		{desc: "2026-03-14: 365 given", at: before(2026, time.March, 15), term: 365, want: 365},
		{desc: "2026-03-14: chosen", at: before(2026, time.March, 15), want: 365,
			wantChosen: `the longest term of profile "OV Multi-Domain" allowed on 2026-03-14 (cap 398 days)`},
		{desc: "2026-03-15: 365 given", at: utcDay(2026, time.March, 15), term: 365,
			wantErr: `term: 365 days is longer than a certificate issued on 2026-03-15 may be valid (` + rule200 +
				`); give one of the terms of profile "OV Multi-Domain" that fit, 90, 180, 199, or leave term out to get the longest`},
		{desc: "2026-03-15: chosen", at: utcDay(2026, time.March, 15), want: 199,
			wantChosen: `the longest term of profile "OV Multi-Domain" allowed on 2026-03-15 (cap 200 days)`},
		{desc: "2027-03-14: 199 given", at: before(2027, time.March, 15), term: 199, want: 199},
		{desc: "2027-03-14: chosen", at: before(2027, time.March, 15), want: 199,
			wantChosen: `the longest term of profile "OV Multi-Domain" allowed on 2027-03-14 (cap 200 days)`},
		{desc: "2027-03-15: 199 given", at: utcDay(2027, time.March, 15), term: 199,
			wantErr: `term: 199 days is longer than a certificate issued on 2027-03-15 may be valid (` + rule100 +
				`); give one of the terms of profile "OV Multi-Domain" that fit, 90, or leave term out to get the longest`},
		{desc: "2027-03-15: chosen", at: utcDay(2027, time.March, 15), want: 90,
			wantChosen: `the longest term of profile "OV Multi-Domain" allowed on 2027-03-15 (cap 100 days)`},
		{desc: "2029-03-14: chosen", at: before(2029, time.March, 15), want: 90,
			wantChosen: `the longest term of profile "OV Multi-Domain" allowed on 2029-03-14 (cap 100 days)`},
		{desc: "2029-03-14: 90 given", at: before(2029, time.March, 15), profile: "OV Short", term: 90, want: 90},
		{desc: "2029-03-15: no term of the profile fits", at: utcDay(2029, time.March, 15),
			wantErr: `term: no term of profile "OV Multi-Domain" (90, 180, 199, 365 days) is allowed for a certificate issued on 2029-03-15 (` +
				rule47 + `); choose a profile with a term of at most 47 days`},
		{desc: "2029-03-15: 90 given", at: utcDay(2029, time.March, 15), profile: "OV Short", term: 90,
			wantErr: `term: 90 days is longer than a certificate issued on 2029-03-15 may be valid (` + rule47 +
				`); give one of the terms of profile "OV Short" that fit, 30, 45, or leave term out to get the longest`},
		{desc: "2029-03-15: chosen", at: utcDay(2029, time.March, 15), profile: "OV Short", want: 45,
			wantChosen: `the longest term of profile "OV Short" allowed on 2029-03-15 (cap 47 days)`},
		{desc: "not a term: the terms allowed that day are named", at: before(2026, time.March, 15), term: 100,
			wantErr: `term: 100 days is not a term of profile "OV Multi-Domain"; its terms are 90, 180, 199, 365`},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			sim := startSimWith(t, tc.at, nil, shortProfile)
			m, _ := moduleAt(sim, tc.at) // to the second, whatever the time the emulator took to start
			args := with(baseArgs(t, t.TempDir()), "term", tc.term)
			if tc.profile != "" {
				args["profile"] = tc.profile
			}
			mark := sim.Mark()
			if tc.wantErr != "" {
				for _, opts := range [][]ansibletest.Opt{{ansibletest.CheckMode()}, nil} {
					res := ansibletest.Run(t, m, sim.Conn(args), opts...)
					require.True(t, res.Failed())
					assert.Equal(t, tc.wantErr, res.Msg())
				}
				assert.Zero(t, sim.MutatingSince(mark), "refused before anything was written")
				assert.Empty(t, sim.World().Certificates)
				return
			}
			res := runOK(t, m, sim, args)
			assert.Equal(t, "enrolled", res["action"])
			assert.Equal(t, tc.want, id(res["term"]))
			if tc.wantChosen == "" {
				assert.NotContains(t, res, "term_chosen")
			} else {
				assert.Equal(t, tc.wantChosen, res["term_chosen"])
			}
			c := sim.World().Certificates
			require.Len(t, c, 1)
			assert.Equal(t, tc.want, c[0].Term, "the term ordered")
			assert.Equal(t, time.Duration(tc.want)*day, resultTime(t, res, "not_after").Sub(resultTime(t, res, "not_before")))
		})
	}
}

// TestModule_RenewalAcrossACapStep: a certificate ordered with 199 days before 2027-03-15 comes due
// after it. renewById would keep its term of 199 days, above the new cap of 100, so the renewal is an
// enroll with the longest term that fits now.
func TestModule_RenewalAcrossACapStep(t *testing.T) {
	t.Parallel()
	sim := startSimAt(t, time.Date(2027, time.January, 10, 12, 0, 0, 0, time.UTC))
	m, clk := module(sim)
	args := without(baseArgs(t, t.TempDir()), "term")
	first := runOK(t, m, sim, args)
	require.Equal(t, 199, id(first["term"]))
	require.Equal(t, `the longest term of profile "OV Multi-Domain" allowed on 2027-01-10 (cap 200 days)`, first["term_chosen"])

	clk.shift(150 * day) // 2027-06-09: 49 days left
	mark := sim.Mark()
	check := runOK(t, m, sim, args, ansibletest.CheckMode())
	assert.Equal(t, "renewed", check["action"])
	assert.Equal(t, "enroll", check["renewed_by"])
	assert.Equal(t, 90, id(check["term"]))
	res := runOK(t, m, sim, args)
	assert.Equal(t, "renewed", res["action"])
	assert.Equal(t, "enroll", res["renewed_by"])
	assert.Equal(t, "remaining_percentage", renewalIn(t, res)["rule"])
	assert.Contains(t, res["reason"], "order 5001 has a term of 199 days, which a renewal by id would keep, above the 100 days allowed today")
	assert.Contains(t, res["reason"], "so a new enrollment with term 90 renews it")
	assert.Equal(t, 90*day, resultTime(t, res, "not_after").Sub(resultTime(t, res, "not_before")))
	assert.Zero(t, requests(sim, mark, "POST", "/renewById/"))
	assert.Equal(t, 1, requests(sim, mark, "POST", "/ssl/v1/enroll"))
	assert.False(t, runOK(t, m, sim, args).Changed())
}

// TestModule_IssuedIsNeverOverstated reproduces the race an independent check found: without wait,
// the collect after the enroll finds the certificate not ready, and the read of the order right after
// finds it Issued (here: the emulator issues on the first collect it sees). The module reported
// status issued then with no certificate and no file, and the next run "collected" it. Now it
// collects again at once and writes the files.
func TestModule_IssuedIsNeverOverstated(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	setKnobs(t, sim, func(k *scmsim.Knobs) { k.SSLIssueAfterCollects = 1 })
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	mark := sim.Mark()
	res := runOK(t, m, sim, args, ansibletest.Verbosity(3))
	assert.Equal(t, "enrolled", res["action"])
	require.Equal(t, "issued", res["status"])
	assert.NotEmpty(t, res["certificate"], "issued comes with the certificate")
	assert.Len(t, res["files_written"], 3, "issued comes with the files")
	assert.Equal(t, res["certificate"], readFile(t, args["path"].(string)))
	assert.Contains(t, fmt.Sprint(res["trace"]), "certificate 5001 was issued after the collect found it not ready; collecting it again")
	assert.Equal(t, 2, requests(sim, mark, "GET", "/ssl/v1/collect/5001"), "one collect more, once")
	assert.Empty(t, res.Warnings())

	again := runOK(t, m, sim, args)
	assert.Equal(t, "none", again["action"], "nothing left to collect")
	assert.False(t, again.Changed())
}

// refuseCollects answers every collect with SCM's "being processed" while refusing is set, as SCM
// does for a while after it marks an order Issued; it counts the collects it answered.
func refuseCollects(refusing *atomic.Bool, refused *atomic.Int32) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if refusing.Load() && r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/ssl/v1/collect/") {
				refused.Add(1)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"code":0,"description":"Being processed by Sectigo"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestModule_IssuedButNotCollectable: SCM marks the order Issued but does not hand the certificate
// out. The module collects a second time, once; when that fails too it reports status pending (with
// SCM's own status, Issued, in scm_status), no certificate and no file, and says why. So does a run
// that finds the order so. Once SCM hands it out, a run collects it and writes the files.
func TestModule_IssuedButNotCollectable(t *testing.T) {
	t.Parallel()
	var refusing atomic.Bool
	var refused atomic.Int32
	refusing.Store(true)
	sim := startSimWith(t, simDay, refuseCollects(&refusing, &refused), nil)
	m, _ := module(sim)
	args := baseArgs(t, t.TempDir())
	const warning = "SCM shows certificate 5001 as Issued but did not hand it out yet, so status is pending and no file was written; a later run (or wait=true) collects it"

	res := runOK(t, m, sim, args)
	assert.Equal(t, "enrolled", res["action"])
	assert.Equal(t, "pending", res["status"])
	assert.Equal(t, "Issued", res["scm_status"])
	assert.NotContains(t, res, "certificate")
	assert.NotContains(t, res, "not_after")
	assert.Equal(t, []any{}, res["files_written"])
	assert.NoFileExists(t, args["path"].(string))
	assert.Equal(t, []string{warning}, res.Warnings())
	assert.Equal(t, int32(2), refused.Load(), "the collect, and one more after the order read Issued")

	for _, opts := range [][]ansibletest.Opt{{ansibletest.CheckMode()}, nil} {
		again := runOK(t, m, sim, args, opts...)
		assert.Equal(t, "none", again["action"])
		assert.Equal(t, "pending", again["status"])
		assert.Equal(t, "Issued", again["scm_status"])
		assert.Equal(t, "order 5001 is Issued in SCM, but SCM does not hand out its certificate yet: a later run (or wait=true) collects it", again["reason"])
		assert.Equal(t, []string{warning}, again.Warnings())
	}

	refusing.Store(false)
	collected := runOK(t, m, sim, args)
	assert.Equal(t, "collected", collected["action"])
	assert.Equal(t, "issued", collected["status"])
	assert.Len(t, collected["files_written"], 3)
	assert.Equal(t, collected["certificate"], readFile(t, args["path"].(string)))
	assert.Empty(t, collected.Warnings())
}
