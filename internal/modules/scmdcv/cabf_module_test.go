package scmdcv

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// The CA/Browser Forum's dated rules, run through the module with its clock and the emulator's pinned
// to the day under test.

// emailWarning returns the warnings that name the email sunset.
func emailWarning(out ansibletest.Output) []string {
	var found []string
	for _, w := range out.Warnings() {
		if strings.Contains(w, "SC-090") {
			found = append(found, w)
		}
	}
	return found
}

// TestModule_Email_warnsBeforeSunset: in 2026 and on the last second of 2028-03-14 (UTC) email
// validation still runs, in check mode and for real, with a warning naming the date, the ballot and the
// methods to use instead.
func TestModule_Email_warnsBeforeSunset(t *testing.T) {
	t.Parallel()
	for _, now := range []time.Time{day("2026-06-01").Add(10 * time.Hour), lastSecond("2028-03-14")} {
		t.Run(now.Format(time.RFC3339), func(t *testing.T) {
			t.Parallel()
			sim := startSimAt(t, now, neverValidate, []string{"example.org"})
			args := sim.Conn(map[string]any{"domain": "example.org", "method": "email"})
			for _, opts := range [][]ansibletest.Opt{{ansibletest.CheckMode()}, nil} {
				res := runWith(t, clockAt(now), args, opts...)
				require.False(t, res.Failed(), res.Msg())
				assert.Equal(t, []any{"start email validation of example.org"}, res["actions"])
				warnings := emailWarning(res)
				require.Len(t, warnings, 1, res.Warnings())
				for _, want := range []string{"method=email", "not allowed from 2028-03-15", "SC-090",
					"method=cname", "method=txt", "method=http"} {
					assert.Contains(t, warnings[0], want)
				}
			}
			assert.Contains(t, domainOf(runWith(t, clockAt(now), args))["emails"], "admin@example.org")
		})
	}
}

// TestModule_Email_failsFromSunset: from 00:00 UTC on 2028-03-15 a task with method=email fails before
// any request, naming the option and the methods to use instead; state=absent still clears an email
// order under way.
func TestModule_Email_failsFromSunset(t *testing.T) {
	t.Parallel()
	now := day("2028-03-15")
	order := scmsim.DCVRecord{Domain: "example.org", Status: "NOT_VALIDATED",
		Order: &scmsim.DCVOrder{Mode: "EMAIL", Status: "AWAITING_SUBMISSION", Started: now.AddDate(0, 0, -1)}}
	sim := startSimAt(t, now, neverValidate, []string{"example.org"}, order)
	for _, args := range []map[string]any{
		{"domain": "example.org", "method": "email"},
		{"domain": "example.org", "method": "email", "email": "admin@example.org", "submit": true},
	} {
		for _, opts := range [][]ansibletest.Opt{{ansibletest.CheckMode()}, nil} {
			mark := sim.Mark()
			res := runWith(t, clockAt(now), sim.Conn(args), opts...)
			require.True(t, res.Failed(), "email validation ran on 2028-03-15: %s", res.JSON())
			assert.Equal(t, "method=email: validation by mail to the domain's WHOIS contacts or constructed addresses "+
				"is not allowed since 2028-03-15 (CA/Browser Forum ballot SC-090), so the method option must name "+
				"another method: cname, txt, http or https", res.Msg())
			assert.Empty(t, sim.JournalSince(mark), "refused before any request")
		}
	}

	res := runWith(t, clockAt(now), sim.Conn(map[string]any{"domain": "example.org", "method": "email", "state": "absent"}))
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"clear the pending validation order of example.org"}, res["actions"])
	assert.Empty(t, emailWarning(res))

	res = runWith(t, clockAt(now), sim.Conn(map[string]any{"domain": "example.org", "method": "cname"}))
	require.False(t, res.Failed(), res.Msg())
	assert.Empty(t, res.Warnings(), "the other methods run as before")
}

