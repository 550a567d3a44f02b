package scm

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
)

// SCM servers and fixtures disagree on scalar types: numeric ids arrive as
// strings, booleans as "true", optional fields as null or not at all
// (scm-api.md §2.6, §3.6). Rather than give every response type a hand-written
// UnmarshalJSON, decodeJSON reads the document generically, nudges scalars
// towards the kind of the Go field they will land in, and only then decodes
// into the typed value. Values that still do not fit are decode errors.

// decodeInto decodes body into out; nil out or an empty body is a no-op, and
// *[]byte receives the raw bytes.
func decodeInto(body []byte, out any) error {
	if out == nil {
		return nil
	}
	if raw, ok := out.(*[]byte); ok {
		*raw = append((*raw)[:0], body...)
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return decodeJSON(body, out)
}

// decodeJSON is json.Unmarshal with SCM's leniency; out must be a pointer.
//
// Most answers already have the types the Go values want, and for them the lenient way (decode
// generically, adjust, encode, decode again) gives exactly what json.Unmarshal gives, at about 2.2 times
// the cost: a listing page of 200 DCV rows took 2.7 ms against 1.2 ms, most of an inventory module's
// CPU. So a fresh (zero) value is first decoded directly; only an answer that does not fit goes the
// lenient way, from the zero value again (a failed Unmarshal may have filled part of it). A value that
// already holds something goes the lenient way at once: a failed Unmarshal could have written into
// what it holds. TestDecodeJSON_directEqualsLenient holds the two ways to the same result.
func decodeJSON(data []byte, out any) error {
	target := reflect.TypeOf(out)
	if target == nil || target.Kind() != reflect.Pointer {
		return errors.New("decode target must be a pointer")
	}
	v := reflect.ValueOf(out).Elem()
	if !v.IsValid() || !v.IsZero() {
		return decodeLenient(data, out, target)
	}
	if json.Unmarshal(data, out) == nil {
		return nil
	}
	v.SetZero()
	return decodeLenient(data, out, target)
}

// decodeLenient reads data generically, adjusts its scalars towards out's types (coerce), and decodes
// the result into out.
func decodeLenient(data []byte, out any, target reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	fixed, err := json.Marshal(coerce(doc, target.Elem()))
	if err != nil {
		return err
	}
	return json.Unmarshal(fixed, out)
}

var dateType = reflect.TypeFor[Date]()

// coerce returns v adjusted towards type t (see the comment at the top).
// Arrays and objects are adjusted in place: the document is decodeJSON's own,
// freshly decoded, and nothing else holds it. A value of the wrong JSON kind
// for t is left as it is, for json.Unmarshal to reject.
func coerce(v any, t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == dateType {
		return toString(v) // a Date is SCM's text, which drifts in type like any string
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return toNumber(v)
	case reflect.Bool:
		return toBool(v)
	case reflect.String:
		return toString(v)
	case reflect.Slice, reflect.Array:
		// A []byte is base64 text to encoding/json, not a list to adjust.
		if items, ok := v.([]any); ok && t.Elem().Kind() != reflect.Uint8 {
			for i, item := range items {
				items[i] = coerce(item, t.Elem())
			}
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok {
			for k, item := range m {
				m[k] = coerce(item, t.Elem())
			}
		}
	case reflect.Struct:
		return coerceStruct(v, t)
	}
	return v
}

func toNumber(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil // an empty string is "no value", like null
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return json.Number(s)
	}
	return v
}

func toBool(v any) any {
	switch x := v.(type) {
	case string:
		if b, err := strconv.ParseBool(strings.TrimSpace(x)); err == nil {
			return b
		}
		if strings.TrimSpace(x) == "" {
			return nil
		}
	case json.Number:
		return x.String() != "0"
	}
	return v
}

func toString(v any) any {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return v
}

func coerceStruct(v any, t reflect.Type) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	fields := jsonFields(t)
	out := make(map[string]any, len(m))
	for k, item := range m {
		// encoding/json matches keys case-insensitively; so do we.
		if ft, ok := fields[strings.ToLower(k)]; ok {
			item = coerce(item, ft)
		}
		out[k] = item
	}
	return out
}

// jsonFields maps the lower-cased JSON name of each exported field to its type.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := make(map[string]reflect.Type, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		fields[strings.ToLower(name)] = f.Type
	}
	return fields
}

func parsePositiveInt(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	if n <= 0 {
		return 0, errors.New("not positive")
	}
	return n, nil
}
