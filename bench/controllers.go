package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The per-task benchmark runs once more on each newer controller of the matrix: the Debian 13 and Debian
// testing roots that tests/controllers/root.sh builds and caches. The same playbook, the same installed
// collection and the same scmsim on 127.0.0.1; only ansible-core and Python differ.

// hostController is this machine's own ansible-core.
const hostController = "host"

// controllerCost is the per-task cost on one controller.
type controllerCost struct {
	Controller  string       `json:"controller"`
	AnsibleCore string       `json:"ansible_core"`
	FloorMS     float64      `json:"floor_median_ms"`
	Action      moduleCost   `json:"floor_through_action_plugin"`
	Modules     []moduleCost `json:"modules"`
	Problem     string       `json:"problem,omitempty"`
}

// rootScript is tests/controllers/root.sh of the checkout bench runs from.
func rootScript() string {
	dir, _ := os.Getwd()
	return filepath.Join(dir, "tests", "controllers", "root.sh")
}

// controllerCommand is argv that runs ansible-playbook (with env) on a controller: directly on the host,
// or inside a root, whose environment starts empty, so env carries the variables in.
func controllerCommand(controller string, env []string, args ...string) []string {
	if controller == hostController {
		return append([]string{"ansible-playbook"}, args...)
	}
	argv := append([]string{rootScript(), "run", controller, "env"}, env...)
	return append(append(argv, "ansible-playbook"), args...)
}

// ansibleCoreOf is the controller's `ansible --version` first line.
func ansibleCoreOf(ctx context.Context, controller string) string {
	argv := []string{"ansible", "--version"}
	if controller != hostController {
		argv = append([]string{rootScript(), "run", controller}, argv...)
	}
	out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).Output()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSuffix(strings.TrimPrefix(line, "ansible [core "), "]")
}

// ensureRoot builds the controller's root unless a fresh one is cached (it needs root).
func ensureRoot(ctx context.Context, controller string) error {
	out, err := exec.CommandContext(ctx, rootScript(), "ensure", controller).CombinedOutput()
	if err != nil {
		return fmt.Errorf("root.sh ensure %s: %w: %s", controller, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// perTaskOn runs the per-task playbook on a newer controller and summarises it like the host's run.
func (b *bench) perTaskOn(ctx context.Context, controller string, mods []taskModule, tasks []map[string]any) controllerCost {
	c := controllerCost{Controller: controller}
	if err := ensureRoot(ctx, controller); err != nil {
		c.Problem = err.Error()
		return c
	}
	c.AnsibleCore = ansibleCoreOf(ctx, controller)
	run, err := b.runPlaybookOn(ctx, controller, "per-task-"+controller, tasks)
	if err != nil {
		c.Problem = err.Error()
		return c
	}
	byAction, problems := timingsByAction(run)
	floor := byAction["noop"]
	c.FloorMS = round(median(floor), 1)
	c.Action = b.cost(actionFloor, byAction[actionFloor], floor, problems)
	for _, m := range mods {
		c.Modules = append(c.Modules, b.cost(m.Module, byAction[m.Module], floor, problems))
	}
	return c
}
