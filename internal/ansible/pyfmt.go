package ansible

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Ansible's messages print values and types the way Python does; these
// helpers reproduce that for the JSON values the runtime handles.

// pyType returns Python's type() text for a JSON value, e.g. "<class 'str'>".
func pyType(v any) string {
	name := "object"
	switch x := v.(type) {
	case nil:
		name = "NoneType"
	case string:
		name = "str"
	case bool:
		name = "bool"
	case json.Number:
		name = "int"
		if isFloatLiteral(x) {
			name = "float"
		}
	case int64, int:
		name = "int"
	case float64:
		name = "float"
	case []any:
		name = "list"
	case map[string]any:
		name = "dict"
	}
	return fmt.Sprintf("<class '%s'>", name)
}

// isFloatLiteral tells a JSON number that Python's json module would load as
// a float (it has a fraction or an exponent) from one it loads as an int.
func isFloatLiteral(n json.Number) bool {
	return strings.ContainsAny(string(n), ".eE")
}

// pyStr is Python's str() for scalars; composites fall back to JSON.
func pyStr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case json.Number:
		return pyNumber(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return pyFloat(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// pyNumber prints a JSON number as Python prints the value json.loads gives.
func pyNumber(n json.Number) string {
	if !isFloatLiteral(n) {
		if i, ok := new(big.Int).SetString(string(n), 10); ok {
			return i.String()
		}
		return string(n)
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil && !math.IsInf(f, 0) {
		return string(n)
	}
	return pyFloat(f)
}

// pyFloat is Python's repr(float): shortest round-trip digits, ".0" on
// integral values, and exponent notation below 1e-4 or from 1e16 up.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(sci[strings.IndexByte(sci, 'e')+1:])
	if f != 0 && (exp >= 16 || exp < -4) {
		return sci
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// decodeObject parses exactly one JSON object, keeping numbers exact.
func decodeObject(data []byte) (map[string]any, error) {
	v, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected a JSON object, got %s", pyType(v))
	}
	return m, nil
}

// decodeJSON parses exactly one JSON value and refuses trailing data.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid character after top-level value")
	}
	return v, nil
}

// marshal encodes without HTML escaping: the output is read by Ansible and
// by people, not embedded in a web page.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// normalize turns any Go value into the generic JSON form (maps, slices,
// strings, bools, json.Number) by a round trip through encoding/json. That
// lets masking walk module-provided structs, and makes invalid UTF-8 look
// the same in secrets and output.
func normalize(v any) (any, error) {
	b, err := marshal(v)
	if err != nil {
		return nil, err
	}
	return decodeJSON(b)
}

// deepCopy copies a generic JSON value so validation can mutate freely.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}
