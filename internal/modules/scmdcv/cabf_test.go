package scmdcv

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/scm"
)

// day parses a yyyy-mm-dd date as 00:00 UTC.
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// lastSecond is 23:59:59 UTC on the day s.
func lastSecond(s string) time.Time { return day(s).Add(24*time.Hour - time.Second) }

// TestReusePeriod: ballot SC-081's schedule, on and around each switch-over day, in UTC.
func TestReusePeriod(t *testing.T) {
	t.Parallel()
	paris := time.FixedZone("UTC+1", 3600)
	newYork := time.FixedZone("UTC-5", -5*3600)
	tests := []struct {
		at   time.Time
		want int
	}{
		{day("2025-01-01"), 398},
		{day("2026-03-14"), 398},
		{lastSecond("2026-03-14"), 398},
		{day("2026-03-15"), 200},
		{day("2026-03-15").Add(-time.Nanosecond), 398},
		{day("2026-03-15").Add(30 * time.Minute).In(paris), 200}, // 01:30 in Paris is 00:30 UTC
		{day("2026-03-15").Add(-30 * time.Minute).In(paris), 398},
		{day("2026-03-15").Add(-time.Hour).In(newYork), 398}, // 18:00 in New York is 23:00 UTC on the 14th
		{day("2026-12-06"), 200},
		{day("2027-03-14"), 200},
		{lastSecond("2027-03-14"), 200},
		{day("2027-03-15"), 100},
		{day("2028-03-15"), 100},
		{day("2029-03-14"), 100},
		{lastSecond("2029-03-14"), 100},
		{day("2029-03-15"), 10},
		{day("2035-01-01"), 10},
	}
	for _, tc := range tests {
		t.Run(tc.at.Format(time.RFC3339Nano), func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, reusePeriod(tc.at))
		})
	}
}

// TestReuseEnds: the last day a validation can be used is decided by the period in force on the day of
// use, so a validation completed under a longer period ends at the next switch-over at the latest.
func TestReuseEnds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc, validated, want string
	}{
		{"398 days, ending before the first switch-over", "2025-01-10", "2026-02-12"},
		{"398 days cut at the switch-over: too old for 200 days on 2026-03-15", "2025-06-01", "2026-03-14"},
		{"completed the day before the switch-over: 200 days from 2026-03-15 on", "2026-03-14", "2026-09-30"},
		{"completed on the switch-over day", "2026-03-15", "2026-10-01"},
		{"200 days cut at the next switch-over: too old for 100 days on 2027-03-15", "2026-09-01", "2027-03-14"},
		{"exactly 100 days old on 2027-03-15 is still usable that day", "2026-12-05", "2027-03-15"},
		{"101 days old on 2027-03-15 ends the day before", "2026-12-04", "2027-03-14"},
		{"completed the day before the second switch-over", "2027-03-14", "2027-06-22"},
		{"completed on the second switch-over day", "2027-03-15", "2027-06-23"},
		{"100 days cut at the last switch-over", "2029-01-01", "2029-03-14"},
		{"exactly 10 days old on 2029-03-15", "2029-03-05", "2029-03-15"},
		{"completed the day before the last switch-over", "2029-03-14", "2029-03-24"},
		{"completed on the last switch-over day", "2029-03-15", "2029-03-25"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got := reuseEnds(day(tc.validated))
			assert.Equal(t, tc.want, got.Format(time.DateOnly))
			assert.Equal(t, tc.want, reuseEnds(lastSecond(tc.validated)).Format(time.DateOnly), "any time of the day")
			// The definition: the last day D with D - validated <= reusePeriod(D).
			age := func(d time.Time) int { return int(d.Sub(day(tc.validated)).Hours() / 24) }
			assert.LessOrEqual(t, age(got), reusePeriod(got), "usable on its last day")
			next := got.AddDate(0, 0, 1)
			assert.Greater(t, age(next), reusePeriod(next), "not usable the day after")
		})
	}
}

// TestDefaultMinDays: a third of the reuse period, at most 30 days.
func TestDefaultMinDays(t *testing.T) {
	t.Parallel()
	for at, want := range map[string]int{
		"2026-03-14": 30, "2026-03-15": 30, "2027-03-14": 30, "2027-03-15": 30, "2029-03-14": 30, "2029-03-15": 3,
	} {
		assert.Equal(t, want, defaultMinDays(day(at)), at)
	}
	assert.Equal(t, 30, defaultMinDays(lastSecond("2029-03-14")))
}

