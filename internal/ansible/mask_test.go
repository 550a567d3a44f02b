package ansible

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMaskable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		in   string
		want bool
	}{
		{desc: "empty", in: "", want: false},
		{desc: "two characters", in: "ab", want: false},
		{desc: "two characters padded", in: "  ab  ", want: false},
		{desc: "three characters", in: "abc", want: true},
		{desc: "three runes", in: "äöü", want: true},
		{desc: "boolean word", in: "True", want: false},
		{desc: "yes", in: "YES", want: false},
		{desc: "null", in: "null", want: false},
		{desc: "only stars", in: "*****", want: false},
		{desc: "stars and more", in: "**x", want: true},
		{desc: "a real password", in: "S3cr3tPW", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, maskable(tt.in))
		})
	}
}

func TestMasker_value(t *testing.T) {
	t.Parallel()
	m := newMasker([]string{"hunter2", "hunter22", "no", "", "12345"})
	in := map[string]any{
		"msg":          "pw hunter22 and hunter2, no masking of no",
		"hunter2-key":  []any{"x hunter2", map[string]any{"deep": "hunter22hunter2"}},
		"pin":          json.Number("123456"),
		"other_number": json.Number("42"),
		"flag":         true,
		"nothing":      nil,
	}
	want := map[string]any{
		"msg":          "pw ******** and ********, no masking of no",
		"********-key": []any{"x ********", map[string]any{"deep": "****************"}},
		"pin":          "********",
		"other_number": json.Number("42"),
		"flag":         true,
		"nothing":      nil,
	}
	assert.Equal(t, want, m.value(in))
}

func TestMasker_keyCollision(t *testing.T) {
	t.Parallel()
	m := newMasker([]string{"alpha", "beta1"})
	got := m.value(map[string]any{"k-alpha": 1, "k-beta1": 2, "k-********": 3})
	assert.Equal(t, map[string]any{"k-********": 3, "k-********#2": 1, "k-********#3": 2}, got)
}

func TestMasker_joinedSecret(t *testing.T) {
	t.Parallel()
	// Masking "abcd" in "xabcd" leaves "x********", which contains the
	// other secret; masking repeats until no secret is left.
	m := newMasker([]string{"abcd", "x****"})
	assert.Equal(t, strings.Repeat("*", 12), m.text("xabcd"))
}

func TestMasker_pathologicalSecretMasksTheWholeString(t *testing.T) {
	t.Parallel()
	// Each pass uncovers one more "a**"; rather than loop for as long as
	// the string, the masker gives up and masks everything.
	m := newMasker([]string{"a**"})
	assert.Equal(t, maskText, m.text("keep "+strings.Repeat("a", 50)+"**"))
	assert.Equal(t, "keep b********", m.text("keep ba**"), "ordinary cases stay precise")
}

func TestMasker_invalidUTF8Secret(t *testing.T) {
	t.Parallel()
	// The output is normalised (invalid bytes become U+FFFD), so secrets
	// are normalised the same way.
	m := newMasker([]string{"se\xffcret"})
	assert.Equal(t, "[********]", m.text("[se\uFFFDcret]"))
}

// secretModule fails or succeeds while echoing its secrets in every place
// an output can hold text.
func secretModule() Module[map[string]any] {
	return Module[map[string]any]{
		Name: "secretive", SupportsCheckMode: true, SupportsDiff: true,
		Spec: Spec{Options: map[string]Option{
			"password": {NoLog: true, Aliases: []string{"pass"}},
			"token":    {NoLog: true, EnvFallback: []string{"SECRET_TOKEN"}},
			"keys":     {Type: TypeList, NoLog: true},
			"pin":      {Type: TypeInt, NoLog: true},
			"user":     {},
			"mode":     {Choices: []any{"fail", "ok", "panic"}, Default: "ok"},
			"creds": {Type: TypeList, Elements: TypeDict, Options: map[string]Option{
				"name": {}, "secret": {NoLog: true},
			}},
			"strict": {Type: TypeBool, NoLog: true},
		}},
		Run: runSecretive,
	}
}

func runSecretive(_ context.Context, env *Env, p map[string]any) (*Result, error) {
	all := fmt.Sprintf("pw=%v token=%v keys=%v pin=%v creds=%v", p["password"], p["token"], p["keys"], p["pin"], p["creds"])
	env.AddSecret("runtime-token-XYZ")
	env.Tracef("trace %s runtime-token-XYZ", all)
	env.Warn("warn " + all)
	res := &Result{
		Changed:  true,
		Msg:      "msg " + all,
		Warnings: []string{"result warning runtime-token-XYZ"},
		Diff: &Diff{Before: map[string]any{"nested": []any{map[string]any{"pw": p["password"]}}},
			After: "after " + all, BeforeHeader: fmt.Sprint(p["token"])},
		Data: map[string]any{"echo": all, fmt.Sprint(p["password"]): "as a key", "pin": p["pin"]},
	}
	switch p["mode"] {
	case "fail":
		return res, &apiError{status: 401, desc: "bad login " + all}
	case "panic":
		panic("panic " + all)
	}
	return res, nil
}

