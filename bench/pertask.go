package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// taskModule is one module of the per-task benchmark: its idempotent task, and the runs that put SCM
// in the state where that task changes nothing.
type taskModule struct {
	Module string
	Args   map[string]any
	Setup  bool // run Args once first (an object the task keeps as it is)
}

const taskDomain = "task.bench.example"

func (b *bench) taskModules() ([]taskModule, error) {
	csr := filepath.Join(b.work, "task.csr")
	if err := writeCSR(csr, taskDomain); err != nil {
		return nil, err
	}
	ref := map[string]any{"name": "bench-task", "acme_server": acmeServer, "organization": orgName}
	return []taskModule{
		{"acme_domain", map[string]any{"name": taskDomain, "delegations": []map[string]any{{"organization": orgName}}}, true},
		{"scm_dcv", map[string]any{"domain": taskDomain, "method": "cname", "submit": true}, true},
		{"acme_user", ref, true},
		{"acme_user_domains", merge(ref, map[string]any{"domains": []string{taskDomain}}), true},
		{"scm_cert", map[string]any{"common_name": taskDomain, "profile": "OV Single", "organization": orgName,
			"csr_path": csr, "path": filepath.Join(b.work, "task.pem"), "custom_fields": map[string]any{"costCenter": "42"}}, true},
		{"acme_user_info", map[string]any{"name": "bench-task"}, false},
		{"scm_cert_info", map[string]any{"common_name": taskDomain}, false},
		{"scm_domain_info", map[string]any{"names": []string{taskDomain}}, false},
	}, nil
}

// moduleCost is the per-task cost of one module against the floor.
type moduleCost struct {
	Module      string  `json:"module"`
	Tasks       int     `json:"tasks"`
	MedianMS    float64 `json:"median_ms"`
	P90MS       float64 `json:"p90_ms"`
	Ratio       float64 `json:"ratio"` // median over the floor's median
	Requests    int     `json:"scm_requests_per_task"`
	DirectMS    float64 `json:"direct_run_ms"` // the module process alone, outside Ansible
	Problem     string  `json:"problem,omitempty"`
	WithinLimit bool    `json:"within_target"`
}

type perTaskResult struct {
	Tasks       int          `json:"tasks_per_module"`
	FloorMS     float64      `json:"floor_median_ms"`
	FloorP90MS  float64      `json:"floor_p90_ms"`
	FloorDirect float64      `json:"floor_direct_run_ms"`
	Action      moduleCost   `json:"floor_through_action_plugin"`
	Target      float64      `json:"target_ratio"`
	PlaybookSec float64      `json:"playbook_seconds"`
	Modules     []moduleCost `json:"modules"`
	AnsibleCore string       `json:"ansible_core"` // this machine's
	// The same playbook on the newer controllers of the matrix (-controllers).
	Controllers []controllerCost `json:"controllers,omitempty"`
}

const ratioTarget = 1.25

// perTask runs one playbook of rounds: in each, one task of the floor module and one idempotent task
// of every module. Interleaving puts the floor and the modules under the same load, which matters on
// a shared 2-core machine.
func (b *bench) perTask(ctx context.Context) (*perTaskResult, error) {
	mods, err := b.prepareTasks(ctx)
	if err != nil {
		return nil, err
	}
	var tasks []map[string]any
	for i := range b.opts.tasks {
		tasks = append(tasks, map[string]any{"name": fmt.Sprintf("noop %d", i), "noop": map[string]any{"name": "x"}},
			map[string]any{"name": fmt.Sprintf("%s %d", actionFloor, i), "scmkit.sectigo." + actionFloor: map[string]any{"name": "x"}})
		for _, m := range mods {
			tasks = append(tasks, map[string]any{"name": fmt.Sprintf("%s %d", m.Module, i), "scmkit.sectigo." + m.Module: m.Args})
		}
	}
	run, err := b.runPlaybook(ctx, "per-task", tasks)
	if err != nil {
		return nil, err
	}
	res, err := b.costs(ctx, mods, run)
	if err != nil {
		return nil, err
	}
	res.AnsibleCore = ansibleCoreOf(ctx, hostController)
	for _, c := range b.opts.controllers {
		if c != hostController {
			res.Controllers = append(res.Controllers, b.perTaskOn(ctx, c, mods, tasks))
		}
	}
	return res, nil
}

// timingsByAction groups a run's task times (ms) by module, and notes any task that failed or changed.
func timingsByAction(run playbookRun) (map[string][]float64, map[string]string) {
	byAction := map[string][]float64{}
	problems := map[string]string{}
	for _, t := range run.Tasks {
		action := strings.TrimPrefix(t.Action, "scmkit.sectigo.")
		byAction[action] = append(byAction[action], t.Seconds*1000)
		if t.Status != "ok" || t.Changed {
			problems[action] = fmt.Sprintf("task %q: %s, changed=%v %s", t.Task, t.Status, t.Changed, t.Msg)
		}
	}
	return byAction, problems
}

