package ansible

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// The texts below are ansible-core 2.14's (module_utils/common/validation.py
// and parameters.py). An option counts as given when its key is present:
// nulls were dropped before, defaults were added before all but
// mutually_exclusive.

func checkRequired(l level, params map[string]any) string {
	var missing []string
	for _, name := range l.names() {
		if _, ok := params[name]; !ok && l.options[name].Required {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return "missing required arguments: " + strings.Join(missing, ", ")
}

func countGiven(names []string, params map[string]any) int {
	n := 0
	seen := map[string]bool{}
	for _, name := range names {
		if _, ok := params[name]; ok && !seen[name] {
			seen[name] = true
			n++
		}
	}
	return n
}

func checkMutuallyExclusive(groups [][]string, params map[string]any) string {
	var bad []string
	for _, g := range groups {
		if countGiven(g, params) > 1 {
			bad = append(bad, strings.Join(g, "|"))
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return "parameters are mutually exclusive: " + strings.Join(bad, ", ")
}

func checkRequiredTogether(groups [][]string, params map[string]any) string {
	for _, g := range groups {
		if n := countGiven(g, params); n > 0 && n < countDistinct(g) {
			return "parameters are required together: " + strings.Join(g, ", ")
		}
	}
	return ""
}

func countDistinct(names []string) int {
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	return len(seen)
}

func checkRequiredOneOf(groups [][]string, params map[string]any) string {
	for _, g := range groups {
		if countGiven(g, params) == 0 {
			return "one of the following is required: " + strings.Join(g, ", ")
		}
	}
	return ""
}

func checkRequiredIf(rules []RequiredIf, params map[string]any) string {
	for _, r := range rules {
		val, ok := params[r.Key]
		if !ok || !sameValue(val, r.Value) {
			continue
		}
		var missing []string
		for _, req := range r.Requirements {
			if _, given := params[req]; !given {
				missing = append(missing, req)
			}
		}
		need, word := 1, "all"
		if r.AnyOf {
			need, word = len(r.Requirements), "any"
		}
		if len(missing) > 0 && len(missing) >= need {
			return fmt.Sprintf("%s is %s but %s of the following are missing: %s",
				r.Key, pyStr(r.Value), word, strings.Join(missing, ", "))
		}
	}
	return ""
}

// coerceAll converts every given option to its type, and list items to the
// element type. A value that fails keeps its original form: only the first
// error is reported, and the invocation should show what the user sent.
func (v *validation) coerceAll(l level, params map[string]any, ctx []string) {
	for _, name := range l.names() {
		val, ok := params[name]
		if !ok {
			continue
		}
		opt := l.options[name]
		out, err := coerce(opt.kind(), val, v.sys)
		if err != nil {
			v.errs = append(v.errs, fmt.Sprintf("argument '%s' is of type %s%s and we were unable to convert to %s: %v",
				name, pyType(val), typeFoundIn(ctx), opt.kind(), err))
			continue
		}
		if items, isList := out.([]any); isList && opt.Elements != "" {
			out = v.coerceElements(name, opt.Elements, items, ctx)
		}
		params[name] = out
		if opt.NoLog {
			v.secrets = append(v.secrets, secretStrings(out)...)
		}
	}
}

// typeFoundIn reproduces Ansible's odd punctuation for type errors in
// sub-options: "argument 'x' is of type <class 'str'> found in 'a'. and ...".
func typeFoundIn(ctx []string) string {
	if len(ctx) == 0 {
		return ""
	}
	return fmt.Sprintf(" found in '%s'.", strings.Join(ctx, " -> "))
}

func (v *validation) coerceElements(name string, t Type, items []any, ctx []string) []any {
	out := make([]any, len(items))
	for i, item := range items {
		c, err := coerce(t, item, v.sys)
		if err != nil {
			where := ""
			if len(ctx) > 0 {
				where = fmt.Sprintf(" found in '%s'", strings.Join(ctx, " -> "))
			}
			v.errs = append(v.errs, fmt.Sprintf("Elements value for option '%s'%s is of type %s and we were unable to convert to %s: %v",
				name, where, pyType(item), t, err))
			c = item
		}
		out[i] = c
	}
	return out
}

func (v *validation) checkChoices(l level, params map[string]any, ctx []string) {
	for _, name := range l.names() {
		opt := l.options[name]
		val, ok := params[name]
		if !ok || len(opt.Choices) == 0 {
			continue
		}
		choices := joinPy(opt.Choices)
		if items, isList := val.([]any); isList {
			var bad []any
			for _, item := range items {
				if !inChoices(item, opt.Choices) {
					bad = append(bad, item)
				}
			}
			if len(bad) > 0 {
				v.check(fmt.Sprintf("value of %s must be one or more of: %s. Got no match for: %s", name, choices, joinPy(bad)), ctx)
			}
			continue
		}
		val = unYAMLBool(val, opt.Choices)
		params[name] = val
		if !inChoices(val, opt.Choices) {
			v.check(fmt.Sprintf("value of %s must be one of: %s, got: %s", name, choices, pyStr(val)), ctx)
		}
	}
}

// unYAMLBool undoes YAML 1.1's habit of reading yes/no as booleans: a str
// option then receives "True"/"False". When exactly one choice is a boolean
// word of the same truth, Ansible substitutes it, and so do we.
func unYAMLBool(val any, choices []any) any {
	var words []string
	switch val {
	case "True":
		words = boolTrue
	case "False":
		words = boolFalse
	default:
		return val
	}
	var match []any
	for _, c := range choices {
		if s, ok := c.(string); ok && contains(words, s) {
			match = append(match, c)
		}
	}
	if len(match) == 1 {
		return match[0]
	}
	return val
}

func inChoices(val any, choices []any) bool {
	for _, c := range choices {
		if sameValue(val, c) {
			return true
		}
	}
	return false
}

func joinPy(vals []any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = pyStr(v)
	}
	return strings.Join(parts, ", ")
}

// sameValue compares a validated value with one written in Go source (a
// choice, a required_if value): both are normalised through JSON, and
// numbers compare by value so 3, int64(3) and 3.0 are equal, as in Python.
func sameValue(a, b any) bool {
	na, errA := normalize(a)
	nb, errB := normalize(b)
	if errA != nil || errB != nil {
		return false
	}
	fa, okA := asFloat(na)
	fb, okB := asFloat(nb)
	if okA && okB {
		return fa == fb
	}
	return reflect.DeepEqual(na, nb)
}

func asFloat(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return f, err == nil
}
