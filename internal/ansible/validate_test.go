package ansible

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// richSpec exercises every option feature at once.
func richSpec() Spec {
	return Spec{Options: map[string]Option{
		"name":    {Required: true, Aliases: []string{"domain", "cn"}},
		"count":   {Type: TypeInt, Default: 1},
		"ratio":   {Type: TypeFloat},
		"enabled": {Type: TypeBool},
		"state":   {Choices: []any{"present", "absent"}, Default: "present"},
		"answer":  {Choices: []any{"yes", "no", "maybe"}},
		"size":    {Type: TypeInt, Choices: []any{1, 2, 3}},
		"tags":    {Type: TypeList, Elements: TypeStr, Choices: []any{"a", "b", "c"}},
		"ports":   {Type: TypeList, Elements: TypeInt},
		"labels":  {Type: TypeDict},
		"dest":    {Type: TypePath, Default: "~/out"},
		"extra":   {Type: TypeRaw},
		"token":   {NoLog: true, EnvFallback: []string{"TEST_TOKEN", "TEST_TOKEN_OLD"}},
		"conf": {Type: TypeDict, Options: map[string]Option{
			"x":      {Type: TypeInt, Required: true},
			"y":      {Aliases: []string{"yy"}, Default: "dflt"},
			"z":      {},
			"secret": {NoLog: true},
		}, MutuallyExclusive: [][]string{{"z", "secret"}}},
		"items": {Type: TypeList, Elements: TypeDict, Options: map[string]Option{
			"k":    {Required: true},
			"n":    {Type: TypeInt},
			"mode": {Choices: []any{"r", "w"}},
		}, RequiredIf: []RequiredIf{{Key: "mode", Value: "w", Requirements: []string{"n"}}}},
	}}
}

