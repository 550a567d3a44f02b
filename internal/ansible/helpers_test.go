package ansible

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeSystem is a process environment for tests: env vars from a map, two
// known home directories, a fixed temp dir. Tests using it can run in
// parallel.
func fakeSystem(env map[string]string) system {
	return system{
		lookupEnv: func(k string) (string, bool) {
			v, ok := env[k]
			return v, ok
		},
		homeDir: func(name string) (string, bool) {
			switch name {
			case "":
				return "/home/tester", true
			case "alice":
				return "/home/alice", true
			}
			return "", false
		},
		tempDir: func() string { return "/tmp/fake" },
	}
}

// runResult is one execution, decoded.
type runResult struct {
	out  map[string]any
	raw  []byte
	code int
}

func (r runResult) msg() string {
	s, _ := r.out["msg"].(string)
	return s
}

func (r runResult) moduleArgs() map[string]any {
	inv, _ := r.out["invocation"].(map[string]any)
	args, _ := inv["module_args"].(map[string]any)
	return args
}

// runModule executes m with a fake system and checks the invariants every
// output must keep: one JSON object, "changed" a bool, "invocation"
// present, exit code 1 exactly when failed.
func runModule[P any](t *testing.T, m Module[P], args string, env map[string]string) runResult {
	t.Helper()
	out, code := execute(t.Context(), []byte(args), m.program(), fakeSystem(env))
	return checkOutput(t, out, code)
}

func checkOutput(t *testing.T, out []byte, code int) runResult {
	t.Helper()
	require.True(t, bytes.HasSuffix(out, []byte("\n")), "output ends with a newline")
	dec := json.NewDecoder(bytes.NewReader(out))
	var m map[string]any
	require.NoError(t, dec.Decode(&m), "output is a JSON object: %s", out)
	_, err := dec.Token()
	require.Error(t, err, "exactly one JSON document: %s", out)
	require.IsType(t, true, m["changed"], "changed is a bool: %s", out)
	require.Contains(t, m, "invocation")
	failed, _ := m["failed"].(bool)
	if failed {
		require.Equal(t, 1, code, "exit code of a failure")
	} else {
		require.Equal(t, 0, code, "exit code of a success")
	}
	return runResult{out: m, raw: out, code: code}
}

// echoModule returns its parameters under "params", so tests can see what
// Run received.
func echoModule(spec Spec) Module[map[string]any] {
	return Module[map[string]any]{
		Name:              "echo",
		Spec:              spec,
		SupportsCheckMode: true,
		SupportsDiff:      true,
		Run: func(_ context.Context, _ *Env, p map[string]any) (*Result, error) {
			return &Result{Data: map[string]any{"params": p}}, nil
		},
	}
}

// resultModule returns a fixed outcome from Run.
func resultModule(res *Result, err error) Module[map[string]any] {
	return Module[map[string]any]{
		Name:              "fixed",
		Spec:              Spec{Options: map[string]Option{"password": {NoLog: true}, "name": {}}},
		SupportsCheckMode: true,
		SupportsDiff:      true,
		Run: func(context.Context, *Env, map[string]any) (*Result, error) {
			return res, err
		},
	}
}
