package ansibletest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/scmkit/sectigo/internal/ansible"
)

// Opt sets one of the controller's _ansible_* keys for a Run.
type Opt func(internal map[string]any)

// CheckMode runs the module as under --check.
func CheckMode() Opt { return Internal("_ansible_check_mode", true) }

// Diff runs the module as under --diff.
func Diff() Opt { return Internal("_ansible_diff", true) }

// Verbosity sets the -v level; 3 (-vvv) makes trace lines appear.
func Verbosity(n int) Opt { return Internal("_ansible_verbosity", n) }

// NoLog runs the module as for a task with no_log: true.
func NoLog() Opt { return Internal("_ansible_no_log", true) }

// ModuleName sets _ansible_module_name, e.g. to the FQCN
// "scmkit.sectigo.scm_cert"; by default it is the Module's Name.
func ModuleName(name string) Opt { return Internal("_ansible_module_name", name) }

// Internal sets any _ansible_* key, for cases the other options don't cover.
func Internal(key string, value any) Opt {
	return func(internal map[string]any) { internal[key] = value }
}

// Run executes m with args (the task's options) as Ansible 2.14 would, and
// returns the decoded output. The context is t.Context(). The temporary
// directory Ansible would create is t.TempDir(). Keys in args override the
// _ansible_* defaults, so a test can also send malformed internal keys.
func Run[P any](t testing.TB, m ansible.Module[P], args map[string]any, opts ...Opt) Output {
	t.Helper()
	in := map[string]any{
		"_ansible_check_mode":  false,
		"_ansible_diff":        false,
		"_ansible_no_log":      false,
		"_ansible_verbosity":   0,
		"_ansible_version":     "2.14.18",
		"_ansible_module_name": m.Name,
		"_ansible_tmpdir":      t.TempDir(),
	}
	for _, o := range opts {
		o(in)
	}
	for k, v := range args {
		in[k] = v
	}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("ansibletest: cannot marshal the module arguments: %v", err)
	}
	out, code := ansible.Execute(t.Context(), raw, m)
	return decode(t, out, code)
}

// decode parses the output and checks the protocol invariants.
func decode(t testing.TB, out []byte, code int) Output {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("\n")) {
		t.Errorf("ansibletest: output does not end with a newline: %q", out)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	var o Output
	if err := dec.Decode(&o); err != nil || o == nil {
		t.Fatalf("ansibletest: output is not a JSON object (%v): %s", err, out)
	}
	if dec.More() {
		t.Errorf("ansibletest: output holds more than one JSON document: %s", out)
	}
	if _, ok := o["changed"].(bool); !ok {
		t.Errorf("ansibletest: output has no boolean \"changed\": %s", out)
	}
	if _, ok := o["invocation"].(map[string]any); !ok {
		t.Errorf("ansibletest: output has no \"invocation\": %s", out)
	}
	if want := map[bool]int{true: 1, false: 0}[o.Failed()]; code != want {
		t.Errorf("ansibletest: exit code %d, want %d for failed=%v", code, want, o.Failed())
	}
	return o
}
