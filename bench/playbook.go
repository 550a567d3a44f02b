package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// taskTiming is one line of the bench_timing callback.
type taskTiming struct {
	Task    string  `json:"task"`
	Action  string  `json:"action"`
	Seconds float64 `json:"seconds"`
	Status  string  `json:"status"`
	Changed bool    `json:"changed"`
	Msg     string  `json:"msg"`
}

// playbookRun is what one ansible-playbook run measured.
type playbookRun struct {
	Tasks []taskTiming
	Wall  time.Duration
}

// runPlaybook runs tasks as one play on localhost (connection local, no facts), with the same settings
// for every playbook of the benchmark: the installed collection, the floor module in the
// playbook-adjacent library/, the connection in SCM_* variables, and the timing callback.
func (b *bench) runPlaybook(ctx context.Context, name string, tasks []map[string]any) (playbookRun, error) {
	return b.runPlaybookOn(ctx, hostController, name, tasks)
}

// runPlaybookOn is runPlaybook on a controller of the matrix (bench/controllers.go).
func (b *bench) runPlaybookOn(ctx context.Context, controller, name string, tasks []map[string]any) (playbookRun, error) {
	dir := filepath.Join(b.work, "playbooks")
	file := filepath.Join(dir, name+".yml")
	play := []map[string]any{{"hosts": "localhost", "connection": "local", "gather_facts": false, "tasks": tasks}}
	if err := writeJSON(file, play); err != nil { // JSON is YAML
		return playbookRun{}, err
	}
	timing := filepath.Join(b.work, name+".timing.jsonl")
	logPath := filepath.Join(b.work, name+".log")
	log, err := os.Create(logPath)
	if err != nil {
		return playbookRun{}, err
	}
	defer log.Close()
	interpreter := "/usr/bin/python3" // a root's own
	if controller == hostController {
		interpreter = python()
	}
	env := b.ansibleEnv(timing)
	argv := controllerCommand(controller, env, "-i", "localhost,", "-e", "ansible_python_interpreter="+interpreter, file)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, log, log
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	runErr := cmd.Run()
	run := playbookRun{Wall: time.Since(start)}
	run.Tasks, err = readTimings(timing)
	if runErr != nil {
		return run, fmt.Errorf("ansible-playbook %s: %w (log: %s)", name, runErr, logPath)
	}
	return run, err
}

func (b *bench) ansibleEnv(timing string) []string {
	return []string{
		"ANSIBLE_COLLECTIONS_PATH=" + b.coll,
		"ANSIBLE_CALLBACK_PLUGINS=" + b.opts.callbacks,
		"ANSIBLE_CALLBACKS_ENABLED=bench_timing",
		"BENCH_TIMING_FILE=" + timing,
		"ANSIBLE_NOCOLOR=1", "ANSIBLE_RETRY_FILES_ENABLED=0", "ANSIBLE_LOCALHOST_WARNING=0",
		"ANSIBLE_INVENTORY_UNPARSED_WARNING=0",
		"SCM_URL=" + b.sim.url + "/api", "SCM_CUSTOMER_URI=demo", "SCM_LOGIN=mrao",
		"SCM_PASSWORD=mrao-secret", "SCM_CA_PATH=" + b.sim.ca,
		// The lookup and token caches in the bench's own directory, as for the direct runs
		// (runExecutable): a section that wants a controller that has never seen the tenant removes it.
		"XDG_CACHE_HOME=" + filepath.Join(b.work, "cache"),
		noCAA,
	}
}

// python is the interpreter ansible-playbook runs under, so that it needs no discovery.
func python() string {
	if p, err := exec.LookPath("python3"); err == nil {
		return p
	}
	return "/usr/bin/python3"
}

func readTimings(path string) ([]taskTiming, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("no task timings (is the bench_timing callback loading?): %w", err)
	}
	defer f.Close()
	var out []taskTiming
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var t taskTiming
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, t)
	}
	return out, sc.Err()
}
