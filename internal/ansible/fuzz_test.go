package ansible

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fuzzModule has every option feature plus a no_log password, and echoes
// its parameters into Data, the message and a warning.
func fuzzModule() Module[map[string]any] {
	spec := richSpec().Merge(Spec{Options: map[string]Option{"password": {NoLog: true}}})
	m := echoModule(spec)
	inner := m.Run
	m.Run = func(ctx context.Context, env *Env, p map[string]any) (*Result, error) {
		res, err := inner(ctx, env, p)
		b, _ := json.Marshal(p)
		env.Warn(string(b))
		res.Msg = string(b)
		return res, err
	}
	return m
}

// FuzzExecute checks the protocol invariants for arbitrary argument files:
// exactly one JSON object with a boolean "changed" and an "invocation", an
// exit code that agrees with "failed", and no trace of the password.
func FuzzExecute(f *testing.F) {
	f.Add([]byte(`{"name": "a", "password": "hunter22", "_ansible_diff": true}`))
	f.Add([]byte(`{"cn": 1, "count": "x", "items": [{"k": "a", "n": "1"}], "password": "p4ss"}`))
	f.Add([]byte(`{"name": "a", "conf": "x=1 secret=abc", "tags": "a,b"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	m := fuzzModule()
	f.Fuzz(func(t *testing.T, args []byte) {
		out, code := execute(t.Context(), args, m.program(), fakeSystem(nil))
		require.True(t, bytes.HasSuffix(out, []byte("\n")))
		v, err := decodeJSON(out)
		require.NoError(t, err, "one JSON document: %s", out)
		res, ok := v.(map[string]any)
		require.True(t, ok, "a JSON object: %s", out)
		require.IsType(t, true, res["changed"])
		require.Contains(t, res, "invocation")
		assert.Equal(t, res["failed"] == true, code == 1, "exit code %d agrees with failed", code)
		assert.Contains(t, []int{0, 1}, code)
		if secret := fuzzPassword(args); secret != "" {
			assertNoSecret(t, res, secret)
		}
	})
}

// fuzzPassword returns the maskable password the arguments carry, if any.
func fuzzPassword(args []byte) string {
	p, err := decodeObject(args)
	if err != nil {
		return ""
	}
	s, ok := p["password"].(string)
	if !ok || !maskable(s) {
		return ""
	}
	return s
}

func assertNoSecret(t *testing.T, v any, secret string) {
	t.Helper()
	switch x := v.(type) {
	case string:
		assert.NotContains(t, x, secret)
	case json.Number:
		assert.NotContains(t, string(x), secret)
	case []any:
		for _, e := range x {
			assertNoSecret(t, e, secret)
		}
	case map[string]any:
		for k, e := range x {
			assert.False(t, strings.Contains(k, secret), "key %q holds the secret", k)
			assertNoSecret(t, e, secret)
		}
	}
}