// TestOnDay: the rules of the day, applied to a task before any request.
func TestOnDay(t *testing.T) {
	t.Parallel()
	email := func() *task { return &task{Present: true, Method: methodEmail} }
	tests := []struct {
		desc      string
		task      *task
		now       time.Time
		wantDays  int
		wantWarn  []string // each must appear in the one warning; nil: no warning
		wantErr   []string
		wantNoErr bool
	}{
		{desc: "email in 2026 warns", task: email(), now: day("2026-06-01"), wantDays: 30,
			wantWarn: []string{"method=email", "2028-03-15", "SC-090", "method=cname", "method=txt", "method=http"}},
		{desc: "email on 2028-03-14 warns", task: email(), now: lastSecond("2028-03-14"), wantDays: 30,
			wantWarn: []string{"method=email", "2028-03-15", "SC-090", "will fail from that day"}},
		{desc: "email on 2028-03-14 UTC, already the 15th east of it, warns",
			task: email(), now: lastSecond("2028-03-14").In(time.FixedZone("UTC+9", 9*3600)), wantDays: 30,
			wantWarn: []string{"SC-090"}},
		{desc: "email on 2028-03-15 fails", task: email(), now: day("2028-03-15"),
			wantErr: []string{"method=email", "2028-03-15", "SC-090", "method option", "cname, txt, http or https"}},
		{desc: "email later fails", task: email(), now: day("2030-01-01"), wantErr: []string{"SC-090"}},
		{desc: "absent with method email clears orders on 2028-03-15 without a word",
			task: &task{Method: methodEmail}, now: day("2028-03-15"), wantDays: 30},
		{desc: "cname has no warning", task: &task{Present: true, Method: methodCNAME}, now: day("2028-03-15"), wantDays: 30},
		{desc: "default from 2029-03-15", task: &task{Present: true, Method: methodCNAME}, now: day("2029-03-15"), wantDays: 3},
		{desc: "a value given is kept", task: &task{Present: true, Method: methodCNAME, MinDays: 5, MinDaysGiven: true},
			now: day("2029-03-15"), wantDays: 5},
		{desc: "a value given as long as the period warns",
			task: &task{Present: true, Method: methodCNAME, MinDays: 10, MinDaysGiven: true}, now: day("2029-03-15"),
			wantDays: 10, wantWarn: []string{"min_days_valid=10", "10 days", "2029-03-15", "SC-081", "default 3", "below 10"}},
		{desc: "30 given is fine the day before",
			task: &task{Present: true, Method: methodCNAME, MinDays: 30, MinDaysGiven: true}, now: lastSecond("2029-03-14"),
			wantDays: 30},
		{desc: "0 given stays 0", task: &task{Present: true, Method: methodCNAME, MinDaysGiven: true},
			now: day("2026-06-01"), wantDays: 0},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			var warnings []string
			err := tc.task.onDay(tc.now, func(s string) { warnings = append(warnings, s) })
			if tc.wantErr != nil {
				require.Error(t, err)
				for _, w := range tc.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantDays, tc.task.MinDays)
			if tc.wantWarn == nil {
				assert.Empty(t, warnings)
				return
			}
			require.Len(t, warnings, 1)
			for _, w := range tc.wantWarn {
				assert.Contains(t, warnings[0], w)
			}
		})
	}
}

// TestObserved_dates: the last usable day is SCM's expiry, or the end of the reuse period when SCM
// reported the validation date and that comes first; revalidate_after is min_days_valid days before.
func TestObserved_dates(t *testing.T) {
	t.Parallel()
	now := day("2027-01-10")
	tests := []struct {
		desc                      string
		expires, validated        string
		wantUsable                string
		wantDays                  *int
		wantRevalidate            string // with min_days_valid 30
		wantValidated, wantExpiry string
	}{
		{desc: "expiry only (the DCV list)", expires: "2027-06-17", wantUsable: "2027-06-17", wantDays: days(158),
			wantRevalidate: "2027-05-18", wantExpiry: "2027-06-17"},
		{desc: "the reuse period ends first", expires: "2027-06-17", validated: "2026-12-01",
			wantUsable: "2027-03-14", wantDays: days(63), wantRevalidate: "2027-02-12",
			wantValidated: "2026-12-01", wantExpiry: "2027-06-17"},
		{desc: "SCM's expiry comes first", expires: "2027-03-01", validated: "2027-01-01",
			wantUsable: "2027-03-01", wantDays: days(50), wantRevalidate: "2027-01-30",
			wantValidated: "2027-01-01", wantExpiry: "2027-03-01"},
		{desc: "validation date without an expiry", validated: "2027-01-01", wantUsable: "2027-04-11",
			wantDays: days(91), wantRevalidate: "2027-03-12", wantValidated: "2027-01-01"},
		{desc: "neither"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			o := observed{Status: statusValidated}
			o.setDates(scm.DateOf(tc.expires), scm.DateOf(tc.validated), now)
			assert.Equal(t, tc.wantExpiry, o.Expires)
			assert.Equal(t, tc.wantValidated, o.Validated)
			if tc.wantUsable == "" {
				assert.True(t, o.UsableUntil.IsZero())
			} else {
				assert.Equal(t, tc.wantUsable, o.UsableUntil.Format(time.DateOnly))
			}
			assert.Equal(t, tc.wantDays, o.UsableDays)
			assert.Equal(t, tc.wantRevalidate, o.revalidateAfter(30))
			o.Status = statusNotValidated
			assert.Empty(t, o.revalidateAfter(30), "nothing to revalidate when not validated")
		})
	}
}
