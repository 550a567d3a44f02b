package ansibletest

import (
	"bytes"
	"encoding/json"
)

// Output is a module's result as decoded by encoding/json: numbers are
// float64, lists []any, dicts map[string]any. Index it for the module's own
// keys (out["ssl_id"]); the methods read the keys the runtime owns.
type Output map[string]any

// Changed reports "changed".
func (o Output) Changed() bool { return o.flag("changed") }

// Failed reports "failed".
func (o Output) Failed() bool { return o.flag("failed") }

// Skipped reports "skipped" (check mode on a module that does not support it).
func (o Output) Skipped() bool { return o.flag("skipped") }

// Msg returns "msg", or "" when there is none.
func (o Output) Msg() string {
	s, _ := o["msg"].(string)
	return s
}

// Warnings returns "warnings".
func (o Output) Warnings() []string {
	list, _ := o["warnings"].([]any)
	out := make([]string, 0, len(list))
	for _, w := range list {
		if s, ok := w.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ModuleArgs returns invocation.module_args: the validated parameters, with
// no_log values shown as VALUE_SPECIFIED_IN_NO_LOG_PARAMETER.
func (o Output) ModuleArgs() map[string]any {
	inv, _ := o["invocation"].(map[string]any)
	args, _ := inv["module_args"].(map[string]any)
	return args
}

// JSON returns the output as JSON, encoded as the runtime encodes it
// (compact, sorted keys, no HTML escaping). Every string comes back exactly
// as printed, so it suits checks such as
// assert.NotContains(t, string(out.JSON()), password).
func (o Output) JSON() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any(o)); err != nil {
		return nil
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func (o Output) flag(key string) bool {
	b, _ := o[key].(bool)
	return b
}
