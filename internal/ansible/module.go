package ansible

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
)

// Module is an Ansible module: its name, its argument spec and its logic.
//
// P is the parameter struct. Its fields carry `json:"option_name"` tags for
// every option in Spec (suboptions as nested structs or maps). Validated
// parameters are decoded into it with encoding/json: ints arrive as numbers,
// bools as bools, lists as slices. Unset options without a default leave
// the field at its zero value; use a pointer field to tell "not given"
// (nil) from a zero value.
type Module[P any] struct {
	// Name is the short module name (the binary name), e.g. "scm_cert".
	Name string
	Spec Spec
	// SupportsCheckMode must be true for Run to be called in check mode;
	// otherwise the task is skipped.
	SupportsCheckMode bool
	// SupportsDiff lets Result.Diff through when the task runs with --diff.
	SupportsDiff bool
	// Run does the work. It may return a Result and an error together, for
	// partial progress: the task then fails but keeps changed and the data.
	Run func(ctx context.Context, env *Env, p P) (*Result, error)
}

// Runner is the non-generic face of a Module, used by a multi-call binary.
type Runner interface {
	ModuleName() string
	Execute(ctx context.Context, args []byte) (out []byte, exit int)
}

// ModuleName returns m.Name.
func (m Module[P]) ModuleName() string { return m.Name }

// Execute runs the module on the contents of an arguments file; see the
// package function Execute.
func (m Module[P]) Execute(ctx context.Context, args []byte) ([]byte, int) {
	return Execute(ctx, args, m)
}

// Execute runs m on args, the contents of an Ansible arguments file, and
// returns the JSON result (one object, newline-terminated) and the exit code
// (0, or 1 on failure). It never panics and never writes anywhere; the
// process environment is read for env fallbacks and path expansion only.
func Execute[P any](ctx context.Context, args []byte, m Module[P]) ([]byte, int) {
	return execute(ctx, args, m.program(), osSystem())
}

// program is the non-generic view of a Module that the engine drives; the
// only generic step is decoding the parameters into P.
type program struct {
	name                    string
	spec                    Spec
	checkMode, supportsDiff bool
	run                     func(ctx context.Context, env *Env, params map[string]any) (*Result, error)
}

func (m Module[P]) program() program {
	return program{name: m.Name, spec: m.Spec, checkMode: m.SupportsCheckMode, supportsDiff: m.SupportsDiff, run: m.runParams}
}

func (m Module[P]) runParams(ctx context.Context, env *Env, params map[string]any) (*Result, error) {
	if m.Run == nil {
		return nil, errors.New("internal error: the module has no Run function")
	}
	var p P
	if err := decodeParams(params, &p); err != nil {
		return nil, fmt.Errorf("internal error: cannot decode the parameters into %T: %w", p, err)
	}
	return m.Run(ctx, env, p)
}

// session is one execution: the state shared by its steps.
type session struct {
	prog    program
	sys     system
	env     *Env
	secrets []string
	resp    *response
}

func execute(ctx context.Context, args []byte, prog program, sys system) ([]byte, int) {
	s := &session{prog: prog, sys: sys, env: &Env{ModuleName: prog.name, TmpDir: sys.tempDir()}, resp: &response{}}
	s.safely(func() { s.run(ctx, args) })
	var out []byte
	var code int
	s.safely(func() { out, code = s.resp.render(s.env, s.secrets, s.env.Diff && s.prog.supportsDiff) })
	if out == nil {
		// Rendering itself panicked (a Details or MarshalJSON method, say):
		// render what is left without the module's maps.
		s.resp.data, s.resp.details, s.resp.revealed, s.resp.diff = nil, nil, nil, nil
		out, code = s.resp.render(s.env, s.secrets, false)
	}
	return out, code
}

// safely turns a panic anywhere below into a failed result. The stack is
// kept for "exception", which is shown only at -vvv.
func (s *session) safely(f func()) {
	defer func() {
		if p := recover(); p != nil {
			s.resp.panicked(p, debug.Stack())
		}
	}()
	f()
}

func (s *session) run(ctx context.Context, args []byte) {
	env, params, err := splitArgs(args, s.prog.name, s.sys)
	s.env = env
	if err != nil {
		s.resp.fail(err.Error())
		return
	}
	top := s.prog.spec.level()
	if err := s.prog.spec.Check(); err != nil {
		s.resp.invocation = redactNoLog(top, params)
		s.resp.fail(fmt.Sprintf("internal error: invalid argument spec for module %s: %v", s.prog.name, err))
		return
	}
	raw := deepCopy(params).(map[string]any)
	v := validateParams(s.prog.spec, params, env.ModuleName, s.sys)
	s.secrets, s.resp.validationWarnings = v.secrets, v.warnings
	if len(v.errs) > 0 {
		// Ansible reports the first error, in the order of its checks.
		s.resp.invocation = redactNoLog(top, raw)
		s.resp.fail(v.errs[0])
		return
	}
	s.resp.invocation = redactNoLog(top, params)
	if env.CheckMode && !s.prog.checkMode {
		s.resp.skipped = true
		s.resp.msg = env.ModuleName + " does not support check mode"
		return
	}
	s.resp.fromRun(s.prog.run(ctx, s.env, params))
}
