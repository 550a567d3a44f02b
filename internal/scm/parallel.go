package scm

// The bounds on how many requests a caller keeps in flight at once. They live with the client because
// its connection pool and 429 throttle are sized by them, and the benchmark reads the default from here
// rather than repeating it.
const (
	// DefaultMaxParallel is modest, so that many clients running at the same time do not hammer SCM,
	// and above 4 because with n requests in flight nothing is more than n times faster than one at a
	// time, and the steps that must run in order (look up, list, then create) take a share of that: at
	// 4 the bulk work measured 3.6–3.8x faster than serial, at 5 it clears 4x (bench/README.md).
	DefaultMaxParallel = 5
	// MaxParallel is the most requests in flight at once a caller may ask for.
	MaxParallel = 32
)
