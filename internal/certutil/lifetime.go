package certutil

import (
	"fmt"
	"time"
)

// ValidityCap is the longest validity the CA/Browser Forum Baseline Requirements allow for a public
// TLS certificate issued at a given moment.
type ValidityCap struct {
	// Days is the longest validity, in days.
	Days int
	// Rule names the rule and the day it took effect, for messages: "CA/Browser Forum ballot SC-081: at
	// most 200 days for certificates issued from 2026-03-15".
	Rule string
}

// MaxValidity returns the cap on the validity of a public TLS certificate issued at `at`. It is the
// one place that holds the schedule of ballot SC-081v3, which shortens the maximum in three steps:
//
//	issued before 2026-03-15  398 days (the cap since 2020)
//	from 2026-03-15           200 days
//	from 2027-03-15           100 days
//	from 2029-03-15            47 days
//
// Each step takes effect at 00:00 UTC of its day (the ballot gives dates, and certificates carry UTC
// times), so 2026-03-15T00:30+01:00, which is still the 14th in UTC, falls under the 398-day cap.
// Modules use it to refuse, before anything is ordered, a term that a public CA would reject, and to
// choose the longest term that fits.
func MaxValidity(at time.Time) ValidityCap {
	steps := []struct {
		from time.Time
		days int
	}{ // newest first: the first step that has begun is the one in force
		{utcDate(2029, time.March, 15), 47},
		{utcDate(2027, time.March, 15), 100},
		{utcDate(2026, time.March, 15), 200},
	}
	for _, s := range steps {
		if !at.Before(s.from) {
			return ValidityCap{Days: s.days, Rule: fmt.Sprintf("CA/Browser Forum ballot SC-081: at most %d days "+
				"for certificates issued from %s", s.days, s.from.Format(time.DateOnly))}
		}
	}
	first := steps[len(steps)-1].from
	return ValidityCap{Days: 398, Rule: fmt.Sprintf("CA/Browser Forum ballot SC-081: at most 398 days for "+
		"certificates issued before %s", first.Format(time.DateOnly))}
}

// MaxValidityDays returns the longest validity, in days, of a public TLS certificate issued at `at`
// (MaxValidity's Days).
func MaxValidityDays(at time.Time) int { return MaxValidity(at).Days }

func utcDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