// prepareTasks creates the objects the tasks keep, and checks that every installed module has a task.
func (b *bench) prepareTasks(ctx context.Context) ([]taskModule, error) {
	if err := b.sim.reset(ctx); err != nil {
		return nil, err
	}
	mods, err := b.taskModules()
	if err != nil {
		return nil, err
	}
	if err := b.coversInstalled(mods); err != nil {
		return nil, err
	}
	if err := b.installActionFloor(); err != nil {
		return nil, err
	}
	for _, m := range mods {
		if !m.Setup {
			continue
		}
		if _, err := b.runModule(ctx, m.Module, m.Args); err != nil {
			return nil, fmt.Errorf("set up the %s task: %w", m.Module, err)
		}
	}
	return mods, nil
}

// coversInstalled fails when the collection has a module the benchmark does not measure.
func (b *bench) coversInstalled(mods []taskModule) error {
	entries, err := os.ReadDir(b.binDir)
	if err != nil {
		return err
	}
	var missing []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), "_"+b.plat)
		if !ok || name == "scmkit" || name == actionFloor {
			continue
		}
		if !slices.ContainsFunc(mods, func(m taskModule) bool { return m.Module == name }) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the per-task benchmark has no task for %s; add one to bench/pertask.go", strings.Join(missing, ", "))
	}
	return nil
}

// costs summarises the timings, and measures each module once more outside Ansible: its requests
// per task and the time of the module process alone.
func (b *bench) costs(ctx context.Context, mods []taskModule, run playbookRun) (*perTaskResult, error) {
	byAction, problems := timingsByAction(run)
	floor := byAction["noop"]
	res := &perTaskResult{Tasks: b.opts.tasks, FloorMS: round(median(floor), 1), FloorP90MS: round(quantile(floor, 0.9), 1),
		Target: ratioTarget, PlaybookSec: round(run.Wall.Seconds(), 1)}
	res.Action = b.cost(actionFloor, byAction[actionFloor], floor, problems)
	floorRun := taskModule{Module: "noop", Args: map[string]any{"name": "x"}}
	if err := b.direct(ctx, floorRun, filepath.Join(b.work, "playbooks", "library", "noop"), &res.Action); err != nil {
		return nil, err
	}
	res.FloorDirect, res.Action.DirectMS = res.Action.DirectMS, 0
	for _, m := range mods {
		c := b.cost(m.Module, byAction[m.Module], floor, problems)
		if err := b.direct(ctx, m, filepath.Join(b.binDir, m.Module+"_"+b.plat), &c); err != nil {
			return nil, err
		}
		res.Modules = append(res.Modules, c)
	}
	return res, nil
}

func (b *bench) cost(module string, xs, floor []float64, problems map[string]string) moduleCost {
	c := moduleCost{Module: module, Tasks: len(xs), MedianMS: round(median(xs), 1), P90MS: round(quantile(xs, 0.9), 1),
		Problem: problems[module]}
	if median(floor) > 0 {
		c.Ratio = round(median(xs)/median(floor), 2)
	}
	c.WithinLimit = c.Ratio <= ratioTarget && c.Problem == "" && c.Tasks == b.opts.tasks
	return c
}

// actionFloor is the floor module installed into the collection behind the collection's own action
// plugin: the difference from the floor is what plugins/plugin_utils/gobinary.py costs.
const actionFloor = "bench_noop"

func (b *bench) installActionFloor() error {
	noop, err := os.ReadFile(filepath.Join(b.work, "playbooks", "library", "noop"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(b.binDir, actionFloor+"_"+b.plat), noop, 0o755); err != nil {
		return err
	}
	actions := filepath.Join(b.binDir, "..", "..", "action")
	plugin, err := os.ReadFile(filepath.Join(actions, "acme_domain.py"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(actions, actionFloor+".py"), plugin, 0o644)
}

// directRuns is how often each module runs outside Ansible; the median time is reported.
const directRuns = 5

// direct runs the task's module (the executable exe) outside Ansible, counts its requests and times
// the process alone.
func (b *bench) direct(ctx context.Context, m taskModule, exe string, c *moduleCost) error {
	if _, err := b.sim.since(ctx); err != nil {
		return err
	}
	var walls []float64
	for range directRuns {
		run, err := b.runExecutable(ctx, exe, m.Module, m.Args)
		if err != nil {
			return err
		}
		walls = append(walls, ms(run.Wall))
	}
	es, err := b.sim.since(ctx)
	if err != nil {
		return err
	}
	c.Requests, c.DirectMS = len(es)/directRuns, round(median(walls), 1)
	return nil
}

// writeCSR writes a PEM CSR for cn with a fresh P-256 key (the key is not kept).
func writeCSR(path, cn string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: cn}, DNSNames: []string{cn}}, key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}), 0o600)
}
