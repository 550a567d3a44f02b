package scmdcv

import (
	"fmt"
	"time"
)

// The CA/Browser Forum's Baseline Requirements that change with the date, applied on the module's clock
// in UTC days: how long a completed validation may be reused (ballot SC-081), and the end of email
// validation (ballot SC-090). Everything here is dates only and runs before the first request; checks
// that need answers from SCM or DNS before a validation starts belong after the plan, in run.

// reuseStep is one step of the reuse schedule: from the UTC day From on, a certificate may be issued on
// a validation completed at most Days days before.
type reuseStep struct {
	From time.Time
	Days int
}

// reuseSchedule is ballot SC-081's schedule, oldest first. The period that counts is the one in force on
// the day the validation is used, not the day it was completed. Sectigo already applies 198 days, which
// the expiry dates SCM reports show.
var reuseSchedule = []reuseStep{
	{Days: 398},
	{From: utcDate(2026, time.March, 15), Days: 200},
	{From: utcDate(2027, time.March, 15), Days: 100},
	{From: utcDate(2029, time.March, 15), Days: 10},
}

// emailSunset is the first day (UTC) on which ballot SC-090 forbids validation by mail to the domain's
// WHOIS contacts or constructed addresses (admin@, hostmaster@, ...), which is what method=email asks
// SCM for.
var emailSunset = utcDate(2028, time.March, 15)

// Default min_days_valid: a third of the reuse period in force, at most maxDefaultMinDays.
const (
	maxDefaultMinDays  = 30
	defaultMinDaysPart = 3
)

// reusePeriod is the number of days a completed validation may be reused on the UTC day of at.
func reusePeriod(at time.Time) int {
	day, days := utcDay(at), 0
	for _, s := range reuseSchedule {
		if day.Before(s.From) {
			break
		}
		days = s.Days
	}
	return days
}

// reuseEnds is the last UTC day on which a validation completed on the day of validated may still be
// used: the last day D with D - validated <= reusePeriod(D). The period only shrinks, so that day lies
// in the latest step of the schedule that still allows one of its own days, and a validation completed
// before a switch-over can end on the day before it.
func reuseEnds(validated time.Time) time.Time {
	v := utcDay(validated)
	for i := len(reuseSchedule) - 1; i >= 0; i-- {
		end := v.AddDate(0, 0, reuseSchedule[i].Days)
		if end.Before(reuseSchedule[i].From) {
			continue // already too old on the step's first day
		}
		if i+1 < len(reuseSchedule) && !end.Before(reuseSchedule[i+1].From) {
			end = reuseSchedule[i+1].From.AddDate(0, 0, -1) // the next step, checked first, allows no day
		}
		return end
	}
	return v // not reached: the first step has no start
}

// defaultMinDays is min_days_valid when the task leaves it out: a third of the reuse period in force on
// the day of at, at most 30 days. That is 30 days while the period is 100 days or more (the fixed
// default the option had before), and 3 days from 2029-03-15, when it becomes 10 days and 30 would make
// every run validate again.
func defaultMinDays(at time.Time) int {
	return min(maxDefaultMinDays, reusePeriod(at)/defaultMinDaysPart)
}

// onDay applies the rules in force on the UTC day of now, before any request: it fills in min_days_valid
// when the task leaves it out, warns when the value given cannot work with the reuse period in force,
// and warns about email validation before ballot SC-090 forbids it, refusing it from that day on.
func (t *task) onDay(now time.Time, warn func(string)) error {
	period := reusePeriod(now)
	if !t.MinDaysGiven {
		t.MinDays = defaultMinDays(now)
	}
	if !t.Present {
		return nil // absent only clears orders: no validation is started or kept
	}
	if t.MinDaysGiven && t.MinDays >= period {
		warn(fmt.Sprintf("min_days_valid=%d is not shorter than the %d days a validation may be reused on %s "+
			"(CA/Browser Forum ballot SC-081), so every run validates the domains again; leave min_days_valid "+
			"out (default %d) or set it below %d", t.MinDays, period, utcDay(now).Format(time.DateOnly),
			defaultMinDays(now), period))
	}
	if t.Method != methodEmail {
		return nil
	}
	if utcDay(now).Before(emailSunset) {
		warn(fmt.Sprintf("method=email: validation by mail to the domain's WHOIS contacts or constructed "+
			"addresses is not allowed from %s on (CA/Browser Forum ballot SC-090), and this task will fail "+
			"from that day; use method=cname, method=txt or method=http (or https) instead",
			emailSunset.Format(time.DateOnly)))
		return nil
	}
	return fmt.Errorf("method=email: validation by mail to the domain's WHOIS contacts or constructed addresses "+
		"is not allowed since %s (CA/Browser Forum ballot SC-090), so the method option must name another "+
		"method: cname, txt, http or https", emailSunset.Format(time.DateOnly))
}

func utcDate(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// utcDay is the start (UTC) of the UTC day of t.
func utcDay(t time.Time) time.Time {
	t = t.UTC()
	return utcDate(t.Year(), t.Month(), t.Day())
}
