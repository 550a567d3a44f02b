package ansible

import (
	"context"
	"os"
	"os/signal"
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
	ctx, stop := signalContext()
	code := runMulti(ctx, os.Args, os.Stdout, os.Stderr, runners)
	stop()
	os.Exit(code)
}

// signalContext cancels the run on SIGINT or SIGTERM (a timed-out async
// task, a Ctrl-C), so Run can stop cleanly and a result is still printed.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
