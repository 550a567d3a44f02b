// Command bench is `make bench`: it measures the collection against scmsim and prints a table and
// writes bench/results.json. See bench/README.md for how to read the figures.
//
// It runs from the root of a git checkout and builds the collection itself (`make collection` in a
// snapshot of the checkout), needs ansible-playbook, and uses certbot when it is installed. It never
// runs as part of `make test`, and no test asserts anything about time: the figures are reported, and
// the targets are checked only here.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

type options struct {
	tarball, bindir, out, callbacks string
	tasks, domains, dcv, looped     int
	certs, latencyMS, rateLimit     int
	only, controllers               []string
	keep                            bool
	inventorySizes                  string
}

var sections = []string{"pertask", "requests", "certbot", "latency", "size", "loop", "inventories"}

func parseFlags() options {
	var o options
	var only, controllers string
	flag.StringVar(&o.tarball, "tarball", "", "an existing collection tarball (default: make collection in a snapshot of the checkout)")
	flag.StringVar(&o.bindir, "bindir", "plugins/modules/__bin__", "with -tarball: where that build left the per-platform executables")
	flag.StringVar(&o.out, "out", "bench/results.json", "results file")
	flag.IntVar(&o.tasks, "tasks", 50, "idempotent tasks per module in the per-task benchmark")
	flag.IntVar(&o.domains, "domains", 500, "domains in the inventory")
	flag.IntVar(&o.dcv, "dcv", 100, "domains of the inventory under DCV")
	flag.IntVar(&o.looped, "looped", 50, "domains in the looped (one task per domain) form")
	flag.IntVar(&o.certs, "certs", 20, "certificates collected in bulk")
	flag.IntVar(&o.latencyMS, "latency", 100, "injected latency per request, ms")
	flag.IntVar(&o.rateLimit, "rate-limit", 20, "scmsim's rate limit (requests per second) in the rate-limited run")
	flag.StringVar(&o.inventorySizes, "inventory-sizes", "500,5000,20000", "inventories section: domains = certificates at each size")
	flag.StringVar(&only, "only", strings.Join(sections, ","), "sections to run: "+strings.Join(sections, ","))
	flag.BoolVar(&o.keep, "keep", false, "keep the scratch directory (playbooks, logs, argument files)")
	flag.StringVar(&controllers, "controllers", "host,trixie,testing",
		"controllers of the per-task benchmark: host, and the roots of tests/controllers/root.sh (trixie, testing)")
	flag.Parse()
	o.only = strings.Split(only, ",")
	o.controllers = strings.Split(controllers, ",")
	o.callbacks, _ = filepath.Abs("bench/callback_plugins")
	return o
}

func main() {
	opts := parseFlags()
	// A guard against a hung subprocess; make bench normally takes 5 to 8 minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	res, err := run(ctx, opts)
	cancel()
	if res != nil {
		printReport(os.Stdout, res)
		if werr := writeJSON(opts.out, res); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// results is bench/results.json.
type results struct {
	Machine   machine         `json:"machine"`
	Started   time.Time       `json:"started"`
	Seconds   float64         `json:"seconds"`
	PerTask   *perTaskResult  `json:"per_task,omitempty"`
	Requests  *requestsResult `json:"requests,omitempty"`
	Latency   *latencyResult  `json:"latency,omitempty"`
	Size      *sizeResult     `json:"size,omitempty"`
	Certbot   *certbotResult  `json:"certbot,omitempty"`
	Loop      *loopResult     `json:"loop,omitempty"`
	Targets   []target        `json:"targets"`
	Errors    []string        `json:"errors,omitempty"`
	SourceRev string          `json:"source,omitempty"`

	Inventories *inventoriesResult `json:"inventories,omitempty"` // bench/inventories.go
}

func run(ctx context.Context, opts options) (*results, error) {
	res := &results{Machine: machineFacts(), Started: time.Now().UTC().Truncate(time.Second),
		SourceRev: firstLine("git", "describe", "--always", "--dirty")}
	b, err := setup(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer b.close()
	want := func(s string) bool { return slices.Contains(opts.only, s) }
	steps := []struct {
		name string
		run  func() error
	}{
		{"pertask", func() (err error) { res.PerTask, err = b.perTask(ctx); return }},
		{"requests", func() (err error) { res.Requests, err = b.requests(ctx); return }},
		{"certbot", func() (err error) { res.Certbot, err = b.certbot(ctx); return }},
		{"latency", func() (err error) { res.Latency, err = b.latency(ctx); return }},
		{"size", func() (err error) { res.Size, err = b.sizes(res.Requests); return }},
		{"loop", func() (err error) { res.Loop, err = b.loop(ctx); return }},
		{"inventories", func() (err error) { res.Inventories, err = b.inventories(ctx); return }},
	}
	for _, s := range steps {
		if !want(s.name) {
			continue
		}
		fmt.Fprintf(os.Stderr, "bench: %s ...\n", s.name)
		if err := s.run(); err != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: %v", s.name, err))
		}
	}
	res.Seconds = round(time.Since(res.Started).Seconds(), 0)
	res.Machine.LoadTo = loadavg()
	res.Targets = targets(res)
	if len(res.Errors) > 0 {
		return res, fmt.Errorf("%d section(s) failed:\n%s", len(res.Errors), strings.Join(res.Errors, "\n"))
	}
	return res, nil
}