// TestModule_MinDaysDefault: left out, min_days_valid is 30 up to 2029-03-14 and 3 (a third of the
// 10-day reuse period) from 2029-03-15; a value given is kept, with a warning when it is not shorter
// than the period.
func TestModule_MinDaysDefault(t *testing.T) {
	t.Parallel()
	const left = 20 // SCM's validation expires in 20 days
	tests := []struct {
		desc     string
		now      time.Time
		given    any // min_days_valid, nil when left out
		wantDays int
		wantActs []any
		wantWarn string
	}{
		{desc: "2029-03-14: default 30 revalidates", now: lastSecond("2029-03-14"), wantDays: 30,
			wantActs: []any{"start cname validation of example.org"}},
		{desc: "2029-03-15: default 3 leaves it", now: day("2029-03-15"), wantDays: 3, wantActs: []any{}},
		{desc: "2029-03-15: 30 given revalidates, with a warning", now: day("2029-03-15"), given: 30, wantDays: 30,
			wantActs: []any{"start cname validation of example.org"}, wantWarn: "min_days_valid=30 is not shorter than the 10 days"},
		{desc: "2029-03-15: 7 given leaves it", now: day("2029-03-15"), given: 7, wantDays: 7, wantActs: []any{}},
		{desc: "2026: default 30, as before", now: day("2026-06-01"), wantDays: 30,
			wantActs: []any{"start cname validation of example.org"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			today := utcDay(tc.now)
			expires := today.AddDate(0, 0, left)
			sim := startSimAt(t, tc.now, nil, []string{"example.org"}, scmsim.DCVRecord{Domain: "example.org",
				Status: "VALIDATED", Method: "CNAME_CSR_HASH", Validated: today.AddDate(0, 0, -5), Expires: expires})
			args := map[string]any{"domain": "example.org", "method": "cname"}
			if tc.given != nil {
				args["min_days_valid"] = tc.given
			}
			res := runWith(t, clockAt(tc.now), sim.Conn(args), ansibletest.CheckMode())
			require.False(t, res.Failed(), res.Msg())
			assert.Equal(t, tc.wantActs, res["actions"])
			assert.EqualValues(t, tc.wantDays, res["min_days_valid"])
			d := domainOf(res)
			assert.EqualValues(t, left, d["days_left"])
			assert.Equal(t, expires.AddDate(0, 0, -tc.wantDays).Format(time.DateOnly), d["revalidate_after"],
				"expires less min_days_valid: the DCV list carries no validation date")
			assert.NotContains(t, d, "validated")
			if tc.wantWarn == "" {
				assert.Empty(t, res.Warnings())
			} else {
				require.Len(t, res.Warnings(), 1)
				assert.Contains(t, res.Warnings()[0], tc.wantWarn)
			}
		})
	}
}

// TestModule_RevalidateAfter_reusePeriod: after a validation during the run, the module reads SCM's
// status call, which carries the validation date, and the day the validation can be used until is capped
// at the end of the reuse period: validated on 2027-01-10 and kept by SCM for 198 days, it can be used
// until 2027-04-20 only, 100 days from 2027-03-15 on. The next run reads the DCV list only, which carries
// no validation date, so SCM's expiry is all it has, as the documentation of revalidate_after says.
func TestModule_RevalidateAfter_reusePeriod(t *testing.T) {
	t.Parallel()
	now := day("2027-01-10").Add(9 * time.Hour)
	sim := startSimAt(t, now, func(k *scmsim.Knobs) { k.DCVValidityDays = 198 }, []string{"example.org"})
	args := sim.Conn(map[string]any{"domain": "example.org", "method": "cname", "submit": true})

	res := runWith(t, clockAt(now), args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"start cname validation of example.org", "submit cname validation of example.org"}, res["actions"])
	d := domainOf(res)
	assert.Equal(t, "VALIDATED", d["status"])
	assert.Equal(t, "2027-01-10", d["validated"], "read again after the validation")
	assert.Equal(t, "2027-07-27", d["expires"], "198 days")
	assert.EqualValues(t, 198, d["days_left"])
	assert.Equal(t, "2027-03-21", d["revalidate_after"], "2027-04-20 less 30 days")
	assert.EqualValues(t, 30, res["min_days_valid"])

	again := runWith(t, clockAt(now), args)
	require.False(t, again.Failed(), again.Msg())
	assert.False(t, again.Changed())
	d = domainOf(again)
	assert.NotContains(t, d, "validated")
	assert.Equal(t, "2027-06-27", d["revalidate_after"], "2027-07-27 less 30 days")
}

// TestModule_Wait_minDaysNotBelowPeriod: on 2029-03-15 a fresh validation can be used for 10 days, so
// with min_days_valid=30 (warned about) waiting for it cannot succeed: the wait says so at once.
func TestModule_Wait_minDaysNotBelowPeriod(t *testing.T) {
	t.Parallel()
	now := day("2029-03-15").Add(9 * time.Hour)
	sim := startSimAt(t, now, func(k *scmsim.Knobs) { k.DCVValidityDays = 198 }, []string{"example.org"})
	clk := clockAt(now)
	res := runWith(t, clk, sim.Conn(map[string]any{"domain": "example.org", "method": "cname", "submit": true,
		"wait": true, "min_days_valid": 30}))
	require.True(t, res.Failed())
	assert.Equal(t, "wait: example.org is validated, but can be used for 10 days only (until 2029-03-25), "+
		"fewer than min_days_valid=30, so waiting cannot help; set min_days_valid below 10", res.Msg())
	assert.Len(t, res.Warnings(), 1, "min_days_valid is not shorter than the reuse period")
	assert.Empty(t, clk.sleeps())
	assert.Equal(t, "2029-03-15", domainOf(res)["validated"])
}
