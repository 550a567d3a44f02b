package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/scm"
)

// The inventories section: enterprise-sized tenants (bulk-seeded scmsim) read by the info modules, the
// expiry report and a re-run of acme_domain's list form. Each run's requests are compared with the
// pagination minimum, computed here from the inventory's size alone; its wall time at 300 ms per
// request with the bound ceil(minimum ÷ scm_max_parallel) × latency; and its peak RSS and cost per
// 1,000 objects across the sizes.

// inventoryRun is one module (or the expiry playbook) on one inventory size.
type inventoryRun struct {
	Run         string    `json:"run"`
	Domains     int       `json:"domains"`
	Certs       int       `json:"certificates"`
	Objects     int       `json:"objects"` // what the run handles: domains, certificates, or both
	Requests    int       `json:"requests"`
	Writes      int       `json:"mutating"`
	MinRequests int       `json:"min_requests"`
	MinHow      string    `json:"min_requests_parts"`
	WallMS      float64   `json:"wall_ms"`                   // no latency
	Latency     *slowed   `json:"latency,omitempty"`         // at the injected latency; nil where not run
	LatencyNote string    `json:"latency_note,omitempty"`    // why it was not run
	MaxRSSMB    float64   `json:"max_rss_mb,omitempty"`      // the module process; 0 for the playbook
	WallRunsMS  []float64 `json:"wall_runs_ms"`              // every run without latency; WallMS is their median
	PerKMS      float64   `json:"ms_per_1000_objects"`       // wall (no latency) per 1,000 objects
	PerKRSSMB   float64   `json:"rss_mb_per_1000_objects"`   // peak RSS per 1,000 objects
	Changed     bool      `json:"changed"`                   // acme_domain must not change anything
	Problem     string    `json:"problem,omitempty"`         // the run's own failure, if any
	Findings    string    `json:"report_findings,omitempty"` // the expiry report's closing line
}

// slowed is one run at the injected latency.
type slowed struct {
	Requests     int     `json:"requests"`
	WallMS       float64 `json:"wall_ms"`
	BoundMS      float64 `json:"bound_ms"` // ceil(min requests ÷ parallel) × latency
	Ratio        float64 `json:"ratio"`    // wall over bound
	PeakInFlight int     `json:"peak_in_flight"`
}

type inventorySize struct {
	Domains      int            `json:"domains"`
	Certificates int            `json:"certificates"`
	SeedMS       int64          `json:"seed_ms"` // scmsim's bulk seeding
	IssuedValid  int            `json:"issued_unexpired"`
	Runs         []inventoryRun `json:"runs"`
}

type inventoriesResult struct {
	LatencyMS int             `json:"latency_ms"`
	Parallel  int             `json:"scm_max_parallel"`
	Sizes     []inventorySize `json:"sizes"`
	// Growth is the marginal cost per 1,000 objects between consecutive sizes, per run.
	Growth []growth `json:"growth"`
	// Tolerances of the targets.
	BoundTolerance  float64 `json:"bound_tolerance"`
	GrowthTolerance float64 `json:"growth_tolerance"`
	RSSLimitMB      float64 `json:"rss_limit_mb"`
}

// growth is what 1,000 more objects cost between two sizes: the slope of the cost line.
type growth struct {
	Run       string  `json:"run"`
	Steps     []slope `json:"steps"`
	TimeRatio float64 `json:"time_ratio"` // last slope over first
	RSSRatio  float64 `json:"rss_ratio"`
}

type slope struct {
	From      int     `json:"from_objects"`
	To        int     `json:"to_objects"`
	MSPerK    float64 `json:"ms_per_1000"`
	RSSMBPerK float64 `json:"rss_mb_per_1000"`
}

const (
	inventoryLatencyMS = 300
	// boundTolerance: wall time at 300 ms may be this much above ceil(minimum ÷ parallel) × latency.
	boundTolerance = 1.5
	// growthTolerance: the cost of 1,000 more objects at the top of the range may be this much above
	// its cost at the bottom (time and RSS); more would mean the cost grows faster than the inventory.
	growthTolerance = 1.5
	inventoryRSSMB  = 64.0
	// latencyRequestCap: a run whose minimum is above this many requests is not repeated at 300 ms
	// (scm_cert_info reads every certificate: 20,000 reads are 20 minutes at 300 ms and 5 in flight).
	latencyRequestCap = 1000
	// wallRuns: every run without latency is made this many times and its wall time is their median.
	// The cost-growth line compares sizes by their differences, so one run slowed by a busy machine
	// (the smallest size's is about a second) would bend it.
	wallRuns = 3
)

