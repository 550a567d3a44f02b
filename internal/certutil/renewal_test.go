package certutil

import (
	"crypto/x509"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// validity returns an unsigned certificate valid for lifetime from epoch:
// the renewal functions read only the two dates.
func validity(lifetime time.Duration) *x509.Certificate {
	return &x509.Certificate{NotBefore: epoch, NotAfter: epoch.Add(lifetime)}
}

func TestNeedsRenewal(t *testing.T) {
	t.Parallel()
	const sec = time.Second
	c90, c398, c47 := validity(90*day), validity(398*day), validity(47*day)
	tests := []struct {
		desc          string
		cert          *x509.Certificate
		elapsed       time.Duration // now = NotBefore + elapsed
		remainingDays int
		want          bool
		wantWhy       string
	}{
		{desc: "fresh certificate", cert: c90, elapsed: 0, remainingDays: 30, want: false,
			wantWhy: "90.0 days left, outside the renewal window"},
		{desc: "exactly remaining_days left is not fewer", cert: c90, elapsed: 60 * day, remainingDays: 30, want: false},
		{desc: "one second inside the window", cert: c90, elapsed: 60*day + sec, remainingDays: 30, want: true,
			wantWhy: "30.0 days left, inside the renewal window of 30.0 days"},
		{desc: "no remaining_days: a third of the lifetime", cert: c90, elapsed: 60*day + sec, remainingDays: 0, want: true},
		{desc: "no remaining_days, before the last third", cert: c90, elapsed: 59 * day, remainingDays: 0, want: false},
		{desc: "negative remaining_days acts as unset", cert: c90, elapsed: 61 * day, remainingDays: -5, want: true},
		{desc: "window as long as the lifetime falls back, no renewal loop", cert: c90, elapsed: day, remainingDays: 90, want: false},
		{desc: "window longer than the lifetime falls back", cert: c47, elapsed: day, remainingDays: 60, want: false},
		{desc: "fallback window still applies", cert: c47, elapsed: 32 * day, remainingDays: 60, want: true},
		{desc: "huge remaining_days does not overflow", cert: c90, elapsed: day, remainingDays: 1 << 40, want: false},
		{desc: "47-day certificate, 30-day window, outside", cert: c47, elapsed: 16 * day, remainingDays: 30, want: false},
		{desc: "47-day certificate, 30-day window, inside", cert: c47, elapsed: 18 * day, remainingDays: 30, want: true},
		{desc: "small window: floor of 1/50 renews anyway", cert: c398, elapsed: 391 * day, remainingDays: 1, want: true,
			wantWhy: "7.0 days left, at or below the floor of 1/50 of the lifetime (8.0 days)"},
		{desc: "small window: above the floor", cert: c398, elapsed: 388 * day, remainingDays: 1, want: false},
		{desc: "at NotAfter", cert: c90, elapsed: 90 * day, remainingDays: 30, want: true},
		{desc: "expired", cert: c90, elapsed: 91 * day, remainingDays: 0, want: true,
			wantWhy: "expired on 2026-08-30T12:00:00Z"},
		{desc: "empty validity period", cert: validity(0), elapsed: -day, remainingDays: 30, want: true,
			wantWhy: "empty validity period"},
		{desc: "no certificate", cert: nil, remainingDays: 30, want: true, wantWhy: "no certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			now := epoch.Add(tt.elapsed)
			assert.Equal(t, tt.want, NeedsRenewal(tt.cert, now, tt.remainingDays))
			need, why := CheckRenewal(tt.cert, now, tt.remainingDays)
			assert.Equal(t, tt.want, need)
			if tt.wantWhy != "" {
				assert.Equal(t, tt.wantWhy, why)
			}
		})
	}
}

func TestRenewalWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc          string
		lifetime      time.Duration
		remainingDays int
		want          time.Duration
	}{
		{desc: "as asked", lifetime: 398 * day, remainingDays: 30, want: 30 * day},
		{desc: "unset", lifetime: 90 * day, remainingDays: 0, want: 30 * day},
		{desc: "one day short of the lifetime is honoured", lifetime: 90 * day, remainingDays: 89, want: 89 * day},
		{desc: "equal to the lifetime", lifetime: 90 * day, remainingDays: 90, want: 30 * day},
		{desc: "lifetime with a backdated hour, same whole days", lifetime: 90*day + time.Hour, remainingDays: 90, want: 90 * day},
		{desc: "longer than the lifetime", lifetime: 47 * day, remainingDays: 60, want: 47 * day / 3},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, RenewalWindow(tt.lifetime, tt.remainingDays))
		})
	}
}
