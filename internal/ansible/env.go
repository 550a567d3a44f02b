package ansible

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
)

// Env is what a module knows about the task it runs in, taken from the
// _ansible_* keys of the arguments file, plus the channels a module uses to
// talk back besides its Result: trace lines, warnings and secrets. Its
// methods are safe for concurrent use (an HTTP client's retry logger may
// trace from another goroutine).
type Env struct {
	CheckMode, Diff, NoLog bool
	Verbosity              int
	// Version is the controller's ansible-core version (_ansible_version).
	Version string
	// ModuleName is the name Ansible resolved (_ansible_module_name, often
	// the FQCN), or the Module's Name when the controller sent none.
	ModuleName string
	// TmpDir is _ansible_tmpdir, or os.TempDir() when Ansible sent null
	// (it does with pipelining and unprivileged become).
	TmpDir string

	mu           sync.Mutex
	trace        []string
	traceDropped int
	warnings     []string
	secrets      []string
}

// maxTrace bounds the trace kept in memory: a chatty retry loop must not
// turn a failed run into an out-of-memory one.
const maxTrace = 2000

// Tracef records a debug line. Lines are returned under "trace" only at
// verbosity 3 (-vvv) or more; they are masked like everything else, but
// never trace a secret on purpose.
func (e *Env) Tracef(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.trace) >= maxTrace {
		e.traceDropped++
		return
	}
	e.trace = append(e.trace, line)
}

// Warn adds a message to the result's "warnings", which Ansible prints as
// [WARNING] lines.
func (e *Env) Warn(msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.warnings = append(e.warnings, msg)
}

// AddSecret masks value everywhere in the output, like a no_log option's
// value. Use it for secrets a module learns while running (a token from an
// API, a generated key).
func (e *Env) AddSecret(value string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.secrets = append(e.secrets, value)
}

// snapshot returns copies of the collected lines, for rendering.
func (e *Env) snapshot() (trace, warnings, secrets []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	trace = append([]string(nil), e.trace...)
	if e.traceDropped > 0 {
		trace = append(trace, fmt.Sprintf("(%d more trace lines dropped)", e.traceDropped))
	}
	return trace, append([]string(nil), e.warnings...), append([]string(nil), e.secrets...)
}

// splitArgs parses the arguments file and separates the controller's
// _ansible_* keys (into an Env) from the user's options. Unknown internal
// keys and internal keys of the wrong type are ignored: Ansible adds keys
// between releases, and a bad one must not break every task.
func splitArgs(data []byte, name string, sys system) (*Env, map[string]any, error) {
	env := &Env{ModuleName: name, TmpDir: sys.tempDir()}
	if len(strings.TrimSpace(string(data))) == 0 {
		return env, nil, errors.New("module arguments file is empty; expected a JSON object")
	}
	params, err := decodeObject(data)
	if err != nil {
		return env, nil, fmt.Errorf("module arguments are not a valid JSON object: %v", err)
	}
	// Python modules run by hand take {"ANSIBLE_MODULE_ARGS": {...}}; accept
	// that shape too so the habit works here.
	if inner, ok := params["ANSIBLE_MODULE_ARGS"].(map[string]any); ok && len(params) == 1 {
		params = inner
	}
	for key, val := range params {
		if strings.HasPrefix(key, "_ansible_") {
			env.setInternal(key, val, sys)
			delete(params, key)
		}
	}
	return env, params, nil
}

func (e *Env) setInternal(key string, val any, sys system) {
	switch key {
	case "_ansible_check_mode":
		e.CheckMode = lenientBool(val, e.CheckMode)
	case "_ansible_diff":
		e.Diff = lenientBool(val, e.Diff)
	case "_ansible_no_log":
		e.NoLog = lenientBool(val, e.NoLog)
	case "_ansible_verbosity":
		if n, err := toInt(val); err == nil {
			e.Verbosity = int(max(0, min(n.(int64), math.MaxInt32)))
		}
	case "_ansible_version":
		e.Version = lenientString(val, e.Version)
	case "_ansible_module_name":
		e.ModuleName = publicName(lenientString(val, e.ModuleName))
	case "_ansible_tmpdir":
		if s := lenientString(val, ""); s != "" {
			e.TmpDir = expandUser(s, sys)
		}
	}
}

func lenientBool(v any, def bool) bool {
	if b, err := toBool(v); err == nil {
		return b.(bool)
	}
	return def
}

func lenientString(v any, def string) string {
	if s, ok := v.(string); ok && s != "" {
		return s
	}
	return def
}
