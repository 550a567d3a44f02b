package ansible

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiError is a stand-in for *scm.APIError: an error with machine fields.
type apiError struct {
	status int
	desc   string
}

func (e *apiError) Error() string { return fmt.Sprintf("api: %d: %s", e.status, e.desc) }

func (e *apiError) AnsibleDetails() map[string]any {
	return map[string]any{"http_status": e.status, "scm_description": e.desc}
}

func TestExecute_results(t *testing.T) {
	t.Parallel()
	wrapped := fmt.Errorf("enroll certificate: %w", &apiError{status: 400, desc: "bad CSR"})
	tests := []struct {
		desc string
		res  *Result
		err  error
		args string
		want map[string]any // exact keys of the output, except invocation
	}{
		{desc: "unchanged, no msg key", res: &Result{}, args: `{}`, want: map[string]any{"changed": false}},
		{desc: "nil result and nil error", res: nil, args: `{}`, want: map[string]any{"changed": false}},
		{desc: "changed with data and warnings", args: `{}`,
			res:  &Result{Changed: true, Msg: "done", Warnings: []string{"careful"}, Data: map[string]any{"id": 7, "names": []string{"a"}}},
			want: map[string]any{"changed": true, "msg": "done", "warnings": []any{"careful"}, "id": 7.0, "names": []any{"a"}}},
		{desc: "error with details in the chain", err: wrapped, args: `{}`,
			want: map[string]any{"changed": false, "failed": true, "msg": "enroll certificate: api: 400: bad CSR",
				"http_status": 400.0, "scm_description": "bad CSR"}},
		{desc: "partial progress: result and error", err: errors.New("third domain failed"), args: `{}`,
			res:  &Result{Changed: true, Msg: "ignored", Data: map[string]any{"added": []string{"a", "b"}}},
			want: map[string]any{"changed": true, "failed": true, "msg": "third domain failed", "added": []any{"a", "b"}}},
		{desc: "data wins over an error detail of the same name", err: &apiError{status: 500, desc: "x"}, args: `{}`,
			res:  &Result{Data: map[string]any{"http_status": "from data"}},
			want: map[string]any{"changed": false, "failed": true, "msg": "api: 500: x", "http_status": "from data", "scm_description": "x"}},
		{desc: "failed result without error", args: `{}`,
			res:  &Result{Changed: true, Failed: true, Msg: "2 of 5 domains failed", Data: map[string]any{"failed_domains": []string{"x", "y"}}},
			want: map[string]any{"changed": true, "failed": true, "msg": "2 of 5 domains failed", "failed_domains": []any{"x", "y"}}},
		{desc: "failed result without msg", args: `{}`, res: &Result{Failed: true},
			want: map[string]any{"changed": false, "failed": true, "msg": "the module reported a failure without a message"}},
		{desc: "diff dropped without _ansible_diff", args: `{}`, res: &Result{Changed: true, Diff: &Diff{Before: "a", After: "b"}},
			want: map[string]any{"changed": true}},
		{desc: "diff emitted with _ansible_diff", args: `{"_ansible_diff": true}`,
			res:  &Result{Changed: true, Diff: &Diff{Before: map[string]any{"n": 1}, After: "b", AfterHeader: "new"}},
			want: map[string]any{"changed": true, "diff": map[string]any{"before": map[string]any{"n": 1.0}, "after": "b", "after_header": "new"}}},
		{desc: "revealed merged as is", args: `{"password": "hunter22"}`,
			res:  &Result{Revealed: map[string]any{"hmac_key": "hunter22"}, Data: map[string]any{"note": "hunter22"}},
			want: map[string]any{"changed": false, "hmac_key": "hunter22", "note": "********"}},
		{desc: "reserved key in data", args: `{}`, res: &Result{Changed: true, Data: map[string]any{"changed": false, "msg": "x", "id": 1}},
			want: map[string]any{"changed": true, "failed": true, "msg": "internal error: Result.Data uses reserved result key(s): changed, msg"}},
		{desc: "internal key in data", args: `{}`, res: &Result{Data: map[string]any{"_ansible_no_log": true}},
			want: map[string]any{"changed": false, "failed": true, "msg": "internal error: Result.Data uses reserved result key(s): _ansible_no_log"}},
		{desc: "reserved key in revealed", args: `{}`, res: &Result{Revealed: map[string]any{"warnings": "x"}},
			want: map[string]any{"changed": false, "failed": true, "msg": "internal error: Result.Revealed uses reserved result key(s): warnings"}},
		{desc: "revealed repeats a data key", args: `{}`, res: &Result{Data: map[string]any{"k": 1}, Revealed: map[string]any{"k": 2}},
			want: map[string]any{"changed": false, "failed": true, "k": 1.0, "msg": "internal error: Result.Revealed repeats Result.Data key(s): k"}},
		{desc: "reserved key in error details keeps the error", args: `{}`, err: detailsError{"skipped": true},
			want: map[string]any{"changed": false, "failed": true,
				"msg": "details; internal error: error details uses reserved result key(s): skipped"}},
		{desc: "data that cannot be encoded", args: `{}`, res: &Result{Changed: true, Data: map[string]any{"x": math.NaN()}},
			want: map[string]any{"changed": true, "failed": true, "msg": "internal error: cannot encode Result.Data: json: unsupported value: NaN"}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			r := runModule(t, resultModule(tt.res, tt.err), tt.args, nil)
			delete(r.out, "invocation")
			assert.Equal(t, tt.want, r.out)
		})
	}
}

