package certutil

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestPublicTLSMaxDays(t *testing.T) {
	t.Parallel()
	cet := time.FixedZone("CET", 3600)
	tests := []struct {
		desc string
		at   time.Time
		want int
	}{
		{desc: "long before", at: utcDate(2020, time.January, 1), want: 398},
		{desc: "last instant of 398", at: utcDate(2026, time.March, 15).Add(-time.Nanosecond), want: 398},
		{desc: "first instant of 200", at: utcDate(2026, time.March, 15), want: 200},
		{desc: "local midnight is still the day before in UTC", at: time.Date(2026, time.March, 15, 0, 30, 0, 0, cet), want: 398},
		{desc: "last instant of 200", at: utcDate(2027, time.March, 15).Add(-time.Nanosecond), want: 200},
		{desc: "first instant of 100", at: utcDate(2027, time.March, 15), want: 100},
		{desc: "last instant of 100", at: utcDate(2029, time.March, 15).Add(-time.Nanosecond), want: 100},
		{desc: "first instant of 47", at: utcDate(2029, time.March, 15), want: 47},
		{desc: "far future", at: utcDate(2040, time.January, 1), want: 47},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, PublicTLSMaxDays(tt.at))
		})
	}
}
