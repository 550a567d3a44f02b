package common

import "time"

// DaysLeft counts calendar days (UTC) from now until the day of until: 0 on the last day, negative
// once past. SCM gives expiry as dates, so a finer count would be invented.
func DaysLeft(until, now time.Time) int {
	return int(utcDay(until).Sub(utcDay(now)).Hours() / 24)
}

func utcDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
