package certutil

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestMaxValidity: ballot SC-081's schedule, on and around each switch-over day (00:00 UTC).
func TestMaxValidity(t *testing.T) {
	t.Parallel()
	cet := time.FixedZone("CET", 3600)
	const (
		rule398 = "CA/Browser Forum ballot SC-081: at most 398 days for certificates issued before 2026-03-15"
		rule200 = "CA/Browser Forum ballot SC-081: at most 200 days for certificates issued from 2026-03-15"
		rule100 = "CA/Browser Forum ballot SC-081: at most 100 days for certificates issued from 2027-03-15"
		rule47  = "CA/Browser Forum ballot SC-081: at most 47 days for certificates issued from 2029-03-15"
	)
	tests := []struct {
		desc     string
		at       time.Time
		want     int
		wantRule string
	}{
		{desc: "long before", at: utcDate(2020, time.January, 1), want: 398, wantRule: rule398},
		{desc: "2026-03-14", at: utcDate(2026, time.March, 14), want: 398, wantRule: rule398},
		{desc: "2026-03-14, last instant", at: utcDate(2026, time.March, 15).Add(-time.Nanosecond), want: 398},
		{desc: "2026-03-15, first instant", at: utcDate(2026, time.March, 15), want: 200, wantRule: rule200},
		{desc: "2026-03-15, noon", at: utcDate(2026, time.March, 15).Add(12 * time.Hour), want: 200},
		{desc: "local midnight is still the 14th in UTC", at: time.Date(2026, time.March, 15, 0, 30, 0, 0, cet), want: 398},
		{desc: "local 01:00 is the 15th in UTC", at: time.Date(2026, time.March, 15, 1, 0, 0, 0, cet), want: 200},
		{desc: "2026-03-16", at: utcDate(2026, time.March, 16), want: 200},
		{desc: "2027-03-14", at: utcDate(2027, time.March, 14), want: 200, wantRule: rule200},
		{desc: "2027-03-14, last instant", at: utcDate(2027, time.March, 15).Add(-time.Nanosecond), want: 200},
		{desc: "2027-03-15, first instant", at: utcDate(2027, time.March, 15), want: 100, wantRule: rule100},
		{desc: "2027-03-16", at: utcDate(2027, time.March, 16), want: 100},
		{desc: "2029-03-14", at: utcDate(2029, time.March, 14), want: 100, wantRule: rule100},
		{desc: "2029-03-14, last instant", at: utcDate(2029, time.March, 15).Add(-time.Nanosecond), want: 100},
		{desc: "2029-03-15, first instant", at: utcDate(2029, time.March, 15), want: 47, wantRule: rule47},
		{desc: "2029-03-16", at: utcDate(2029, time.March, 16), want: 47},
		{desc: "far future", at: utcDate(2040, time.January, 1), want: 47, wantRule: rule47},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, MaxValidityDays(tt.at))
			c := MaxValidity(tt.at)
			assert.Equal(t, tt.want, c.Days)
			if tt.wantRule != "" {
				assert.Equal(t, tt.wantRule, c.Rule)
			}
		})
	}
}
