package ansible

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModuleNameFromPathOrFQCN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc  string
		argv0 string
		fqcn  string
		want  string
	}{
		{desc: "plain name", argv0: "acme_domain", want: "acme_domain"},
		{desc: "Ansible's copy", argv0: "/home/u/.ansible/tmp/ansible-tmp-1/AnsiballZ_acme_domain", want: "acme_domain"},
		{desc: "per-platform build", argv0: "AnsiballZ_acme_domain_linux_amd64", want: "acme_domain"},
		{desc: "windows build", argv0: `C:\tmp\AnsiballZ_scm_cert_windows_arm64.EXE`, want: "scm_cert"},
		{desc: "darwin build", argv0: "./scm_dcv_darwin_arm64", want: "scm_dcv"},
		{desc: "unknown arch is kept", argv0: "acme_domain_linux_z80", want: "acme_domain_linux_z80"},
		{desc: "name that only looks like a platform", argv0: "linux_amd64", want: "linux_amd64"},
		{desc: "argv0 wins over the module name", argv0: "AnsiballZ_scm_cert", fqcn: "scmkit.sectigo.scm_dcv", want: "scm_cert"},
		{desc: "empty argv0 uses the module name", argv0: "", fqcn: "scmkit.sectigo.acme_user_domains", want: "acme_user_domains"},
		{desc: "module name with platform suffix", fqcn: "scmkit.sectigo.__bin__.scm_cert_linux_arm64", want: "scm_cert"},
		{desc: "nothing at all", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			got := nameFromPath(tt.argv0)
			if got == "" {
				got = nameFromFQCN(tt.fqcn) // selectRunner's order: argv[0] first
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// writeArgs writes an arguments file and returns its path.
func writeArgs(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "args")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func nameModule(name string) Module[map[string]any] {
	m := resultModule(&Result{Msg: "ran " + name}, nil)
	m.Name = name
	return m
}

func TestRunMulti(t *testing.T) {
	t.Parallel()
	runners := []Runner{nameModule("scm_cert"), nameModule("acme_domain")}
	plain := writeArgs(t, `{}`)
	tests := []struct {
		desc       string
		argv       []string
		wantCode   int
		wantMsg    string
		msgPrefix  bool // wantMsg is only the start of msg
		wantStdout string
		wantStderr string
	}{
		{desc: "dispatch on argv0", argv: []string{"/tmp/AnsiballZ_acme_domain", plain}, wantMsg: "ran acme_domain"},
		{desc: "dispatch on the platform build", argv: []string{"scm_cert_linux_amd64", plain}, wantMsg: "ran scm_cert"},
		{desc: "fall back to _ansible_module_name", argv: []string{"/opt/scmkit", writeArgs(t, `{"_ansible_module_name": "scmkit.sectigo.scm_cert"}`)},
			wantMsg: "ran scm_cert"},
		{desc: "nothing matches", argv: []string{"/opt/scmkit", writeArgs(t, `{"_ansible_module_name": "x.y.zzz"}`)}, wantCode: 1,
			wantMsg: `this executable has no module named "scmkit" (from argv[0] "/opt/scmkit") or "zzz" (from _ansible_module_name "x.y.zzz"); known modules: acme_domain, scm_cert`},
		{desc: "unreadable file", argv: []string{"scm_cert", filepath.Join(t.TempDir(), "missing")}, wantCode: 1,
			wantMsg: "cannot read the module arguments file: open ", msgPrefix: true},
		{desc: "version", argv: []string{"/opt/scmkit", "--version"}, wantStdout: "scmkit dev\n"},
		{desc: "no arguments", argv: []string{"/opt/scmkit"}, wantCode: 2,
			wantStderr: "usage: scmkit ARGS_FILE\nAnsible binary module for: acme_domain, scm_cert. Ansible runs it; a person can pass a JSON arguments file.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := runMulti(t.Context(), tt.argv, &stdout, &stderr, runners)
			assert.Equal(t, tt.wantCode, code)
			assert.Equal(t, tt.wantStderr, stderr.String())
			if tt.wantStdout != "" || tt.wantMsg == "" {
				assert.Equal(t, tt.wantStdout, stdout.String())
				return
			}
			r := checkOutput(t, stdout.Bytes(), code)
			if tt.msgPrefix {
				assert.True(t, strings.HasPrefix(r.msg(), tt.wantMsg), r.msg())
				return
			}
			assert.Equal(t, tt.wantMsg, r.msg())
		})
	}
}

func TestRunMulti_listsKnownModules(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := runMulti(t.Context(), []string{"nope", writeArgs(t, `{"password": "hunter22"}`)}, &stdout, &stderr,
		[]Runner{nameModule("b_mod"), nameModule("a_mod")})
	r := checkOutput(t, stdout.Bytes(), code)
	assert.Equal(t, []any{"a_mod", "b_mod"}, r.out["known_modules"])
	assert.NotContains(t, stdout.String(), "hunter22", "arguments are not echoed")
}

func TestRunSingle(t *testing.T) {
	t.Parallel()
	m := nameModule("scm_cert")
	tests := []struct {
		desc       string
		argv       []string
		wantCode   int
		wantMsg    string
		wantStdout string
	}{
		{desc: "runs", argv: []string{"scm_cert", writeArgs(t, `{"name": "x"}`)}, wantMsg: "ran scm_cert"},
		{desc: "no argument is a JSON failure", argv: []string{"scm_cert"}, wantCode: 1,
			wantMsg: "no module arguments file: run this module through Ansible, or pass the path of a JSON arguments file as the first argument"},
		{desc: "empty argv", argv: nil, wantCode: 1,
			wantMsg: "no module arguments file: run this module through Ansible, or pass the path of a JSON arguments file as the first argument"},
		{desc: "directory instead of a file", argv: []string{"scm_cert", t.TempDir()}, wantCode: 1,
			wantMsg: "cannot read the module arguments file: read "},
		{desc: "version", argv: []string{"/x/scm_cert", "--version"}, wantStdout: "scm_cert dev\n"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := runSingle(t.Context(), tt.argv, &stdout, &stderr, m)
			assert.Equal(t, tt.wantCode, code)
			assert.Empty(t, stderr.String())
			if tt.wantStdout != "" {
				assert.Equal(t, tt.wantStdout, stdout.String())
				return
			}
			r := checkOutput(t, stdout.Bytes(), code)
			if strings.HasPrefix(tt.wantMsg, "cannot read") {
				assert.True(t, strings.HasPrefix(r.msg(), tt.wantMsg), r.msg())
				return
			}
			assert.Equal(t, tt.wantMsg, r.msg())
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestRunSingle_stdoutGone(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	code := runSingle(t.Context(), []string{"m", writeArgs(t, `{}`)}, failingWriter{}, &stderr, nameModule("m"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "cannot write the module result")
}

func TestPublicName(t *testing.T) {
	t.Parallel()
	tests := []struct{ desc, in, want string }{
		{desc: "per-platform build", in: "scmkit.sectigo.__bin__.acme_domain_linux_amd64", want: "scmkit.sectigo.acme_domain"},
		{desc: "plain FQCN", in: "scmkit.sectigo.acme_domain", want: "scmkit.sectigo.acme_domain"},
		{desc: "short name", in: "acme_domain", want: "acme_domain"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, publicName(tc.in))
		})
	}
}