func TestExecute_validation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc     string
		args     string
		env      map[string]string
		wantErr  string         // the failure msg; "" means success
		wantArgs map[string]any // a subset of invocation.module_args
	}{
		{desc: "minimal args get defaults and nulls", args: `{"name": "a"}`,
			wantArgs: map[string]any{"name": "a", "count": 1.0, "state": "present", "dest": "/home/tester/out",
				"ratio": nil, "conf": nil, "items": nil, "token": nil}},
		{desc: "coercion of every type", args: `{"name": 5, "count": "7", "ratio": "2.5", "enabled": "yes",
			"tags": "a,b", "ports": ["80", 443.0], "labels": "k=v", "dest": "$HOME/x", "extra": [1, "x"]}`,
			env: map[string]string{"HOME": "/h"},
			wantArgs: map[string]any{"name": "5", "count": 7.0, "ratio": 2.5, "enabled": true, "tags": []any{"a", "b"},
				"ports": []any{80.0, 443.0}, "labels": map[string]any{"k": "v"}, "dest": "/h/x", "extra": []any{1.0, "x"}}},
		{desc: "alias", args: `{"domain": "example.com"}`, wantArgs: map[string]any{"name": "example.com"}},
		{desc: "alias and name with equal values", args: `{"domain": "a", "name": "a"}`, wantArgs: map[string]any{"name": "a"}},
		{desc: "alias and name with different values", args: `{"domain": "a", "name": "b"}`,
			wantErr: "both option name and its alias domain are set, to different values"},
		{desc: "two aliases with different values", args: `{"cn": "a", "domain": "b"}`,
			wantErr: "both aliases domain and cn of option name are set, to different values"},
		{desc: "null means not given", args: `{"name": "a", "state": null, "count": null}`,
			wantArgs: map[string]any{"state": "present", "count": 1.0}},
		{desc: "null for a required option", args: `{"name": null}`, wantErr: "missing required arguments: name"},
		{desc: "missing required", args: `{}`, wantErr: "missing required arguments: name"},
		{desc: "env fallback, first set variable wins", args: `{"name": "a"}`,
			env: map[string]string{"TEST_TOKEN_OLD": "old-token", "TEST_TOKEN": "new-token"}, wantArgs: map[string]any{"token": noLogPlaceholder}},
		{desc: "env fallback even when empty", args: `{"name": "a"}`, env: map[string]string{"TEST_TOKEN": ""},
			wantArgs: map[string]any{"token": noLogPlaceholder}},
		{desc: "given value beats env fallback", args: `{"name": "a", "token": "given-token"}`,
			env: map[string]string{"TEST_TOKEN": "env-token"}, wantArgs: map[string]any{"token": noLogPlaceholder}},
		{desc: "unknown options, sorted, aliases listed apart", args: `{"name": "a", "zeta": 1, "alpha": 2}`,
			wantErr: "Unsupported parameters for (echo) module: alpha, zeta. Supported parameters include: " +
				"answer, conf, count, dest, enabled, extra, items, labels, name, ports, ratio, size, state, tags, token (cn, domain)."},
		{desc: "unknown sub-option", args: `{"name": "a", "items": [{"k": "x", "bogus": 1}]}`,
			wantErr: "Unsupported parameters for (echo) module: items.bogus. Supported parameters include: k, mode, n."},
		{desc: "unknown option named after the controller", args: `{"name": "a", "_ansible_check_mode": false, "x": 1}`,
			wantErr: "Unsupported parameters for (echo) module: x. Supported parameters include: " +
				"answer, conf, count, dest, enabled, extra, items, labels, name, ports, ratio, size, state, tags, token (cn, domain)."},
		{desc: "other errors come before unsupported ones", args: `{"zeta": 1}`, wantErr: "missing required arguments: name"},
		{desc: "bad int", args: `{"name": "a", "count": "abc"}`,
			wantErr: "argument 'count' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int"},
		{desc: "bad bool", args: `{"name": "a", "enabled": "maybe"}`,
			wantErr: "argument 'enabled' is of type <class 'str'> and we were unable to convert to bool: The value 'maybe' is not a valid boolean.  " + boolHelp},
		{desc: "bad float", args: `{"name": "a", "ratio": [1]}`,
			wantErr: "argument 'ratio' is of type <class 'list'> and we were unable to convert to float: <class 'list'> cannot be converted to a float"},
		{desc: "bad list", args: `{"name": "a", "ports": {"a": 1}}`,
			wantErr: "argument 'ports' is of type <class 'dict'> and we were unable to convert to list: <class 'dict'> cannot be converted to a list"},
		{desc: "bad dict", args: `{"name": "a", "labels": "nothing"}`,
			wantErr: "argument 'labels' is of type <class 'str'> and we were unable to convert to dict: dictionary requested, could not parse JSON or key=value"},
		{desc: "bad element", args: `{"name": "a", "ports": [80, "http"]}`,
			wantErr: "Elements value for option 'ports' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int"},
		{desc: "bad choice", args: `{"name": "a", "state": "gone"}`, wantErr: "value of state must be one of: present, absent, got: gone"},
		{desc: "int choice matches after coercion", args: `{"name": "a", "size": "2"}`, wantArgs: map[string]any{"size": 2.0}},
		{desc: "bad int choice", args: `{"name": "a", "size": 4}`, wantErr: "value of size must be one of: 1, 2, 3, got: 4"},
		{desc: "list choices", args: `{"name": "a", "tags": ["a", "x", "y"]}`,
			wantErr: "value of tags must be one or more of: a, b, c. Got no match for: x, y"},
		{desc: "YAML no read as a bool maps back to the choice", args: `{"name": "a", "answer": false}`, wantArgs: map[string]any{"answer": "no"}},
		{desc: "YAML yes read as a bool maps back to the choice", args: `{"name": "a", "answer": "True"}`, wantArgs: map[string]any{"answer": "yes"}},
		{desc: "dict sub-options validated with defaults", args: `{"name": "a", "conf": {"x": "3", "yy": "b"}}`,
			wantArgs: map[string]any{"conf": map[string]any{"x": 3.0, "y": "b", "z": nil, "secret": nil}}},
		{desc: "dict sub-options from a key=value string", args: `{"name": "a", "conf": "x=4"}`,
			wantArgs: map[string]any{"conf": map[string]any{"x": 4.0, "y": "dflt", "z": nil, "secret": nil}}},
		{desc: "no defaults inside an unset dict", args: `{"name": "a"}`, wantArgs: map[string]any{"conf": nil}},
		{desc: "required sub-option", args: `{"name": "a", "conf": {"y": "b"}}`, wantErr: "missing required arguments: x found in conf"},
		{desc: "sub-option type error", args: `{"name": "a", "conf": {"x": "zz"}}`,
			wantErr: "argument 'x' is of type <class 'str'> found in 'conf'. and we were unable to convert to int: <class 'str'> cannot be converted to an int"},
		{desc: "sub-option mutually exclusive", args: `{"name": "a", "conf": {"x": 1, "z": "1", "secret": "s3cr3t"}}`,
			wantErr: "parameters are mutually exclusive: z|secret found in conf"},
		{desc: "list of dicts: required in an element", args: `{"name": "a", "items": [{"k": "a"}, {"n": 1}]}`,
			wantErr: "missing required arguments: k found in items"},
		{desc: "list of dicts: choice in an element", args: `{"name": "a", "items": [{"k": "a", "mode": "x"}]}`,
			wantErr: "value of mode must be one of: r, w, got: x found in items"},
		{desc: "list of dicts: required_if in an element", args: `{"name": "a", "items": [{"k": "a", "mode": "w"}]}`,
			wantErr: "mode is w but all of the following are missing: n found in items"},
		{desc: "list of dicts: element not a dict", args: `{"name": "a", "items": [{"k": "a"}, "junk"]}`,
			wantErr: "Elements value for option 'items' is of type <class 'str'> and we were unable to convert to dict: dictionary requested, could not parse JSON or key=value"},
		{desc: "list of dicts: elements normalised", args: `{"name": "a", "items": [{"k": "a", "n": "2"}]}`,
			wantArgs: map[string]any{"items": []any{map[string]any{"k": "a", "n": 2.0, "mode": nil}}}},
	}
	m := echoModule(richSpec())
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			r := runModule(t, m, tt.args, tt.env)
			if tt.wantErr != "" {
				assert.Equal(t, true, r.out["failed"])
				assert.Equal(t, tt.wantErr, r.msg())
				return
			}
			require.NotContains(t, r.out, "failed", "unexpected failure: %s", r.msg())
			args := r.moduleArgs()
			for k, want := range tt.wantArgs {
				assert.Equal(t, want, args[k], "module_args[%q]", k)
			}
		})
	}
}