// Runs of the section, in order.
const (
	runDomainInfo = "scm_domain_info (all domains)"
	runCertInfo   = "scm_cert_info (all certificates)"
	runReport     = "expiry report (playbook)"
	runACMEDomain = "acme_domain list form, re-run"
)

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("inventory size %q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func bulkDomainName(i int) string { return fmt.Sprintf("b%05d.bulk.example", i) }

// inventories runs the section at every size of -inventory-sizes (domains = certificates = n).
func (b *bench) inventories(ctx context.Context) (*inventoriesResult, error) {
	sizes, err := parseSizes(b.opts.inventorySizes)
	if err != nil {
		return nil, err
	}
	res := &inventoriesResult{LatencyMS: inventoryLatencyMS, Parallel: scm.DefaultMaxParallel,
		BoundTolerance: boundTolerance, GrowthTolerance: growthTolerance, RSSLimitMB: inventoryRSSMB}
	// Ansible's first run in a fresh scratch directory (byte-compiling, loading the collection) is a
	// few seconds slower than the next ones: run the report once, on the empty default world, first.
	if err := b.sim.reset(ctx); err != nil {
		return nil, err
	}
	if _, _, err := b.expiryReport(ctx); err != nil {
		return nil, fmt.Errorf("warm-up run of the expiry report: %w", err)
	}
	for _, n := range sizes {
		fmt.Fprintf(os.Stderr, "bench: inventories: %d domains and %d certificates ...\n", n, n)
		sz, err := b.inventorySize(ctx, n, n)
		if err != nil {
			return res, err
		}
		res.Sizes = append(res.Sizes, sz)
	}
	res.Growth = growthOf(res.Sizes)
	return res, b.sim.reset(ctx)
}

// inventorySize seeds one inventory and runs every measurement on it.
func (b *bench) inventorySize(ctx context.Context, domains, certs int) (inventorySize, error) {
	sz := inventorySize{Domains: domains, Certificates: certs}
	if err := b.sim.reset(ctx); err != nil {
		return sz, err
	}
	var seeded struct {
		Domains      int    `json:"domains"`
		Certificates int    `json:"certificates"`
		FirstDomain  string `json:"first_domain"`
		LastDomain   string `json:"last_domain"`
		MS           int64  `json:"ms"`
	}
	body := map[string]int{"domains": domains, "certificates": certs, "seed": 1}
	if err := b.sim.call(ctx, http.MethodPost, "/admin/seed/bulk", body, &seeded); err != nil {
		return sz, err
	}
	if seeded.Domains != domains || seeded.Certificates != certs || seeded.FirstDomain != bulkDomainName(0) ||
		seeded.LastDomain != bulkDomainName(domains-1) {
		return sz, fmt.Errorf("bulk seeding: got %+v, want %d domains %s..%s and %d certificates", seeded,
			domains, bulkDomainName(0), bulkDomainName(domains-1), certs)
	}
	sz.SeedMS = seeded.MS
	var err error
	if sz.IssuedValid, err = b.sim.total(ctx, "/ssl/v1?status=Issued"); err != nil {
		return sz, err
	}
	names := make([]map[string]any, domains)
	for i := range names {
		names[i] = map[string]any{"name": bulkDomainName(i)}
	}
	modules := []struct {
		run, module string
		args        map[string]any
		objects     int
		min         func() (int, string)
	}{
		{runDomainInfo, "scm_domain_info", map[string]any{}, domains, func() (int, string) { return domainInfoMin(domains) }},
		{runCertInfo, "scm_cert_info", map[string]any{}, certs, func() (int, string) { return certInfoMin(certs) }},
		{runACMEDomain, "acme_domain", map[string]any{"domains": names, "delegations": []map[string]any{{"organization": orgName}}},
			domains, func() (int, string) { return acmeDomainMin(domains) }},
	}
	for _, m := range modules {
		r := inventoryRun{Run: m.run, Domains: domains, Certs: certs, Objects: m.objects}
		r.MinRequests, r.MinHow = m.min()
		if err := b.inventoryModule(ctx, &r, m.module, m.args); err != nil {
			return sz, err
		}
		sz.Runs = append(sz.Runs, r)
	}
	r := inventoryRun{Run: runReport, Domains: domains, Certs: certs, Objects: domains + certs}
	r.MinRequests, r.MinHow = reportMin(domains, sz.IssuedValid)
	if err := b.inventoryReport(ctx, &r); err != nil {
		return sz, err
	}
	sz.Runs = append(sz.Runs, r)
	return sz, nil
}

// inventoryModule runs a module without latency, then with it unless its minimum is too long to wait
// for. A module that fails is the run's problem, not an error of the benchmark.
func (b *bench) inventoryModule(ctx context.Context, r *inventoryRun, module string, args map[string]any) error {
	// The module's own requests, compared with its minimum: no lookup cache (scm_cache) from earlier runs.
	args = maps.Clone(args)
	args["scm_cache"] = false
	if _, err := b.sim.since(ctx); err != nil {
		return err
	}
	run, runErr := b.runModule(ctx, module, args)
	es, err := b.sim.since(ctx)
	if err != nil {
		return err
	}
	t := count(es)
	r.Requests, r.Writes = t.Requests, t.Writes
	r.MaxRSSMB, r.Changed = round(float64(run.MaxRSS)/(1<<20), 1), run.changed()
	if err := r.timeAgain(run.Wall, runErr, func() (time.Duration, error) {
		again, err := b.runModule(ctx, module, args)
		r.MaxRSSMB = max(r.MaxRSSMB, round(float64(again.MaxRSS)/(1<<20), 1))
		return again.Wall, err
	}); err != nil {
		return err
	}
	r.PerKRSSMB = round(r.MaxRSSMB*1000/float64(r.Objects), 2)
	return b.slowlyAfter(ctx, r, runErr, func() (time.Duration, error) {
		run, err := b.runModule(ctx, module, args)
		return run.Wall, err
	})
}

// timeAgain makes the run without latency wallRuns times in all (first is the one already made, whose
// requests the row counts) and sets the row's wall time to their median. A failed run is not repeated:
// the row reports its failure. A repeat that fails is an error of the benchmark, as the same run just
// succeeded.
func (r *inventoryRun) timeAgain(first time.Duration, runErr error, again func() (time.Duration, error)) error {
	r.WallRunsMS = []float64{round(ms(first), 0)}
	for runErr == nil && len(r.WallRunsMS) < wallRuns {
		wall, err := again()
		if err != nil {
			return fmt.Errorf("%s: run %d of %d without latency: %w", r.Run, len(r.WallRunsMS)+1, wallRuns, err)
		}
		r.WallRunsMS = append(r.WallRunsMS, round(ms(wall), 0))
	}
	r.WallMS = median(r.WallRunsMS)
	r.PerKMS = round(r.WallMS*1000/float64(r.Objects), 1)
	return nil
}

// slowlyAfter follows a run without latency that ended with runErr: a failed run is the row's problem,
// a run whose minimum is too large to repeat at latency gets a note, and any other is repeated slowly.
func (b *bench) slowlyAfter(ctx context.Context, r *inventoryRun, runErr error, run func() (time.Duration, error)) error {
	if runErr != nil {
		r.Problem = runErr.Error()
		return nil
	}
	if r.MinRequests > latencyRequestCap {
		r.LatencyNote = fmt.Sprintf("not run: %d requests would take about %.0f s at %d ms", r.MinRequests,
			boundMS(r.MinRequests)/1000, inventoryLatencyMS)
		return nil
	}
	return b.slowly(ctx, r, run)
}

// slowly repeats a run with the latency injected and fills r.Latency.
func (b *bench) slowly(ctx context.Context, r *inventoryRun, run func() (time.Duration, error)) error {
	if err := b.sim.setFaults(ctx, faults{LatencyMS: inventoryLatencyMS}); err != nil {
		return err
	}
	if _, err := b.sim.since(ctx); err != nil {
		return err
	}
	wall, runErr := run()
	es, err := b.sim.since(ctx)
	if err != nil {
		return err
	}
	if err := b.sim.setFaults(ctx, faults{}); err != nil {
		return err
	}
	bound := boundMS(r.MinRequests)
	r.Latency = &slowed{Requests: len(es), WallMS: round(ms(wall), 0), BoundMS: bound,
		Ratio: round(ms(wall)/bound, 2), PeakInFlight: peakInFlight(es)}
	if runErr != nil && r.Problem == "" {
		r.Problem = fmt.Sprintf("at %d ms: %v", inventoryLatencyMS, runErr)
	}
	return nil
}

// boundMS is ceil(requests ÷ parallel) × latency: the wall time of a client that keeps
// scm_max_parallel requests in flight all the time, and waits for nothing else.
func boundMS(requests int) float64 {
	p := scm.DefaultMaxParallel
	return float64((requests+p-1)/p) * inventoryLatencyMS
}

// inventoryReport runs the installed collection's expiry report, as cron would. It exits 2 when
// something is inside the warning window (a bulk inventory always has some); any other failure is
// the run's problem. Peak RSS is not measured: the modules run under Ansible.
func (b *bench) inventoryReport(ctx context.Context, r *inventoryRun) error {
	if _, err := b.sim.since(ctx); err != nil {
		return err
	}
	wall, findings, runErr := b.expiryReport(ctx)
	es, err := b.sim.since(ctx)
	if err != nil {
		return err
	}
	t := count(es)
	r.Requests, r.Writes, r.Findings = t.Requests, t.Writes, findings
	if err := r.timeAgain(wall, runErr, func() (time.Duration, error) {
		wall, _, err := b.expiryReport(ctx)
		return wall, err
	}); err != nil {
		return err
	}
	return b.slowlyAfter(ctx, r, runErr, func() (time.Duration, error) {
		wall, _, err := b.expiryReport(ctx)
		return wall, err
	})
}

// expiryReport runs `ansible-playbook scmkit.sectigo.expiry_report` and returns its wall time and
// closing line. The exit status 2 of a report with findings is its normal answer.
func (b *bench) expiryReport(ctx context.Context) (time.Duration, string, error) {
	b.nfile++
	dir := filepath.Join(b.work, "playbooks")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, "", err
	}
	logPath := filepath.Join(b.work, fmt.Sprintf("expiry-report-%04d.log", b.nfile))
	timing := filepath.Join(b.work, fmt.Sprintf("expiry-report-%04d.timing.jsonl", b.nfile))
	cmd := exec.CommandContext(ctx, "ansible-playbook", "-i", "localhost,", "-e", "ansible_python_interpreter="+python(),
		"-e", "expiry_report_days=30", "scmkit.sectigo.expiry_report")
	cmd.Dir = dir
	// Without the lookup cache: the report's tasks would share the organization tree, and the section
	// compares every run with the minimum a module reads on its own.
	cmd.Env = append(append(os.Environ(), b.ansibleEnv(timing)...), "SCM_CACHE=false")
	start := time.Now()
	out, runErr := cmd.CombinedOutput()
	wall := time.Since(start)
	if werr := os.WriteFile(logPath, out, 0o600); werr != nil {
		return wall, "", werr
	}
	findings := ""
	if i := strings.LastIndex(string(out), "RESULT: "); i >= 0 {
		findings = strings.TrimRight(strings.SplitN(string(out)[i:], "\n", 2)[0], `",`)
	}
	tasks, err := readTimings(timing)
	if err != nil {
		return wall, findings, err
	}
	for _, t := range tasks {
		if t.Status == "failed" && !strings.HasPrefix(t.Task, "Fail when something") {
			return wall, findings, fmt.Errorf("task %q failed: %s (log: %s)", t.Task, t.Msg, logPath)
		}
	}
	if ee, ok := runErr.(*exec.ExitError); runErr != nil && (!ok || ee.ExitCode() != 2) {
		return wall, findings, fmt.Errorf("ansible-playbook expiry_report: %w (log: %s)", runErr, logPath)
	}
	return wall, findings, nil
}