type detailsError map[string]any

func (d detailsError) Error() string                  { return "details" }
func (d detailsError) AnsibleDetails() map[string]any { return d }

func TestExecute_diffNeedsSupportsDiff(t *testing.T) {
	t.Parallel()
	m := resultModule(&Result{Changed: true, Diff: &Diff{Before: "a", After: "b"}}, nil)
	m.SupportsDiff = false
	r := runModule(t, m, `{"_ansible_diff": true}`, nil)
	assert.NotContains(t, r.out, "diff")
}

func TestExecute_checkMode(t *testing.T) {
	t.Parallel()
	called := false
	m := Module[map[string]any]{
		Name: "nocheck",
		Spec: Spec{Options: map[string]Option{"name": {Required: true}}},
		Run: func(context.Context, *Env, map[string]any) (*Result, error) {
			called = true
			return &Result{Changed: true}, nil
		},
	}
	r := runModule(t, m, `{"name": "a", "_ansible_check_mode": true}`, nil)
	assert.False(t, called, "Run is not called")
	assert.Equal(t, map[string]any{"changed": false, "skipped": true, "msg": "nocheck does not support check mode",
		"invocation": map[string]any{"module_args": map[string]any{"name": "a"}}}, r.out)

	r = runModule(t, m, `{"_ansible_check_mode": true, "_ansible_module_name": "scmkit.sectigo.nocheck"}`, nil)
	assert.Equal(t, "missing required arguments: name", r.msg(), "validation errors fail even in check mode")

	r = runModule(t, m, `{"name": "a", "_ansible_check_mode": true, "_ansible_module_name": "scmkit.sectigo.nocheck"}`, nil)
	assert.Equal(t, "scmkit.sectigo.nocheck does not support check mode", r.msg())
}