func TestExecute_aliasWarning(t *testing.T) {
	t.Parallel()
	r := runModule(t, echoModule(richSpec()), `{"name": "a", "domain": "a", "conf": {"x": 1, "y": "v", "yy": "v"}}`, nil)
	assert.Equal(t, []any{"Both option name and its alias domain are set.", "Both option conf.y and its alias conf.yy are set."},
		r.out["warnings"])
}

func TestExecute_constraints(t *testing.T) {
	t.Parallel()
	opts := map[string]Option{"a": {}, "b": {}, "c": {}, "d": {Default: "x"}, "state": {Default: "present"}, "flag": {Type: TypeBool}}
	tests := []struct {
		desc    string
		spec    Spec
		args    string
		wantErr string
	}{
		{desc: "mutually exclusive", spec: Spec{MutuallyExclusive: [][]string{{"a", "b"}, {"a", "c"}}},
			args: `{"a": 1, "b": 2, "c": 3}`, wantErr: "parameters are mutually exclusive: a|b, a|c"},
		{desc: "mutually exclusive ignores defaults", spec: Spec{MutuallyExclusive: [][]string{{"a", "d"}}}, args: `{"a": 1}`},
		{desc: "mutually exclusive ignores nulls", spec: Spec{MutuallyExclusive: [][]string{{"a", "b"}}}, args: `{"a": 1, "b": null}`},
		{desc: "required together", spec: Spec{RequiredTogether: [][]string{{"a", "b"}}},
			args: `{"a": 1}`, wantErr: "parameters are required together: a, b"},
		{desc: "required together satisfied", spec: Spec{RequiredTogether: [][]string{{"a", "b"}}}, args: `{"a": 1, "b": 2}`},
		{desc: "required together, none given", spec: Spec{RequiredTogether: [][]string{{"a", "b"}}}, args: `{}`},
		{desc: "required one of", spec: Spec{RequiredOneOf: [][]string{{"a", "b"}}},
			args: `{"c": 1}`, wantErr: "one of the following is required: a, b"},
		{desc: "required one of satisfied by a default", spec: Spec{RequiredOneOf: [][]string{{"a", "d"}}}, args: `{}`},
		{desc: "required if, all", spec: Spec{RequiredIf: []RequiredIf{{Key: "state", Value: "present", Requirements: []string{"a", "b"}}}},
			args: `{"a": 1}`, wantErr: "state is present but all of the following are missing: b"},
		{desc: "required if triggered by a default", spec: Spec{RequiredIf: []RequiredIf{{Key: "state", Value: "present", Requirements: []string{"a"}}}},
			args: `{}`, wantErr: "state is present but all of the following are missing: a"},
		{desc: "required if, any", spec: Spec{RequiredIf: []RequiredIf{{Key: "state", Value: "present", Requirements: []string{"a", "b"}, AnyOf: true}}},
			args: `{}`, wantErr: "state is present but any of the following are missing: a, b"},
		{desc: "required if, any satisfied", spec: Spec{RequiredIf: []RequiredIf{{Key: "state", Value: "present", Requirements: []string{"a", "b"}, AnyOf: true}}},
			args: `{"b": 1}`},
		{desc: "required if, other value", spec: Spec{RequiredIf: []RequiredIf{{Key: "state", Value: "absent", Requirements: []string{"a"}}}},
			args: `{}`},
		{desc: "required if on a coerced bool", spec: Spec{RequiredIf: []RequiredIf{{Key: "flag", Value: true, Requirements: []string{"c"}}}},
			args: `{"flag": "yes"}`, wantErr: "flag is True but all of the following are missing: c"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			spec := tt.spec
			spec.Options = opts
			r := runModule(t, echoModule(spec), tt.args, nil)
			if tt.wantErr == "" {
				assert.NotContains(t, r.out, "failed", r.msg())
				return
			}
			assert.Equal(t, tt.wantErr, r.msg())
		})
	}
}