// The pagination minimum of each run: one request per 200 rows (at least one) for every listing the
// run reads, plus the fixed lookups, plus the reads no listing can replace. Computed from the
// inventory alone: every bulk domain is active, approved and delegated to Demo University only; the
// default world's other organizations and departments (Web, IT, Partner College) have none.

func domainInfoMin(d int) (int, string) {
	return sum(part{1, "organizations"}, part{pages(d), "domains"}, part{pages(d), "DCV"},
		part{pages(0), "suspended"}, part{pages(0), "awaiting approval"}, part{pages(d), "delegated to Demo University"},
		part{3 * pages(0), "delegated to Web, IT, Partner College"})
}

// certInfoMin: no certificate listing carries status or expiry, so every certificate is read once.
func certInfoMin(c int) (int, string) {
	return sum(part{1, "organizations"}, part{pages(c), "certificates"}, part{c, "reads, one per certificate"})
}

func acmeDomainMin(d int) (int, string) {
	return sum(part{1, "organization lookup"}, part{pages(d), "domains"}, part{pages(0), "suspended"},
		part{pages(0), "awaiting approval"}, part{pages(d), "delegated to the org"}, part{pages(d), "DCV"})
}

// reportMin is the expiry report's three modules: scm_cert_info reads the issued certificates that
// have not expired (the only ones that can be expiring), scm_domain_info the same listings as alone,
// acme_user_info (coverage) the ACME accounts of each organization (none here), the domains and DCV.
func reportMin(d, issued int) (int, string) {
	certs, _ := sum(part{1, "organizations"}, part{pages(issued), "issued certificates"}, part{issued, "reads"})
	doms, _ := domainInfoMin(d)
	acme, _ := sum(part{1, "organizations"}, part{2 * pages(0), "ACME accounts of 2 organizations"},
		part{pages(d), "domains"}, part{pages(d), "DCV"})
	return sum(part{certs, "scm_cert_info"}, part{doms, "scm_domain_info"}, part{acme, "acme_user_info"})
}

