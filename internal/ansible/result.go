package ansible

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Diff is what --diff shows: Ansible renders before and after (strings,
// or dicts and lists it serialises) as a unified diff.
type Diff struct {
	Before       any    `json:"before"`
	After        any    `json:"after"`
	BeforeHeader string `json:"before_header,omitempty"`
	AfterHeader  string `json:"after_header,omitempty"`
}

// Result is what a module's Run returns.
type Result struct {
	Changed bool
	Msg     string
	// Diff is emitted only when the module SupportsDiff and the task runs
	// with --diff.
	Diff     *Diff
	Warnings []string
	// Data is merged into the top level of the output, after masking. Its
	// values may be any JSON-encodable Go values.
	Data map[string]any
	// Revealed is merged into the top level after masking, so its values
	// are printed as they are. It is only for secrets the user explicitly
	// asked to get back (an EAB HMAC key, say); never trace them.
	Revealed map[string]any
	// Failed fails the task with Msg while keeping the rest of the Result,
	// for partial outcomes such as "2 of 5 domains failed".
	Failed bool
}

// Details is implemented by errors that carry machine-readable fields (for
// example the modules give an SCM API error's http_status, scm_code and
// scm_description). When Run fails, the fields of the first Details in the
// error chain are added to the top level of the output, masked like
// everything else.
type Details interface {
	AnsibleDetails() map[string]any
}

// reservedKeys are set by the runtime or interpreted by the controller;
// modules may not set them through Data, Revealed or Details.
var reservedKeys = []string{"changed", "diff", "exception", "failed", "invocation", "msg", "skipped", "trace", "warnings"}

func isReserved(key string) bool {
	return slices.Contains(reservedKeys, key) || strings.HasPrefix(key, "_ansible_")
}

// response is the output being assembled: the outcome of validation and of
// Run, before masking and encoding.
type response struct {
	changed, failed, skipped bool
	msg                      string
	diff                     *Diff
	validationWarnings       []string
	resultWarnings           []string
	data, details, revealed  map[string]any
	exception                string
	invocation               map[string]any
}

// fail marks the response failed. A second failure (a bug found while
// rendering) is appended, so the first cause stays visible.
func (r *response) fail(msg string) {
	if r.failed && r.msg != "" {
		msg = r.msg + "; " + msg
	}
	r.failed, r.msg = true, msg
}

func (r *response) panicked(p any, stack []byte) {
	r.fail(fmt.Sprintf("module panicked: %v", p))
	r.exception = string(stack)
}

// fromRun records what Run returned. A Result and an error together mean
// partial progress: changed and the data are kept, the task fails with the
// error's text.
func (r *response) fromRun(res *Result, err error) {
	if res != nil {
		r.changed, r.msg, r.diff = res.Changed, res.Msg, res.Diff
		r.resultWarnings, r.data, r.revealed = res.Warnings, res.Data, res.Revealed
		if res.Failed {
			r.failed = true
			if r.msg == "" {
				r.msg = "the module reported a failure without a message"
			}
		}
	}
	if err == nil {
		return
	}
	r.failed, r.msg = true, err.Error()
	if r.msg == "" {
		r.msg = fmt.Sprintf("the module failed with an empty %T error", err)
	}
	var d Details
	if errors.As(err, &d) {
		r.details = d.AnsibleDetails()
	}
}

// extras normalises Data, Details and Revealed into plain JSON values and
// enforces the key rules. A map that breaks them is dropped whole and the
// task fails: a module that writes "changed" through Data is broken, and
// silently letting either value win would hide it.
//
// Data, the large one, is encoded value by value; when m cannot mask anything
// in it, the encoded values are kept as they are (json.RawMessage) rather than
// decoded into maps for the masker to walk (see dataValues).
func (r *response) extras(m *masker) (data, revealed map[string]any) {
	src := r.data
	r.data = nil // the module's own maps can go once encoded: a large result is not held twice
	data = r.dataValues(src, m)
	if r.failed {
		for k, v := range r.extra("error details", r.details) {
			if _, taken := data[k]; !taken {
				data[k] = v
			}
		}
	}
	revealed = r.extra("Result.Revealed", r.revealed)
	var dup []string
	for k := range revealed {
		if _, taken := data[k]; taken {
			dup = append(dup, k)
		}
	}
	if len(dup) > 0 {
		slices.Sort(dup)
		r.fail("internal error: Result.Revealed repeats Result.Data key(s): " + strings.Join(dup, ", "))
		revealed = map[string]any{}
	}
	return data, revealed
}

// dataValues is extra for Result.Data. A result of 20,000 domains is about 10 MB
// of JSON, and some 40 MB as the generic maps the masker walks: those are made
// only when a secret could be in it.
func (r *response) dataValues(src map[string]any, m *masker) map[string]any {
	if r.badKeys("Result.Data", src) {
		return map[string]any{}
	}
	raw := make(map[string]json.RawMessage, len(src))
	for k, v := range src {
		b, err := marshal(v)
		if err != nil {
			r.fail(fmt.Sprintf("internal error: cannot encode Result.Data: %v", err))
			return map[string]any{}
		}
		raw[k] = b
	}
	out := make(map[string]any, len(raw))
	if !m.mayMask(raw) {
		for k, b := range raw {
			out[k] = b
		}
		return out
	}
	for k, b := range raw {
		v, err := decodeJSON(b)
		if err != nil {
			r.fail(fmt.Sprintf("internal error: cannot encode Result.Data: %v", err))
			return map[string]any{}
		}
		out[k] = v
	}
	return out
}

// badKeys fails the task when src uses a reserved key.
func (r *response) badKeys(origin string, src map[string]any) bool {
	var bad []string
	for k := range src {
		if isReserved(k) {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		r.fail(fmt.Sprintf("internal error: %s uses reserved result key(s): %s", origin, strings.Join(bad, ", ")))
		return true
	}
	return false
}

func (r *response) extra(origin string, src map[string]any) map[string]any {
	if r.badKeys(origin, src) {
		return map[string]any{}
	}
	if len(src) == 0 {
		return map[string]any{}
	}
	n, err := normalize(src)
	if err != nil {
		r.fail(fmt.Sprintf("internal error: cannot encode %s: %v", origin, err))
		return map[string]any{}
	}
	return n.(map[string]any)
}