func TestExecute_masking(t *testing.T) {
	t.Parallel()
	secrets := []string{"Pa55word", "env-token-1", "key-one", "key-two", "987654", "cred-secret", "runtime-token-XYZ"}
	base := `"password": "Pa55word", "keys": "key-one,key-two", "pin": "987654", "user": "bob",
		"creds": [{"name": "c1", "secret": "cred-secret"}], "_ansible_diff": true, "_ansible_verbosity": 3`
	tests := []struct {
		desc string
		args string
	}{
		{desc: "success", args: `{` + base + `}`},
		{desc: "error with details", args: `{"mode": "fail", ` + base + `}`},
		{desc: "panic", args: `{"mode": "panic", ` + base + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			r := runModule(t, secretModule(), tt.args, map[string]string{"SECRET_TOKEN": "env-token-1"})
			for _, s := range secrets {
				assert.NotContains(t, string(r.raw), s)
			}
			assert.Contains(t, string(r.raw), "bob", "non-secret values stay")
			assert.Contains(t, string(r.raw), "********")
			assert.Equal(t, map[string]any{
				"password": noLogPlaceholder, "token": noLogPlaceholder, "keys": noLogPlaceholder, "pin": noLogPlaceholder,
				"user": "bob", "mode": r.moduleArgs()["mode"], "strict": nil,
				"creds": []any{map[string]any{"name": "c1", "secret": noLogPlaceholder}},
			}, r.moduleArgs())
		})
	}
}

func TestExecute_maskingPlaces(t *testing.T) {
	t.Parallel()
	r := runModule(t, secretModule(), `{"password": "Pa55word", "mode": "fail", "_ansible_diff": true, "_ansible_verbosity": 3}`, nil)
	assert.Equal(t, "api: 401: bad login pw=******** token=<nil> keys=<nil> pin=<nil> creds=<nil>", r.msg(), "error message")
	assert.Equal(t, "bad login pw=******** token=<nil> keys=<nil> pin=<nil> creds=<nil>", r.out["scm_description"], "details")
	assert.Equal(t, "as a key", r.out["********"], "map key")
	diff, ok := r.out["diff"].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, map[string]any{"nested": []any{map[string]any{"pw": "********"}}}, diff["before"], "nested diff")
	assert.Equal(t, []any{"trace pw=******** token=<nil> keys=<nil> pin=<nil> creds=<nil> ********"}, r.out["trace"])
	assert.Equal(t, []any{"warn pw=******** token=<nil> keys=<nil> pin=<nil> creds=<nil>", "result warning ********"}, r.out["warnings"])
}

func TestExecute_maskingValidationErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc     string
		args     string
		wantMsg  string
		wantArgs map[string]any
	}{
		{desc: "secret echoed by a type error", args: `{"strict": "hunter22"}`,
			wantMsg:  "argument 'strict' is of type <class 'str'> and we were unable to convert to bool: The value '********' is not a valid boolean.  " + boolHelp,
			wantArgs: map[string]any{"strict": noLogPlaceholder}},
		{desc: "secret under an alias, shown raw on failure", args: `{"pass": "hunter22", "bogus": 1}`,
			wantMsg:  "Unsupported parameters for (secretive) module: bogus. Supported parameters include: creds, keys, mode, password, pin, strict, token, user (pass).",
			wantArgs: map[string]any{"pass": noLogPlaceholder, "bogus": 1.0}},
		{desc: "sub-option secret in an unparsable element", args: `{"creds": ["secret=hunter22 junk"]}`,
			wantMsg:  "Elements value for option 'creds' is of type <class 'str'> and we were unable to convert to dict: dictionary update sequence element #1 has length 1; 2 is required",
			wantArgs: map[string]any{"creds": []any{noLogPlaceholder}}},
		{desc: "secret in a bad choice", args: `{"password": "hunter22", "mode": "hunter22"}`,
			wantMsg:  "value of mode must be one of: fail, ok, panic, got: ********",
			wantArgs: map[string]any{"password": noLogPlaceholder, "mode": "********"}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			r := runModule(t, secretModule(), tt.args, nil)
			assert.Equal(t, tt.wantMsg, r.msg())
			assert.Equal(t, tt.wantArgs, r.moduleArgs())
			assert.NotContains(t, string(r.raw), "hunter22")
		})
	}
}

func TestExecute_shortSecretsAreNotMasked(t *testing.T) {
	t.Parallel()
	m := resultModule(&Result{Msg: "x is set: true"}, nil)
	r := runModule(t, m, `{"password": "x"}`, nil)
	assert.Equal(t, "x is set: true", r.msg())
	assert.Equal(t, map[string]any{"password": noLogPlaceholder, "name": nil}, r.moduleArgs())
}

func TestExecute_defaultOfNoLogOptionIsSecret(t *testing.T) {
	t.Parallel()
	m := Module[map[string]any]{
		Name: "dflt",
		Spec: Spec{Options: map[string]Option{"key": {NoLog: true, Default: "default-key"}}},
		Run: func(context.Context, *Env, map[string]any) (*Result, error) {
			return nil, errors.New("cannot use default-key")
		},
	}
	r := runModule(t, m, `{}`, nil)
	assert.Equal(t, "cannot use ********", r.msg())
}