func TestExecute_envPassedToRun(t *testing.T) {
	t.Parallel()
	var got *Env
	m := Module[map[string]any]{
		Name: "envy", SupportsCheckMode: true,
		Run: func(_ context.Context, env *Env, _ map[string]any) (*Result, error) {
			got = env
			return &Result{}, nil
		},
	}
	tests := []struct {
		desc string
		args string
		want envView
	}{
		{desc: "defaults", args: `{}`, want: envView{ModuleName: "envy", TmpDir: "/tmp/fake"}},
		{desc: "all internal keys", args: `{"_ansible_check_mode": true, "_ansible_diff": true, "_ansible_no_log": true,
			"_ansible_verbosity": 4, "_ansible_version": "2.14.18", "_ansible_module_name": "scmkit.sectigo.envy",
			"_ansible_tmpdir": "~/.ansible/tmp/x", "_ansible_debug": false, "_ansible_selinux_special_fs": ["nfs"],
			"_ansible_socket": null, "_ansible_future_key": {"a": 1}}`,
			want: envView{CheckMode: true, Diff: true, NoLog: true, Verbosity: 4, Version: "2.14.18",
				ModuleName: "scmkit.sectigo.envy", TmpDir: "/home/tester/.ansible/tmp/x"}},
		{desc: "null tmpdir falls back to the temp dir", args: `{"_ansible_tmpdir": null}`,
			want: envView{ModuleName: "envy", TmpDir: "/tmp/fake"}},
		{desc: "wrong types are ignored", args: `{"_ansible_check_mode": "sometimes", "_ansible_verbosity": "loud",
			"_ansible_version": 2, "_ansible_module_name": [], "_ansible_tmpdir": 5, "_ansible_diff": {}}`,
			want: envView{ModuleName: "envy", TmpDir: "/tmp/fake"}},
		{desc: "lenient booleans and numbers", args: `{"_ansible_check_mode": "yes", "_ansible_verbosity": "3", "_ansible_diff": 1}`,
			want: envView{CheckMode: true, Diff: true, Verbosity: 3, ModuleName: "envy", TmpDir: "/tmp/fake"}},
		{desc: "negative verbosity is zero", args: `{"_ansible_verbosity": -2}`, want: envView{ModuleName: "envy", TmpDir: "/tmp/fake"}},
		{desc: "wrapped like a Python module's args", args: `{"ANSIBLE_MODULE_ARGS": {"_ansible_verbosity": 2}}`,
			want: envView{Verbosity: 2, ModuleName: "envy", TmpDir: "/tmp/fake"}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got = nil
			r := runModule(t, m, tt.args, nil)
			require.NotContains(t, r.out, "failed", r.msg())
			require.NotNil(t, got)
			assert.Equal(t, tt.want, viewEnv(got))
		})
	}
}

// envView is Env's exported data, comparable (Env holds a mutex).
type envView struct {
	CheckMode, Diff, NoLog      bool
	Verbosity                   int
	Version, ModuleName, TmpDir string
}

func viewEnv(e *Env) envView {
	return envView{e.CheckMode, e.Diff, e.NoLog, e.Verbosity, e.Version, e.ModuleName, e.TmpDir}
}

func TestExecute_badArgsFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		args    string
		wantMsg string
	}{
		{desc: "empty", args: ``, wantMsg: "module arguments file is empty; expected a JSON object"},
		{desc: "not JSON", args: `name=foo`, wantMsg: "module arguments are not a valid JSON object: invalid character 'a' in literal null (expecting 'u')"},
		{desc: "a list", args: `[1]`, wantMsg: "module arguments are not a valid JSON object: expected a JSON object, got <class 'list'>"},
		{desc: "trailing junk", args: `{} {}`, wantMsg: "module arguments are not a valid JSON object: invalid character after top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			r := runModule(t, echoModule(Spec{}), tt.args, nil)
			assert.Equal(t, map[string]any{"changed": false, "failed": true, "msg": tt.wantMsg,
				"invocation": map[string]any{"module_args": map[string]any{}}}, r.out)
		})
	}
}

