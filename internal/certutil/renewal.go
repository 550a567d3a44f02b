package certutil

import (
	"crypto/x509"
	"fmt"
	"time"
)

const day = 24 * time.Hour

// The rules that make a certificate due for renewal, by the names modules report (the option that
// sets each window, or the state).
const (
	RuleExpired    = "expired"
	RulePercentage = "remaining_percentage"
	RuleDays       = "remaining_days"
)

// DefaultRemainingPercentage renews with a third of the lifetime left: 66 days of a 200-day
// certificate, 33 of a 100-day one and 15.5 of a 47-day one. A share scales with the lifetimes of
// ballot SC-081, where a fixed number of days cannot (30 days is a sixth of 200 days and two thirds of
// 47). A third is what certmagic and cert-manager default to: it leaves weeks, or for 47 days still two,
// to retry a renewal that waits for validation or approval, and renews a 47-day certificate every 32
// days rather than every 17.
const DefaultRemainingPercentage = 33

// RenewalPolicy says when a certificate is due: when less than Percentage percent of its own
// lifetime (NotAfter − NotBefore) is left, or when fewer than Days days are left, whichever comes
// first.
type RenewalPolicy struct {
	// Percentage is the share of the lifetime, 1 to 99; 0 or less turns the rule off.
	Percentage int
	// Days is a number of days; 0 or less turns the rule off. A number of days at least as long as the
	// certificate's lifetime (in whole days) is not applied to it: every fresh certificate would be due
	// at once, so each run would renew again. The percentage still applies then.
	Days int
}

// Renewal is the verdict on one certificate at one moment.
type Renewal struct {
	// Needed: the certificate is due.
	Needed bool
	// Rule is RuleExpired, RulePercentage or RuleDays when Needed (the rule whose window is the wider,
	// so the one that became true first); "" otherwise.
	Rule string
	// Reason says why, in one sentence with the numbers.
	Reason string
	// RenewAfter is the moment after which the certificate is due (NotAfter minus the wider window);
	// zero without a certificate or a validity period.
	RenewAfter time.Time
	// Note explains a rule that was not applied (Days not shorter than the lifetime); "" otherwise.
	Note string
}

// Check decides whether c is due for renewal at now and says why.
func (p RenewalPolicy) Check(c *x509.Certificate, now time.Time) Renewal {
	if c == nil {
		return Renewal{Needed: true, Reason: "no certificate"}
	}
	lifetime := c.NotAfter.Sub(c.NotBefore)
	left := c.NotAfter.Sub(now)
	if lifetime <= 0 {
		return Renewal{Needed: true, Rule: RuleExpired, Reason: "empty validity period"}
	}
	w := p.window(lifetime)
	r := Renewal{RenewAfter: c.NotAfter.Add(-w.size), Note: w.note}
	due := "renewal is due after " + r.RenewAfter.UTC().Format(time.RFC3339)
	switch {
	case left <= 0:
		r.Needed, r.Rule, r.Reason = true, RuleExpired, "expired on "+c.NotAfter.UTC().Format(time.RFC3339)
	case w.rule == "":
		r.Reason = fmt.Sprintf("%s left; no renewal rule applies, so it is renewed once expired", days(left))
	case left < w.size:
		r.Needed, r.Rule = true, w.rule
		r.Reason = fmt.Sprintf("%s left, %s", days(left), w.describe(lifetime))
	default:
		r.Reason = fmt.Sprintf("%s left; %s, when %s", days(left), due, w.describe(lifetime))
	}
	return r
}

// window is how long before expiry renewal starts, and the rule that sets it.
type window struct {
	size time.Duration
	rule string // RulePercentage, RuleDays, or "" when neither rule applies
	pct  int
	days int
	note string
}

// describe says what the window is, to follow "N days left, ..." ("less than 33% of ...") or "when ...".
func (w window) describe(lifetime time.Duration) string {
	if w.rule == RuleDays {
		return fmt.Sprintf("fewer than remaining_days (%d)", w.days)
	}
	return fmt.Sprintf("less than %d%% of the lifetime of %s (%s)", w.pct, days(lifetime), days(w.size))
}

// window is the wider of the two rules' windows for a certificate of this lifetime. On a tie the
// percentage is named: it is the rule that scales with the lifetime.
func (p RenewalPolicy) window(lifetime time.Duration) window {
	var w window
	if p.Percentage > 0 {
		w = window{size: share(lifetime, p.Percentage), rule: RulePercentage, pct: p.Percentage}
	}
	if p.Days <= 0 {
		return w
	}
	// Compare whole days as integers, so that a huge Days cannot overflow a Duration.
	if whole := int64(lifetime / day); int64(p.Days) >= whole {
		w.note = fmt.Sprintf("remaining_days (%d) is not shorter than the certificate's lifetime of %d days, "+
			"so it is not applied to this certificate: every fresh certificate would be due at once", p.Days, whole)
		return w
	}
	if d := time.Duration(p.Days) * day; d > w.size {
		w.size, w.rule, w.days = d, RuleDays, p.Days
	}
	return w
}

// share is pct percent of d, without overflowing for long lifetimes (pct·d would, past ~3 years).
func share(d time.Duration, pct int) time.Duration {
	p := time.Duration(pct)
	return d/100*p + d%100*p/100
}

// NeedsRenewal reports whether c is due for renewal at now under p (see RenewalPolicy.Check).
func NeedsRenewal(c *x509.Certificate, now time.Time, p RenewalPolicy) bool {
	return p.Check(c, now).Needed
}

// days formats a duration in days with one decimal for messages.
func days(d time.Duration) string {
	return fmt.Sprintf("%.1f days", d.Hours()/24)
}
