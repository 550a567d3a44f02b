// Command scmsim runs the test-only SCM emulator; see
// internal/scmsim/README.md for flags, endpoints and knobs.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/scmkit/sectigo/internal/scmsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := scmsim.Main(ctx, os.Args[1:], os.Getenv, os.Stderr)
	stop()
	os.Exit(code)
}
