package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The loop section (bench/README.md, section 6): the playbook shape users write first - one acme_domain
// task per domain in a loop, delegations by organization name - on domains that are already right,
// against a baseline Python module written the way teams write their own (bench/baseline), which only
// checks that each domain exists. And the collection's list form: one task for the same domains.

// loopSizes and loopLatencies are the section's grid.
var (
	loopSizes     = []int{20, 100}
	loopLatencies = []int{0, 300}
)

// Targets of the section (issue 17).
const (
	coldPerDomainTarget  = 2.0 // requests per correct domain on a controller that has never seen the tenant
	warmPerDomainTarget  = 1.0 // once it has seen the domains
	warmVsBaselineAt0    = 0.6 // wall time of the warm loop over the baseline's, at 0 ms
	warmVsBaselineAt300  = 1.0 // and at 300 ms
	listFormSpeedupAt300 = 3.0 // the baseline's loop over the list form's wall time, at 300 ms
)

// loopRun is one playbook of the section.
type loopRun struct {
	Requests  int     `json:"requests"`
	PerDomain float64 `json:"requests_per_domain"`
	WallS     float64 `json:"wall_s"`
	Problem   string  `json:"problem,omitempty"`
}

// loopCell is one size at one latency.
type loopCell struct {
	Domains   int     `json:"domains"`
	LatencyMS int     `json:"latency_ms"`
	Cold      loopRun `json:"collection_loop_cold"`
	Warm      loopRun `json:"collection_loop_warm"`
	ListForm  loopRun `json:"collection_list_form"`
	Baseline  loopRun `json:"baseline_loop"`
}

type loopResult struct {
	Cells []loopCell `json:"cells"`
}

func loopNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("site%03d.loop.example", i)
	}
	return names
}

// loop measures every cell of the grid: per size, the domains are created once (without latency), then
// at each latency the four playbooks run in turn.
func (b *bench) loop(ctx context.Context) (*loopResult, error) {
	if err := b.installBaseline(); err != nil {
		return nil, err
	}
	res := &loopResult{}
	for _, n := range loopSizes {
		if err := b.seedLoop(ctx, n); err != nil {
			return nil, err
		}
		for _, lat := range loopLatencies {
			cell, err := b.loopCell(ctx, n, lat)
			if err != nil {
				return nil, err
			}
			res.Cells = append(res.Cells, cell)
		}
	}
	return res, b.sim.setFaults(ctx, faults{})
}

// installBaseline puts the baseline module in the playbooks' library/, beside the floor module.
func (b *bench) installBaseline() error {
	src, err := os.ReadFile(filepath.Join("bench", "baseline", "naive_domain.py"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(b.work, "playbooks", "library", "naive_domain.py"), src, 0o644)
}

// seedLoop resets scmsim and creates the loop's domains as the tasks declare them.
func (b *bench) seedLoop(ctx context.Context, n int) error {
	if err := b.sim.reset(ctx); err != nil {
		return err
	}
	var domains []map[string]any
	for _, name := range loopNames(n) {
		domains = append(domains, map[string]any{"name": name})
	}
	_, err := b.runModule(ctx, "acme_domain", map[string]any{"domains": domains, "description": "web site",
		"delegations": []map[string]any{{"organization": orgName}}})
	return err
}

func (b *bench) loopCell(ctx context.Context, n, latency int) (loopCell, error) {
	cell := loopCell{Domains: n, LatencyMS: latency}
	if err := b.sim.setFaults(ctx, faults{LatencyMS: latency}); err != nil {
		return cell, err
	}
	// The controller has never seen the tenant: no lookup cache.
	if err := os.RemoveAll(filepath.Join(b.work, "cache")); err != nil {
		return cell, err
	}
	names := loopNames(n)
	tag := fmt.Sprintf("loop-%d-%dms", n, latency)
	collection := []map[string]any{{"name": "acme_domain per domain", "loop": names,
		"scmkit.sectigo.acme_domain": map[string]any{"name": "{{ item }}", "description": "web site",
			"delegations": []map[string]any{{"organization": orgName}}}}}
	entries := make([]map[string]any, len(names))
	for i, name := range names {
		entries[i] = map[string]any{"name": name}
	}
	list := []map[string]any{{"name": "acme_domain, list form", "scmkit.sectigo.acme_domain": map[string]any{
		"domains": entries, "description": "web site", "delegations": []map[string]any{{"organization": orgName}}}}}
	baseline := []map[string]any{{"name": "naive_domain per domain", "loop": names, "naive_domain": map[string]any{
		"name": "{{ item }}", "description": "web site", "org_id": orgID, "scm_url": b.sim.url + "/api",
		"scm_customer_uri": "demo", "scm_login": "mrao", "scm_password": "mrao-secret", "scm_ca_path": b.sim.ca}}}
	var err error
	for _, r := range []struct {
		out   *loopRun
		name  string
		tasks []map[string]any
	}{
		{&cell.Cold, tag + "-cold", collection},
		{&cell.Warm, tag + "-warm", collection},
		{&cell.ListForm, tag + "-list", list},
		{&cell.Baseline, tag + "-baseline", baseline},
	} {
		if *r.out, err = b.loopPlaybook(ctx, r.name, r.tasks, n); err != nil {
			return cell, err
		}
	}
	return cell, nil
}

// loopPlaybook runs one playbook and counts its requests; a task that fails or changes something is
// the run's problem.
func (b *bench) loopPlaybook(ctx context.Context, name string, tasks []map[string]any, domains int) (loopRun, error) {
	if _, err := b.sim.since(ctx); err != nil {
		return loopRun{}, err
	}
	start := time.Now()
	run, err := b.runPlaybook(ctx, name, tasks)
	wall := time.Since(start)
	if err != nil {
		return loopRun{}, err
	}
	es, err := b.sim.since(ctx)
	if err != nil {
		return loopRun{}, err
	}
	t := count(es)
	r := loopRun{Requests: t.Requests, PerDomain: round(float64(t.Requests)/float64(domains), 2),
		WallS: round(wall.Seconds(), 2)}
	for _, task := range run.Tasks {
		if task.Status != "ok" || task.Changed {
			r.Problem = fmt.Sprintf("task %q: %s, changed=%v %s", task.Task, task.Status, task.Changed, task.Msg)
		}
	}
	if t.Writes > 0 {
		r.Problem = fmt.Sprintf("%d mutating requests on correct domains", t.Writes)
	}
	return r, nil
}