// A typed parameter struct: ints arrive as ints, pointers stay nil when the
// option was not given, nested dicts decode into structs.
type typedParams struct {
	Name    string   `json:"name"`
	Count   int      `json:"count"`
	Enabled *bool    `json:"enabled"`
	Ratio   *float64 `json:"ratio"`
	Tags    []string `json:"tags"`
	Conf    *struct {
		X int    `json:"x"`
		Y string `json:"y"`
	} `json:"conf"`
}

func TestExecute_decodesIntoStruct(t *testing.T) {
	t.Parallel()
	var got typedParams
	m := Module[typedParams]{
		Name: "typed",
		Spec: Spec{Options: map[string]Option{
			"name": {Required: true}, "count": {Type: TypeInt, Default: 2}, "enabled": {Type: TypeBool},
			"ratio": {Type: TypeFloat}, "tags": {Type: TypeList, Elements: TypeStr},
			"conf": {Type: TypeDict, Options: map[string]Option{"x": {Type: TypeInt}, "y": {Default: "d"}}},
		}},
		Run: func(_ context.Context, _ *Env, p typedParams) (*Result, error) {
			got = p
			return &Result{}, nil
		},
	}
	r := runModule(t, m, `{"name": "n", "enabled": "no", "tags": "a,b", "conf": {"x": "5"}}`, nil)
	require.NotContains(t, r.out, "failed", r.msg())
	assert.Equal(t, "n", got.Name)
	assert.Equal(t, 2, got.Count)
	require.NotNil(t, got.Enabled)
	assert.False(t, *got.Enabled)
	assert.Nil(t, got.Ratio, "unset option without default stays nil")
	assert.Equal(t, []string{"a", "b"}, got.Tags)
	require.NotNil(t, got.Conf)
	assert.Equal(t, 5, got.Conf.X)
	assert.Equal(t, "d", got.Conf.Y)
}

func TestExecute_specOptionMissingFromStruct(t *testing.T) {
	t.Parallel()
	m := Module[struct {
		Name string `json:"name"`
	}]{
		Name: "short",
		Spec: Spec{Options: map[string]Option{"name": {}, "other": {}}},
		Run: func(context.Context, *Env, struct {
			Name string `json:"name"`
		}) (*Result, error) {
			return &Result{}, nil
		},
	}
	r := runModule(t, m, `{"name": "n"}`, nil)
	assert.Contains(t, r.msg(), `internal error: cannot decode the parameters into struct { Name string "json:\"name\"" }: json: unknown field "other"`)
}