// total asks SCM (through the API, as the modules do) how many rows a listing has: HEAD with
// X-Total-Count. The request lands in the journal; since() here moves the mark past it.
func (s *sim) total(ctx context.Context, pathQuery string) (int, error) {
	pem, err := os.ReadFile(s.ca)
	if err != nil {
		return 0, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	hc := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, s.url+"/api"+pathQuery, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("login", "mrao")
	req.Header.Set("password", "mrao-secret")
	req.Header.Set("customerUri", "demo")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	n, err := strconv.Atoi(resp.Header.Get("X-Total-Count"))
	if resp.StatusCode != http.StatusOK || err != nil {
		return 0, fmt.Errorf("HEAD %s: %s, X-Total-Count %q", pathQuery, resp.Status, resp.Header.Get("X-Total-Count"))
	}
	_, err = s.since(ctx)
	return n, err
}

// growthOf computes, for every run, the slope of its cost (wall time without latency, peak RSS)
// between consecutive sizes, per 1,000 objects.
func growthOf(sizes []inventorySize) []growth {
	if len(sizes) < 2 {
		return nil
	}
	var out []growth
	for i, r := range sizes[0].Runs {
		g := growth{Run: r.Run}
		for k := 1; k < len(sizes); k++ {
			a, b := sizes[k-1].Runs[i], sizes[k].Runs[i]
			dk := float64(b.Objects-a.Objects) / 1000
			g.Steps = append(g.Steps, slope{From: a.Objects, To: b.Objects, MSPerK: round((b.WallMS-a.WallMS)/dk, 1),
				RSSMBPerK: round((b.MaxRSSMB-a.MaxRSSMB)/dk, 2)})
		}
		first, last := g.Steps[0], g.Steps[len(g.Steps)-1]
		g.TimeRatio = ratio(last.MSPerK, first.MSPerK)
		g.RSSRatio = ratio(last.RSSMBPerK, first.RSSMBPerK)
		out = append(out, g)
	}
	return out
}

// ratio is a/b, with a slope at or below zero (noise at small sizes) counted as flat.
func ratio(a, b float64) float64 {
	if b <= 0 {
		if a <= 0 {
			return 1
		}
		return 0 // no cost at the bottom to compare with; reported, never a miss
	}
	return round(a/b, 2)
}
