package certutil

import "time"

// PublicTLSMaxDays returns the longest validity, in days, that CA/Browser
// Forum Baseline Requirements allow for a public TLS certificate issued at t,
// per ballot SC-081v3: 398 days before 15 March 2026, 200 days from then,
// 100 days from 15 March 2027 and 47 days from 15 March 2029. Dates are taken
// at 00:00 UTC. Modules use it to refuse, before enrolling, a term that a
// public CA would reject or silently shorten.
func PublicTLSMaxDays(t time.Time) int {
	switch {
	case !t.Before(utcDate(2029, time.March, 15)):
		return 47
	case !t.Before(utcDate(2027, time.March, 15)):
		return 100
	case !t.Before(utcDate(2026, time.March, 15)):
		return 200
	default:
		return 398
	}
}

func utcDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
