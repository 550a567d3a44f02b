package common

import (
	"context"
	"time"
)

// Clock is a module's time: Now for expiry counts and wait deadlines, Sleep between polls. Tests
// inject one that moves on at once, so waits cost no real time.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock.
var SystemClock Clock = systemClock{}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Sleep waits for d, or until ctx is done (then it returns ctx.Err()).
func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
