package ansible

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinary builds testdata/tinymodule and runs it as Ansible does: a copy
// (here a symlink) named AnsiballZ_<module>, with the path of an arguments
// file as its only argument.
func TestBinary(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "tinymodule")
	build := exec.CommandContext(t.Context(), goTool, "build", "-o", bin,
		"-ldflags", "-X github.com/scmkit/sectigo/internal/ansible.Version=9.9.9", "./testdata/tinymodule")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	for _, link := range []string{"AnsiballZ_hello_linux_amd64", "single"} {
		require.NoError(t, os.Symlink(bin, filepath.Join(dir, link)))
	}

	tests := []struct {
		desc       string
		exe        string
		args       string // "" runs without an arguments file
		extraArg   string
		wantCode   int
		wantMsg    string
		wantStdout string
		wantStderr string
	}{
		{desc: "dispatch on argv0", exe: "AnsiballZ_hello_linux_amd64", args: `{"name": "n", "password": "hunter22"}`,
			wantMsg: "hello n (********)"},
		{desc: "dispatch on _ansible_module_name", exe: "tinymodule", args: `{"name": "n", "_ansible_module_name": "a.b.bye"}`,
			wantMsg: "bye n ()"},
		{desc: "failure exits 1", exe: "tinymodule", args: `{"name": "n", "password": "hunter22", "mode": "fail", "_ansible_module_name": "a.b.bye"}`,
			wantCode: 1, wantMsg: "login refused for ********"},
		{desc: "panic is a result", exe: "single", args: `{"name": "n", "mode": "panic"}`, wantCode: 1, wantMsg: "module panicked: boom"},
		{desc: "single module without arguments", exe: "single", wantCode: 1,
			wantMsg: "no module arguments file: run this module through Ansible, or pass the path of a JSON arguments file as the first argument"},
		{desc: "version", exe: "tinymodule", extraArg: "--version", wantStdout: "tinymodule 9.9.9\n"},
		{desc: "multi-call without arguments", exe: "tinymodule", wantCode: 2,
			wantStderr: "usage: tinymodule ARGS_FILE\nAnsible binary module for: bye, hello. Ansible runs it; a person can pass a JSON arguments file.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			var argv []string
			if tt.args != "" {
				argv = append(argv, writeArgs(t, tt.args))
			}
			if tt.extraArg != "" {
				argv = append(argv, tt.extraArg)
			}
			cmd := exec.CommandContext(t.Context(), filepath.Join(dir, tt.exe), argv...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			code := 0
			if err := cmd.Run(); err != nil {
				var exit *exec.ExitError
				require.True(t, errors.As(err, &exit), "run: %v", err)
				code = exit.ExitCode()
			}
			assert.Equal(t, tt.wantCode, code)
			assert.Equal(t, tt.wantStderr, stderr.String())
			if tt.wantMsg == "" {
				assert.Equal(t, tt.wantStdout, stdout.String())
				return
			}
			r := checkOutput(t, stdout.Bytes(), code)
			assert.Equal(t, tt.wantMsg, r.msg())
			assert.NotContains(t, stdout.String(), "hunter22")
		})
	}
}
