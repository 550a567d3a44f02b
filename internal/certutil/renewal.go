package certutil

import (
	"crypto/x509"
	"fmt"
	"time"
)

const day = 24 * time.Hour

// Renewal ratios, as fractions of the certificate's lifetime
// (NotAfter − NotBefore).
const (
	// DefaultWindowDivisor sets the window used when the caller gives no
	// usable remaining_days: renew with a third of the lifetime left, the
	// default of certmagic and cert-manager. It scales with the shrinking
	// lifetimes of ballot SC-081 (a third of 47 days is about 16 days).
	DefaultWindowDivisor = 3
	// FloorDivisor sets the hard floor: with 1/50 of the lifetime or less
	// left, renew whatever the window says (about 8 days of a 398-day
	// certificate, 22 hours of a 47-day one).
	FloorDivisor = 50
)

// RenewalWindow returns how long before expiry renewal starts for a
// certificate of the given lifetime. remainingDays > 0 gives that many days,
// except that a window at least as long as the lifetime falls back to the
// default: every fresh certificate would be inside it, so each run would
// enroll again (cert-manager treats renewBefore ≥ duration the same way).
// This matters under SC-081: remaining_days 60 is sane for a 398-day
// certificate and a loop for a 47-day one. remainingDays ≤ 0 means "use the
// default", a third of the lifetime.
func RenewalWindow(lifetime time.Duration, remainingDays int) time.Duration {
	fallback := lifetime / DefaultWindowDivisor
	// Compare in whole days first so a huge remainingDays cannot overflow.
	if remainingDays <= 0 || int64(remainingDays) > int64(lifetime/day) {
		return fallback
	}
	if w := time.Duration(remainingDays) * day; w < lifetime {
		return w
	}
	return fallback
}

// NeedsRenewal reports whether c should be renewed at now. See CheckRenewal
// for the rule.
func NeedsRenewal(c *x509.Certificate, now time.Time, remainingDays int) bool {
	need, _ := CheckRenewal(c, now, remainingDays)
	return need
}

// CheckRenewal decides whether c should be renewed at now and says why, so a
// module can report the reason. The rule is layered, after certmagic's
// certNeedsRenewal:
//
//  1. No certificate, an expired one, or one whose validity period is empty:
//     renew.
//  2. The window: renew when less than RenewalWindow(lifetime, remainingDays)
//     is left, i.e. fewer than remainingDays days, or a third of the lifetime
//     when remainingDays is not usable.
//  3. The floor: renew when at most 1/50 of the lifetime is left, even if
//     remainingDays asked for a smaller window. A mistyped remaining_days
//     (say 1 for a 398-day certificate) then still renews with days, not
//     hours, to spare.
func CheckRenewal(c *x509.Certificate, now time.Time, remainingDays int) (need bool, why string) {
	if c == nil {
		return true, "no certificate"
	}
	lifetime := c.NotAfter.Sub(c.NotBefore)
	left := c.NotAfter.Sub(now)
	switch {
	case left <= 0:
		return true, fmt.Sprintf("expired on %s", c.NotAfter.UTC().Format(time.RFC3339))
	case lifetime <= 0:
		return true, "empty validity period"
	}
	if w := RenewalWindow(lifetime, remainingDays); left < w {
		return true, fmt.Sprintf("%s left, inside the renewal window of %s", days(left), days(w))
	}
	if floor := lifetime / FloorDivisor; left <= floor {
		return true, fmt.Sprintf("%s left, at or below the floor of 1/%d of the lifetime (%s)", days(left), FloorDivisor, days(floor))
	}
	return false, fmt.Sprintf("%s left, outside the renewal window", days(left))
}

// days formats a duration in days with one decimal for messages.
func days(d time.Duration) string {
	return fmt.Sprintf("%.1f days", d.Hours()/24)
}
