package ansible

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Coercion follows ansible-core 2.14's check_type_* functions, including the
// texts of their errors, because users search for those texts. Values arrive
// as decoded by encoding/json with UseNumber: string, bool, json.Number,
// []any, map[string]any. Coerced values are string, bool, int64, float64,
// []any or map[string]any; raw values pass through untouched.

// coerce converts v to the wanted type, or returns an error whose text is
// the tail of Ansible's "unable to convert" message.
func coerce(t Type, v any, sys system) (any, error) {
	switch t {
	case TypeStr, "":
		return toStr(v)
	case TypeInt:
		return toInt(v)
	case TypeFloat:
		return toFloat(v)
	case TypeBool:
		return toBool(v)
	case TypeList:
		return toList(v)
	case TypeDict:
		return toDict(v)
	case TypePath:
		s, err := toStr(v)
		if err != nil {
			return nil, err
		}
		return expandUser(expandVars(s.(string), sys), sys), nil
	case TypeRaw:
		return v, nil
	}
	return nil, fmt.Errorf("unknown type %q", t)
}

// toStr converts scalars the way Python's str() does (3 → "3", true →
// "True", 1.5 → "1.5"). Lists, dicts and null are refused: Ansible would
// store a Python repr, which no Go module wants.
func toStr(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool, json.Number, int64, float64:
		return pyStr(x), nil
	}
	return nil, fmt.Errorf("%s cannot be converted to a str", pyType(v))
}

func toInt(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i, nil
		}
		if f, err := strconv.ParseFloat(string(x), 64); err == nil {
			if i, ok := integral(f); ok {
				return i, nil
			}
		}
	case float64:
		if i, ok := integral(x); ok {
			return i, nil
		}
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return i, nil
		}
	}
	return nil, fmt.Errorf("%s cannot be converted to an int", pyType(v))
}

// integral accepts 3.0 but not 3.5, and nothing outside int64.
func integral(f float64) (int64, bool) {
	if f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, false
	}
	return int64(f), true
}

func toFloat(v any) (any, error) {
	var s string
	switch x := v.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	case json.Number:
		s = string(x)
	case string:
		s = strings.TrimSpace(x)
	default:
		return nil, fmt.Errorf("%s cannot be converted to a float", pyType(v))
	}
	f, err := strconv.ParseFloat(s, 64)
	// NaN and infinities cannot be written back as JSON; hex floats and
	// digit separators are Go syntax, not Python's.
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(s, "xX_") {
		return nil, fmt.Errorf("%s cannot be converted to a float", pyType(v))
	}
	return f, nil
}

// Ansible's BOOLEANS_TRUE and BOOLEANS_FALSE, in the order we print them.
var (
	boolTrue  = []string{"y", "yes", "on", "1", "true", "t"}
	boolFalse = []string{"n", "no", "off", "0", "false", "f"}
)

const boolHelp = "Valid booleans include: 'y', 'yes', 'on', '1', 'true', 't', 1, " +
	"'n', 'no', 'off', '0', 'false', 'f', 0"

func toBool(v any) (any, error) {
	var text string
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		text = x
		norm := strings.ToLower(strings.TrimSpace(x))
		switch {
		case contains(boolTrue, norm):
			return true, nil
		case contains(boolFalse, norm):
			return false, nil
		}
	case json.Number, int64, float64:
		text = pyStr(x)
		if f, err := toFloat(x); err == nil && (f == 1.0 || f == 0.0) {
			return f == 1.0, nil
		}
	default:
		return nil, fmt.Errorf("%s cannot be converted to a bool", pyType(v))
	}
	//lint:ignore ST1005 this is Ansible's exact text, which users search for
	return nil, fmt.Errorf("The value '%s' is not a valid boolean.  %s", text, boolHelp)
}

func contains(set []string, s string) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}

// toList splits a string on commas (without trimming, as Ansible does) and
// wraps a number or bool as a one-element list of its string form.
func toList(v any) (any, error) {
	switch x := v.(type) {
	case []any:
		return x, nil
	case string:
		parts := strings.Split(x, ",")
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return out, nil
	case bool, json.Number, int64, float64:
		return []any{pyStr(x)}, nil
	}
	return nil, fmt.Errorf("%s cannot be converted to a list", pyType(v))
}

func toDict(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		return x, nil
	case string:
		if strings.HasPrefix(x, "{") {
			m, err := decodeObject([]byte(x))
			if err != nil {
				return nil, errors.New("unable to evaluate string as dictionary")
			}
			return m, nil
		}
		if strings.Contains(x, "=") {
			return parseKeyValues(x)
		}
		return nil, errors.New("dictionary requested, could not parse JSON or key=value")
	}
	return nil, fmt.Errorf("%s cannot be converted to a dict", pyType(v))
}

// parseKeyValues reads "a=1 b='x y',c=3" into a dict of strings.
func parseKeyValues(s string) (any, error) {
	fields := splitFields(strings.TrimSpace(s))
	out := make(map[string]any, len(fields))
	for i, f := range fields {
		k, val, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("dictionary update sequence element #%d has length 1; 2 is required", i)
		}
		out[k] = val
	}
	return out, nil
}

// splitFields splits on spaces and commas outside quotes; quotes are
// dropped and a backslash escapes the next character, as in Ansible.
func splitFields(s string) []string {
	var fields []string
	var buf strings.Builder
	var quote rune
	escaped := false
	for _, c := range s {
		switch {
		case escaped:
			buf.WriteRune(c)
			escaped = false
		case c == '\\':
			escaped = true
		case quote == 0 && (c == '\'' || c == '"'):
			quote = c
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == ',' || c == ' '):
			if buf.Len() > 0 {
				fields = append(fields, buf.String())
				buf.Reset()
			}
		default:
			buf.WriteRune(c)
		}
	}
	if buf.Len() > 0 {
		fields = append(fields, buf.String())
	}
	return fields
}
