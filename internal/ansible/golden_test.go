package ansible

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// certModule looks like a real module: connection options with a no_log
// password from the environment, a diff, data, warnings and a trace.
func certModule() Module[map[string]any] {
	conn := Spec{Options: map[string]Option{
		"scm_url":      {Required: true, EnvFallback: []string{"SCM_URL"}},
		"scm_password": {NoLog: true, EnvFallback: []string{"SCM_PASSWORD"}},
	}}
	own := Spec{Options: map[string]Option{
		"common_name": {Required: true, Aliases: []string{"cn"}},
		"sans":        {Type: TypeList, Elements: TypeStr, Default: []string{}},
		"state":       {Choices: []any{"present", "absent"}, Default: "present"},
		"wait":        {Type: TypeBool, Default: false},
		"fail_with":   {Choices: []any{"none", "api", "panic"}, Default: "none"},
	}}
	return Module[map[string]any]{
		Name: "scm_cert", Spec: own.Merge(conn), SupportsCheckMode: true, SupportsDiff: true,
		Run: runCert,
	}
}

func runCert(_ context.Context, env *Env, p map[string]any) (*Result, error) {
	env.Tracef("GET %s/ssl/v1?commonName=%s (login with %s)", p["scm_url"], p["common_name"], p["scm_password"])
	res := &Result{
		Changed: !env.CheckMode,
		Msg:     "certificate enrolled",
		Diff:    &Diff{Before: map[string]any{"state": "absent"}, After: map[string]any{"state": "present", "sans": p["sans"]}},
		Data:    map[string]any{"ssl_id": 1234, "status": "issued"},
	}
	switch p["fail_with"] {
	case "api":
		res.Data["status"] = "requested"
		return res, errors.Join(errors.New("collect certificate 1234"), &apiError{status: 400, desc: "password " + p["scm_password"].(string) + " rejected"})
	case "panic":
		panic("nil certificate")
	}
	return res, nil
}

func TestExecute_golden(t *testing.T) {
	t.Parallel()
	env := map[string]string{"SCM_URL": "https://scm.example", "SCM_PASSWORD": "Sup3rSecret"}
	tests := []struct {
		desc string
		file string
		args string
	}{
		{desc: "enrolled with diff and trace", file: "enrolled_vvv",
			args: `{"cn": "www.example.com", "sans": "a.example.com,b.example.com", "_ansible_diff": true, "_ansible_verbosity": 3,
				"_ansible_module_name": "scmkit.sectigo.scm_cert", "_ansible_version": "2.14.18", "_ansible_tmpdir": null}`},
		{desc: "check mode without diff", file: "check_mode",
			args: `{"common_name": "www.example.com", "_ansible_check_mode": true}`},
		{desc: "unknown option", file: "unsupported",
			args: `{"common_name": "www.example.com", "scm_password": "Sup3rSecret", "colour": "blue"}`},
		{desc: "API failure after progress", file: "api_failure",
			args: `{"common_name": "www.example.com", "fail_with": "api"}`},
		{desc: "panic at -vvv", file: "panic_vvv",
			args: `{"common_name": "www.example.com", "fail_with": "panic", "_ansible_verbosity": 3}`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			r := runModule(t, certModule(), tt.args, env)
			got := goldenForm(t, r.raw)
			path := filepath.Join("testdata", tt.file+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./internal/ansible -update to create it")
			assert.Equal(t, string(want), string(got))
			assert.NotContains(t, string(r.raw), "Sup3rSecret")
		})
	}
}

// goldenForm indents the output; a stack trace (which holds paths and line
// numbers) is replaced by a marker.
func goldenForm(t *testing.T, raw []byte) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	if _, ok := m["exception"]; ok {
		m["exception"] = "<stack trace>"
		b, err := marshal(m)
		require.NoError(t, err)
		raw = b
	}
	var buf bytes.Buffer
	require.NoError(t, json.Indent(&buf, bytes.TrimSpace(raw), "", "  "))
	buf.WriteByte('\n')
	return buf.Bytes()
}