func FuzzMask(f *testing.F) {
	f.Add("the password is hunter22", "hunter22")
	f.Add("xabcd", "abcd")
	f.Add("a\xffb", "a\xffb")
	f.Add("****x***", "**x")
	f.Add("no secrets here", "ab")
	f.Fuzz(func(t *testing.T, text, secret string) {
		norm, err := normalize(map[string]any{text: []any{text}})
		require.NoError(t, err)
		m := newMasker([]string{secret})
		got := m.value(norm)
		b, err := marshal(got)
		require.NoError(t, err)
		s := validUTF8(secret)
		var back map[string][]string
		require.NoError(t, json.Unmarshal(b, &back))
		require.Len(t, back, 1)
		for k, v := range back {
			if maskable(s) {
				assert.NotContains(t, k, s)
				assert.NotContains(t, v[0], s)
			}
			if !maskable(s) || !strings.Contains(validUTF8(text), s) {
				assert.Equal(t, validUTF8(text), v[0], "text without the secret is unchanged")
			}
		}
	})
}

func TestMasker_mayMask(t *testing.T) {
	t.Parallel()
	raw := map[string]json.RawMessage{"domains": json.RawMessage(`[{"name":"a.example","note":"say \"hi\""}]`)}
	for _, tc := range []struct {
		desc    string
		secrets []string
		raw     map[string]json.RawMessage
		want    bool
	}{
		{desc: "no secrets", raw: raw, want: false},
		{desc: "a secret that is not there", secrets: []string{"hunter22"}, raw: raw, want: false},
		{desc: "a secret in a value", secrets: []string{"a.example"}, raw: raw, want: true},
		{desc: "a secret in a key", secrets: []string{"domains"}, raw: raw, want: true},
		{desc: "a secret encoded otherwise: a quote", secrets: []string{`y "hi`}, raw: raw, want: true},
		{desc: "a secret encoded otherwise: a backslash", secrets: []string{`back\slash`}, raw: raw, want: true},
		{desc: "a secret encoded otherwise: invalid UTF-8", secrets: []string{"se\xffcret"}, raw: raw, want: true},
		{desc: "a secret encoded otherwise: a line separator", secrets: []string{"ab\u2028cd"}, raw: raw, want: true},
		{desc: "a short secret is never masked", secrets: []string{"a."}, raw: raw, want: false},
	} {
		assert.Equal(t, tc.want, newMasker(tc.secrets).mayMask(tc.raw), tc.desc)
	}
}

// A result without secrets is written from its encoding; one with a secret anywhere in it, in any
// encoding, is still masked.
func TestExecute_dataWrittenAsEncodedOnlyWithoutSecrets(t *testing.T) {
	t.Parallel()
	rows := make([]any, 50)
	for i := range rows {
		rows[i] = map[string]any{"id": i, "name": fmt.Sprintf("d%d.example", i), "tags": []string{"x", "y"}, "none": nil}
	}
	clean := resultModule(&Result{Data: map[string]any{"domains": rows}}, nil)
	r := runModule(t, clean, `{"password": "Pa55word"}`, nil)
	b, err := json.Marshal(rows)
	require.NoError(t, err)
	var want any
	require.NoError(t, json.Unmarshal(b, &want))
	assert.Equal(t, want, r.out["domains"])

	for _, secret := range []string{"Pa55word", `Pa"55\word`, "Pa\u202855word", "Pa\xff55word"} {
		leaky := resultModule(&Result{Data: map[string]any{"domains": []any{map[string]any{"note": "is " + secret + "!",
			secret: 1}}}}, nil)
		args, err := json.Marshal(map[string]string{"password": secret})
		require.NoError(t, err)
		r := runModule(t, leaky, string(args), nil)
		assert.Equal(t, []any{map[string]any{"note": "is ********!", "********": 1.0}}, r.out["domains"], "%q", secret)
	}
}

func FuzzRenderData(f *testing.F) {
	f.Add("the password is hunter22", "hunter22")
	f.Add(`say "hunter22"`, `r22"`)
	f.Add("a\xffb", "a\xffb")
	f.Add("x\u2028yz", "\u2028yz")
	f.Add("no secrets here", "abc")
	f.Fuzz(func(t *testing.T, text, secret string) {
		r := &response{data: map[string]any{"v": []any{text, map[string]any{text: text}}}}
		out, _ := r.render(&Env{}, []string{secret}, false)
		var back struct {
			V []any `json:"v"`
		}
		require.NoError(t, json.Unmarshal(out, &back))
		s := validUTF8(secret)
		if !maskable(s) {
			return
		}
		require.Len(t, back.V, 2)
		assert.NotContains(t, back.V[0], s)
		for k, v := range back.V[1].(map[string]any) {
			assert.NotContains(t, k, s)
			assert.NotContains(t, v, s)
		}
	})
}
