package ansible

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maskText replaces every occurrence of a secret in the output, as
// AnsibleModule's remove_values does inside strings.
const maskText = "********"

// noLogPlaceholder stands for the whole value of a no_log option in
// invocation.module_args (Ansible's convention).
const noLogPlaceholder = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

// minSecretLen and trivialSecrets are the masking rule's escape hatch.
// Masking replaces substrings everywhere, so a secret such as "1", "no" or
// "true" would shred every message, key and boolean-looking word in the
// output while protecting nothing. A secret is therefore ignored when, with
// surrounding spaces trimmed, it has fewer than minSecretLen characters, is
// one of trivialSecrets (any case), or consists only of '*' (it could only
// ever match the mask itself).
const minSecretLen = 3

var trivialSecrets = []string{"true", "false", "yes", "null", "none"}

// maskable reports whether s is masked, per the rule above.
func maskable(s string) bool {
	t := strings.TrimSpace(s)
	if utf8.RuneCountInString(t) < minSecretLen || strings.Trim(t, "*") == "" {
		return false
	}
	return !slices.Contains(trivialSecrets, strings.ToLower(t))
}

// masker replaces secrets in strings, map keys and number literals.
type masker struct {
	secrets []string // maskable, deduplicated, longest first
}

func newMasker(values []string) *masker {
	m := &masker{}
	for _, v := range values {
		v = validUTF8(v)
		if maskable(v) && !slices.Contains(m.secrets, v) {
			m.secrets = append(m.secrets, v)
		}
	}
	// Longest first, so a secret that contains another is masked whole.
	slices.SortStableFunc(m.secrets, func(a, b string) int { return len(b) - len(a) })
	return m
}

// validUTF8 rewrites invalid bytes the way encoding/json prints them, so a
// secret compares equal to its appearance in the normalised output.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b, _ := json.Marshal(s)
	var out string
	if json.Unmarshal(b, &out) != nil {
		return s
	}
	return out
}

// text masks s until no secret is left. One pass is not always enough:
// replacing one secret can join the mask and the text around it into
// another (secrets may contain '*'). Such inputs are contrived, and
// repeating passes over them costs quadratic time, so after maxMaskPasses
// a string that still holds a secret is replaced whole.
func (m *masker) text(s string) string {
	for range maxMaskPasses {
		dirty := false
		for _, sec := range m.secrets {
			if strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, maskText)
				dirty = true
			}
		}
		if !dirty {
			return s
		}
	}
	if m.contains(s) {
		return maskText
	}
	return s
}

const maxMaskPasses = 4

func (m *masker) contains(s string) bool {
	for _, sec := range m.secrets {
		if strings.Contains(s, sec) {
			return true
		}
	}
	return false
}

// verbatim reports whether s appears in encoded JSON exactly as it is: valid
// UTF-8 without a character encoding/json escapes (HTML escaping is off) and
// without U+FFFD, which is what invalid bytes turn into.
func verbatim(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// mayMask reports whether masking could change any of the encoded values or
// their keys. It answers false only when every secret would appear verbatim in
// the encoding (verbatim) and none does: then no string, key or number in them
// holds a secret, and the bytes can be written as they are.
func (m *masker) mayMask(raw map[string]json.RawMessage) bool {
	for _, sec := range m.secrets {
		if !verbatim(sec) {
			return true
		}
	}
	for k, b := range raw {
		if m.contains(k) {
			return true
		}
		for _, sec := range m.secrets {
			if bytes.Contains(b, []byte(sec)) {
				return true
			}
		}
	}
	return false
}

// value walks a normalised JSON value and returns it masked. A number whose
// digits contain a secret (a no_log PIN, say) becomes maskText. The input is
// never modified; a map or list in which nothing is masked is returned as it
// is rather than copied, so a large result without secrets in it (20,000
// domains, say) costs no second copy.
func (m *masker) value(v any) any {
	if len(m.secrets) == 0 {
		return v
	}
	out, _ := m.masked(v)
	return out
}

// masked is value, and whether anything was masked.
func (m *masker) masked(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		t := m.text(x)
		return t, t != x
	case json.Number:
		if m.contains(string(x)) {
			return maskText, true
		}
		return x, false
	case []any:
		var out []any // nil until an element changes
		for i, e := range x {
			me, changed := m.masked(e)
			if changed && out == nil {
				out = slices.Clone(x)
			}
			if out != nil {
				out[i] = me
			}
		}
		if out == nil {
			return x, false
		}
		return out, true
	case map[string]any:
		return m.object(x)
	}
	return v, false
}

// object masks keys as well as values. Two keys that mask to the same text
// keep both entries: the later one (in sorted order) gets a "#2" suffix.
func (m *masker) object(x map[string]any) (map[string]any, bool) {
	keysMasked := false
	for k := range x {
		if m.text(k) != k {
			keysMasked = true
			break
		}
	}
	if !keysMasked {
		var changed map[string]any // the values that were masked, nil while none was
		for k, v := range x {
			if mv, ok := m.masked(v); ok {
				if changed == nil {
					changed = map[string]any{}
				}
				changed[k] = mv
			}
		}
		if changed == nil {
			return x, false
		}
		out := maps.Clone(x)
		maps.Copy(out, changed)
		return out, true
	}
	out := make(map[string]any, len(x))
	for _, k := range sortedKeys(x) {
		mk := m.text(k)
		for n := 2; ; n++ {
			if _, taken := out[mk]; !taken {
				break
			}
			mk = m.text(m.text(k) + "#" + strconv.Itoa(n))
		}
		out[mk] = m.value(x[k])
	}
	return out, true
}
