package ansible

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// Version is the collection version, set at build time with
// -ldflags "-X github.com/scmkit/sectigo/internal/ansible.Version=1.2.3".
var Version = "dev"

// Main runs m as an Ansible binary module: it reads the arguments file named
// by os.Args[1], prints the one JSON result and exits 0, or 1 on failure.
// "--version" prints the version instead. It is the only function a
// cmd/<module>/main.go calls.
func Main[P any](m Module[P]) {
	limitMemory()
	ctx, stop := signalContext()
	code := runSingle(ctx, os.Args, os.Stdout, os.Stderr, m)
	stop()
	os.Exit(code)
}

// MainMulti runs a multi-call executable: it picks the runner named by
// argv[0] (as nameFromPath strips it), or else by _ansible_module_name,
// and runs it like Main. With no arguments it prints usage to stderr and
// exits 2; it is meant to be run by Ansible.
func MainMulti(runners ...Runner) {
	limitMemory()
	ctx, stop := signalContext()
	code := runMulti(ctx, os.Args, os.Stdout, os.Stderr, runners)
	stop()
	os.Exit(code)
}

// memoryLimit is the Go heap size above which the garbage collector works harder to stay under it
// (a soft limit: debug.SetMemoryLimit). Ansible runs a module process per host and task, several at
// once on one controller. By default Go lets the heap grow to twice what is live before collecting,
// so a module holding 30 MB of live data (a listing of 20,000 certificates) peaked near 100 MB of
// RSS; with the limit, about 60 MB, for a little more collecting while above it. A module that needs
// more still gets it. Below the limit, which is every ordinary run, nothing changes.
const memoryLimit = 40 << 20

// limitMemory sets memoryLimit unless GOMEMLIMIT says otherwise.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// signalContext cancels the run on SIGINT or SIGTERM (a timed-out async
// task, a Ctrl-C), so Run can stop cleanly and a result is still printed.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
