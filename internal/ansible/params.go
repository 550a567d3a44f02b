package ansible

import (
	"bytes"
	"encoding/json"
)

// decodeParams decodes the validated parameter map into a module's P.
//
// Every option is in the map: unset options without a default are null, so
// a pointer field stays nil and a value field keeps its zero value. A module
// that must know whether an option was given uses a pointer field
// (*bool, *int64, *string, ...). Unknown fields are refused: a spec option
// without a struct field is a programming error, and this is where it shows.
func decodeParams(params map[string]any, p any) error {
	b, err := marshal(params)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(p)
}

// redactNoLog copies params for invocation.module_args, replacing the value
// of every no_log option (at any depth, given under its name or an alias)
// by VALUE_SPECIFIED_IN_NO_LOG_PARAMETER. Other values are masked later
// with the rest of the output.
func redactNoLog(l level, params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for key, val := range params {
		_, opt, known := l.lookup(key)
		switch {
		case !known || val == nil:
			out[key] = deepCopy(val)
		case opt.NoLog:
			out[key] = noLogPlaceholder
		case opt.Options != nil:
			out[key] = redactSub(opt, val)
		default:
			out[key] = deepCopy(val)
		}
	}
	return out
}

func redactSub(opt Option, val any) any {
	switch x := val.(type) {
	case map[string]any:
		return redactNoLog(opt.level(), x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactSub(opt, e)
		}
		return out
	}
	// A value that never became a dict ("a=1 password=x" that failed to
	// parse, say) may still hold a sub-option's secret.
	if hasNoLog(opt.Options) {
		return noLogPlaceholder
	}
	return val
}

func hasNoLog(options map[string]Option) bool {
	for _, o := range options {
		if o.NoLog || hasNoLog(o.Options) {
			return true
		}
	}
	return false
}
