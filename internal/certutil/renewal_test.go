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

func TestRenewalPolicy_Check(t *testing.T) {
	t.Parallel()
	const sec = time.Second
	c47, c90, c100, c200 := validity(47*day), validity(90*day), validity(100*day), validity(200*day)
	def := RenewalPolicy{Percentage: DefaultRemainingPercentage}
	withDays := func(d int) RenewalPolicy { return RenewalPolicy{Percentage: DefaultRemainingPercentage, Days: d} }
	tests := []struct {
		desc     string
		cert     *x509.Certificate
		elapsed  time.Duration // now = NotBefore + elapsed
		p        RenewalPolicy
		want     bool
		wantRule string
		wantWhy  string
		wantNote string
	}{
		// The default share on SC-081's lifetimes: 66 days of 200, 33 of 100, 15.5 of 47.
		{desc: "200 days: fresh", cert: c200, elapsed: 10 * day, p: def, want: false,
			wantWhy: "190.0 days left; renewal is due after 2026-10-13T12:00:00Z, when less than 33% of the lifetime of 200.0 days (66.0 days)"},
		{desc: "200 days: 66 days left is not less", cert: c200, elapsed: 134 * day, p: def, want: false},
		{desc: "200 days: one second later", cert: c200, elapsed: 134*day + sec, p: def, want: true, wantRule: RulePercentage,
			wantWhy: "66.0 days left, less than 33% of the lifetime of 200.0 days (66.0 days)"},
		{desc: "100 days: 33 days left is not less", cert: c100, elapsed: 67 * day, p: def, want: false},
		{desc: "100 days: inside", cert: c100, elapsed: 67*day + sec, p: def, want: true, wantRule: RulePercentage},
		{desc: "47 days: 15.5 days left is not less", cert: c47, elapsed: 47*day - share(47*day, 33), p: def, want: false},
		{desc: "47 days: inside", cert: c47, elapsed: 47*day - share(47*day, 33) + sec, p: def, want: true, wantRule: RulePercentage,
			wantWhy: "15.5 days left, less than 33% of the lifetime of 47.0 days (15.5 days)"},

		// remaining_days beside the share: whichever window is wider renews first, and is named.
		{desc: "days wider than the share: 30 of 47", cert: c47, elapsed: 17*day + sec, p: withDays(30), want: true, wantRule: RuleDays,
			wantWhy: "30.0 days left, fewer than remaining_days (30)"},
		{desc: "days wider, not yet", cert: c47, elapsed: 17 * day, p: withDays(30), want: false,
			wantWhy: "30.0 days left; renewal is due after 2026-06-18T12:00:00Z, when fewer than remaining_days (30)"},
		{desc: "share wider than days: 66 of 200 beats 30", cert: c200, elapsed: 140 * day, p: withDays(30), want: true, wantRule: RulePercentage},
		{desc: "both true: the wider one is named", cert: c200, elapsed: 190 * day, p: withDays(30), want: true, wantRule: RulePercentage},
		{desc: "tie: the share is named", cert: c100, elapsed: 70*day + sec, p: RenewalPolicy{Percentage: 30, Days: 30}, want: true, wantRule: RulePercentage},
		{desc: "days only (share off)", cert: c90, elapsed: 60*day + sec, p: RenewalPolicy{Days: 30}, want: true, wantRule: RuleDays},
		{desc: "days only, before the window", cert: c90, elapsed: 59 * day, p: RenewalPolicy{Days: 30}, want: false},

		// remaining_days not shorter than the lifetime would renew every fresh certificate: not applied.
		{desc: "days as long as the lifetime: not applied", cert: c47, elapsed: day, p: withDays(47), want: false,
			wantNote: "remaining_days (47) is not shorter than the certificate's lifetime of 47 days, so it is not applied to this certificate: every fresh certificate would be due at once"},
		{desc: "days longer than the lifetime: the share still applies", cert: c47, elapsed: 32 * day, p: withDays(60), want: true, wantRule: RulePercentage,
			wantNote: "remaining_days (60) is not shorter than the certificate's lifetime of 47 days, so it is not applied to this certificate: every fresh certificate would be due at once"},
		{desc: "a backdated hour does not make a whole day", cert: validity(90*day + time.Hour), elapsed: day, p: withDays(90), want: false,
			wantNote: "remaining_days (90) is not shorter than the certificate's lifetime of 90 days, so it is not applied to this certificate: every fresh certificate would be due at once"},
		{desc: "one day shorter than the lifetime is applied", cert: c47, elapsed: day + sec, p: withDays(46), want: true, wantRule: RuleDays},
		{desc: "huge days do not overflow", cert: c90, elapsed: day, p: withDays(1 << 40), want: false,
			wantNote: "remaining_days (1099511627776) is not shorter than the certificate's lifetime of 90 days, so it is not applied to this certificate: every fresh certificate would be due at once"},
		{desc: "no rule at all: only expiry", cert: c90, elapsed: 89 * day, p: RenewalPolicy{}, want: false,
			wantWhy: "1.0 days left; no renewal rule applies, so it is renewed once expired"},

		{desc: "at NotAfter", cert: c90, elapsed: 90 * day, p: def, want: true, wantRule: RuleExpired},
		{desc: "expired", cert: c90, elapsed: 91 * day, p: def, want: true, wantRule: RuleExpired,
			wantWhy: "expired on 2026-08-30T12:00:00Z"},
		{desc: "empty validity period", cert: validity(0), elapsed: -day, p: def, want: true, wantRule: RuleExpired,
			wantWhy: "empty validity period"},
		{desc: "no certificate", cert: nil, p: def, want: true, wantWhy: "no certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			now := epoch.Add(tt.elapsed)
			assert.Equal(t, tt.want, NeedsRenewal(tt.cert, now, tt.p))
			r := tt.p.Check(tt.cert, now)
			assert.Equal(t, tt.want, r.Needed)
			assert.Equal(t, tt.wantRule, r.Rule)
			if tt.wantWhy != "" {
				assert.Equal(t, tt.wantWhy, r.Reason)
			}
			assert.Equal(t, tt.wantNote, r.Note)
		})
	}
}

func TestRenewalPolicy_RenewAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc     string
		lifetime time.Duration
		p        RenewalPolicy
		want     time.Time // NotAfter minus the wider window
	}{
		{desc: "a third of 200 days", lifetime: 200 * day, p: RenewalPolicy{Percentage: 33}, want: epoch.Add(134 * day)},
		{desc: "a third of 100 days", lifetime: 100 * day, p: RenewalPolicy{Percentage: 33}, want: epoch.Add(67 * day)},
		{desc: "remaining_days wider", lifetime: 47 * day, p: RenewalPolicy{Percentage: 33, Days: 30}, want: epoch.Add(17 * day)},
		{desc: "no rule: at expiry", lifetime: 90 * day, p: RenewalPolicy{}, want: epoch.Add(90 * day)},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.p.Check(validity(tt.lifetime), epoch).RenewAfter)
		})
	}
}

// TestShare: pct·d overflows a Duration past about three years; share must not.
func TestShare(t *testing.T) {
	t.Parallel()
	tenYears := 3650 * day
	assert.Equal(t, 3613.5*float64(day), float64(share(tenYears, 99)))
	assert.Equal(t, 66*day, share(200*day, 33))
	assert.Equal(t, time.Duration(0), share(time.Nanosecond, 50))
}
