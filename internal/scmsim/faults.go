package scmsim

import (
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Fault kinds as they appear in the journal and the counters.
const (
	faultNone    = "none"
	fault503     = "503"
	fault429     = "429"
	faultDrop    = "drop"
	faultLatency = "latency"
)

// Faults make the SCM API hostile. They never apply to the admin API or to
// ACME. All randomness comes from a generator seeded with Seed, so a test that
// sets a seed sees the same faults on every run.
type Faults struct {
	// FailRate is the probability of 503 + Retry-After before the handler.
	FailRate float64 `json:"fail_rate"`
	// RateLimitRate is the probability of 429 + Retry-After before the
	// handler (an emulator feature: SCM documents no rate limit).
	RateLimitRate float64 `json:"rate_limit_rate"`
	// RetryAfterSeconds is the Retry-After value on injected 503 and 429.
	RetryAfterSeconds int `json:"retry_after_seconds"`
	// LatencyMS and JitterMS add latency+rand[0,jitter) ms to each request.
	LatencyMS int `json:"latency_ms"`
	JitterMS  int `json:"jitter_ms"`
	// DropAfterCommitRate is the probability that a request which changed
	// state has its connection closed without any response.
	DropAfterCommitRate float64 `json:"drop_after_commit_rate"`
	// RateLimitRPS, when > 0, runs a token bucket (burst = max(1, rps)) that
	// answers 429 when empty.
	RateLimitRPS float64 `json:"rate_limit_rps"`
	// FailNext answers 503 + Retry-After to the next few requests of one
	// kind: a deterministic fault for tests of what a client does after a
	// lost write.
	FailNext *FailNext `json:"fail_next,omitempty"`
	// TokenUnavailable answers 503 + Retry-After to every request to the
	// OAuth2 token endpoint until it is cleared (FailNext with the match
	// "POST " + TokenPath fails a given number instead).
	TokenUnavailable bool `json:"token_unavailable,omitempty"`
	// Seed seeds the fault generator.
	Seed uint64 `json:"seed"`
}

// FailNext selects the requests that get a 503 before their handler.
type FailNext struct {
	// Match is "METHOD /path", compared exactly, e.g. "POST /api/domain/v1".
	Match string `json:"match"`
	// Count is how many matching requests fail, from the moment the faults are set.
	Count int `json:"count"`
}

// DefaultFaults injects nothing.
func DefaultFaults() Faults {
	return Faults{RetryAfterSeconds: 1}
}

// Validate reports values outside their range.
func (f Faults) Validate() error {
	for _, p := range []float64{f.FailRate, f.RateLimitRate, f.DropAfterCommitRate} {
		if p < 0 || p > 1 {
			return errString("fail_rate, rate_limit_rate and drop_after_commit_rate must be within [0,1]")
		}
	}
	if f.RetryAfterSeconds < 0 || f.LatencyMS < 0 || f.JitterMS < 0 || f.RateLimitRPS < 0 {
		return errString("retry_after_seconds, latency_ms, jitter_ms and rate_limit_rps must be >= 0")
	}
	if n := f.FailNext; n != nil && (n.Count < 0 || !strings.Contains(n.Match, " /")) {
		return errString(`fail_next needs a match such as "POST /api/domain/v1" and a count >= 0`)
	}
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

// faultState holds the configuration, the seeded generator and the token
// bucket. Its own mutex keeps fault decisions off the store lock.
type faultState struct {
	mu     sync.Mutex
	cfg    Faults
	rng    *rand.Rand
	tokens float64
	last   time.Time
	now    func() time.Time
	// failNextLeft counts down cfg.FailNext.Count.
	failNextLeft int
}

func newFaultState(cfg Faults, now func() time.Time) *faultState {
	f := &faultState{now: now}
	f.set(cfg)
	return f
}

func (f *faultState) set(cfg Faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg = cfg
	f.rng = rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	f.tokens = max(1, cfg.RateLimitRPS)
	f.last = f.now()
	f.failNextLeft = 0
	if cfg.FailNext != nil {
		f.failNextLeft = cfg.FailNext.Count
	}
}

func (f *faultState) get() Faults {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg
}

// decision is what happens to one request before its handler runs.
type decision struct {
	reject     string // fault503, fault429 or ""
	retryAfter int
	delay      time.Duration
}

// decide draws the pre-handler faults in a fixed order so that the sequence
// is reproducible for a given seed. FailNext and TokenUnavailable come first
// and draw nothing.
func (f *faultState) decide(method, path string) decision {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := decision{retryAfter: f.cfg.RetryAfterSeconds}
	if f.cfg.LatencyMS > 0 || f.cfg.JitterMS > 0 {
		d.delay = time.Duration(f.cfg.LatencyMS) * time.Millisecond
		if f.cfg.JitterMS > 0 {
			d.delay += time.Duration(f.rng.IntN(f.cfg.JitterMS)) * time.Millisecond
		}
	}
	switch {
	case f.failNextLeft > 0 && f.cfg.FailNext.Match == method+" "+path:
		f.failNextLeft--
		d.reject = fault503
	case f.cfg.TokenUnavailable && path == TokenPath:
		d.reject = fault503
	case f.draw(f.cfg.FailRate):
		d.reject = fault503
	case f.draw(f.cfg.RateLimitRate):
		d.reject = fault429
	case !f.takeToken():
		d.reject = fault429
	}
	return d
}

// dropAfterCommit decides whether a request that changed state loses its
// response.
func (f *faultState) dropAfterCommit() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.draw(f.cfg.DropAfterCommitRate)
}

func (f *faultState) draw(p float64) bool {
	if p <= 0 {
		return false
	}
	return f.rng.Float64() < p
}

// takeToken refills the bucket by elapsed real time and takes one token.
func (f *faultState) takeToken() bool {
	rps := f.cfg.RateLimitRPS
	if rps <= 0 {
		return true
	}
	now := f.now()
	if elapsed := now.Sub(f.last); elapsed > 0 {
		f.tokens = min(max(1, rps), f.tokens+elapsed.Seconds()*rps)
	}
	f.last = now
	if f.tokens < 1 {
		return false
	}
	f.tokens--
	return true
}