func TestExecute_traceAndPanic(t *testing.T) {
	t.Parallel()
	m := Module[map[string]any]{
		Name: "boom", SupportsCheckMode: true,
		Run: func(_ context.Context, env *Env, _ map[string]any) (*Result, error) {
			env.Tracef("step %d", 1)
			env.Warn("before the panic")
			panic("kaboom")
		},
	}
	tests := []struct {
		desc          string
		args          string
		wantTrace     any
		wantException bool
	}{
		{desc: "quiet", args: `{}`},
		{desc: "-vv", args: `{"_ansible_verbosity": 2}`},
		{desc: "-vvv", args: `{"_ansible_verbosity": 3}`, wantTrace: []any{"step 1"}, wantException: true},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			r := runModule(t, m, tt.args, nil)
			assert.Equal(t, "module panicked: kaboom", r.msg())
			assert.Equal(t, false, r.out["changed"])
			assert.Equal(t, []any{"before the panic"}, r.out["warnings"])
			assert.Equal(t, tt.wantTrace, r.out["trace"])
			if !tt.wantException {
				assert.NotContains(t, r.out, "exception")
				return
			}
			assert.Contains(t, r.out["exception"], "runtime/debug.Stack")
		})
	}
}

func TestExecute_panicInDetails(t *testing.T) {
	t.Parallel()
	r := runModule(t, resultModule(nil, panickyDetails{}), `{}`, nil)
	assert.Equal(t, "x; module panicked: details exploded", r.msg(), "the error stays visible")
}

type panickyDetails struct{}

func (panickyDetails) Error() string                  { return "x" }
func (panickyDetails) AnsibleDetails() map[string]any { panic("details exploded") }

func TestExecute_panicWhileRendering(t *testing.T) {
	t.Parallel()
	r := runModule(t, resultModule(&Result{Changed: true, Data: map[string]any{"v": panickyJSON{}}}, nil), `{}`, nil)
	assert.Contains(t, r.msg(), "module panicked: marshal exploded")
	assert.Equal(t, true, r.out["changed"])
	assert.NotContains(t, r.out, "v")
}

type panickyJSON struct{}

func (panickyJSON) MarshalJSON() ([]byte, error) { panic("marshal exploded") }

func TestExecute_traceIsBounded(t *testing.T) {
	t.Parallel()
	m := Module[map[string]any]{
		Name: "chatty",
		Run: func(_ context.Context, env *Env, _ map[string]any) (*Result, error) {
			for i := range maxTrace + 5 {
				env.Tracef("line %d", i)
			}
			return &Result{}, nil
		},
	}
	r := runModule(t, m, `{"_ansible_verbosity": 5}`, nil)
	trace, ok := r.out["trace"].([]any)
	require.True(t, ok)
	require.Len(t, trace, maxTrace+1)
	assert.Equal(t, "(5 more trace lines dropped)", trace[maxTrace])
}

func TestExecute_noRunFunction(t *testing.T) {
	t.Parallel()
	r := runModule(t, Module[map[string]any]{Name: "empty"}, `{}`, nil)
	assert.Equal(t, "internal error: the module has no Run function", r.msg())
}

func TestExecute_badSpec(t *testing.T) {
	t.Parallel()
	m := echoModule(Spec{Options: map[string]Option{"n": {Type: "integer"}, "pw": {NoLog: true}}})
	r := runModule(t, m, `{"pw": "topsecret"}`, nil)
	assert.Equal(t, `internal error: invalid argument spec for module echo: option n: unknown type "integer" or elements ""`, r.msg())
	assert.Equal(t, map[string]any{"pw": noLogPlaceholder}, r.moduleArgs())
}

func TestExecute_noLogDoesNotChangeTheShape(t *testing.T) {
	t.Parallel()
	m := resultModule(&Result{Changed: true, Msg: "password is s3cr3t!", Data: map[string]any{"x": 1}}, nil)
	quiet := runModule(t, m, `{"password": "s3cr3t!"}`, nil)
	censored := runModule(t, m, `{"password": "s3cr3t!", "_ansible_no_log": true}`, nil)
	assert.Equal(t, quiet.out, censored.out)
	assert.Equal(t, "password is ********", censored.msg())
}
