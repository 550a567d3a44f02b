package ansible

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSpec_Merge(t *testing.T) {
	t.Parallel()
	a := Spec{
		Options:           map[string]Option{"name": {Required: true}, "state": {}},
		MutuallyExclusive: [][]string{{"name", "state"}},
		RequiredIf:        []RequiredIf{{Key: "state", Value: "present", Requirements: []string{"name"}}},
	}
	b := Spec{
		Options:       map[string]Option{"scm_url": {EnvFallback: []string{"SCM_URL"}}, "scm_login": {Aliases: []string{"login"}}},
		RequiredOneOf: [][]string{{"scm_url"}},
	}
	got := a.Merge(b)
	assert.Len(t, got.Options, 4)
	assert.Equal(t, []string{"SCM_URL"}, got.Options["scm_url"].EnvFallback)
	assert.Equal(t, a.MutuallyExclusive, got.MutuallyExclusive)
	assert.Equal(t, b.RequiredOneOf, got.RequiredOneOf)
	assert.Equal(t, a.RequiredIf, got.RequiredIf)
	assert.Len(t, a.Options, 2, "the receiver is not modified")
	require.NoError(t, got.Check())
}

func TestSpec_Merge_panicsOnDuplicates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc  string
		other Spec
	}{
		{desc: "same name", other: Spec{Options: map[string]Option{"name": {}}}},
		{desc: "alias equals a name", other: Spec{Options: map[string]Option{"x": {Aliases: []string{"name"}}}}},
		{desc: "same alias", other: Spec{Options: map[string]Option{"y": {Aliases: []string{"n"}}}}},
	}
	base := Spec{Options: map[string]Option{"name": {Aliases: []string{"n"}}}}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Panics(t, func() { base.Merge(tt.other) })
		})
	}
}

func TestSpec_Check(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		spec    Spec
		wantErr string
	}{
		{desc: "valid", spec: richSpec()},
		{desc: "empty", spec: Spec{}},
		{desc: "unknown type", spec: Spec{Options: map[string]Option{"a": {Type: "integer"}}},
			wantErr: `option a: unknown type "integer" or elements ""`},
		{desc: "unknown elements", spec: Spec{Options: map[string]Option{"a": {Type: TypeList, Elements: "json"}}},
			wantErr: `option a: unknown type "list" or elements "json"`},
		{desc: "elements without list", spec: Spec{Options: map[string]Option{"a": {Elements: TypeStr}}},
			wantErr: "option a: elements is only valid with type list"},
		{desc: "options on a str", spec: Spec{Options: map[string]Option{"a": {Options: map[string]Option{"b": {}}}}},
			wantErr: "option a: options need type dict, or type list with elements dict"},
		{desc: "options on a list of str", spec: Spec{Options: map[string]Option{"a": {Type: TypeList, Elements: TypeStr, Options: map[string]Option{}}}},
			wantErr: "option a: options need type dict, or type list with elements dict"},
		{desc: "required with default", spec: Spec{Options: map[string]Option{"a": {Required: true, Default: "x"}}},
			wantErr: "required and default are mutually exclusive for a"},
		{desc: "default of the wrong type", spec: Spec{Options: map[string]Option{"a": {Type: TypeInt, Default: "soon"}}},
			wantErr: "option a: default soon: <class 'str'> cannot be converted to an int"},
		{desc: "default element of the wrong type", spec: Spec{Options: map[string]Option{"a": {Type: TypeList, Elements: TypeInt, Default: []string{"x"}}}},
			wantErr: "option a: default [x]: <class 'str'> cannot be converted to an int"},
		{desc: "default not a choice", spec: Spec{Options: map[string]Option{"a": {Choices: []any{"x"}, Default: "y"}}},
			wantErr: "option a: default y: not one of the choices"},
		{desc: "default string for an int is fine", spec: Spec{Options: map[string]Option{"a": {Type: TypeInt, Default: "30"}}}},
		{desc: "unencodable choice", spec: Spec{Options: map[string]Option{"a": {Choices: []any{func() {}}}}},
			wantErr: "json: unsupported type: func()"},
		{desc: "alias clashes with a name", spec: Spec{Options: map[string]Option{"a": {Aliases: []string{"b"}}, "b": {}}},
			wantErr: `alias "b" of option a is already used by b`},
		{desc: "alias used twice", spec: Spec{Options: map[string]Option{"a": {Aliases: []string{"x"}}, "b": {Aliases: []string{"x"}}}},
			wantErr: `alias "x" of option b is already used by a`},
		{desc: "internal name", spec: Spec{Options: map[string]Option{"_ansible_debug": {}}},
			wantErr: `invalid option name "_ansible_debug"`},
		{desc: "constraint on an unknown option", spec: Spec{Options: map[string]Option{"a": {}}, RequiredTogether: [][]string{{"a", "b"}}},
			wantErr: `a constraint names unknown option "b"`},
		{desc: "required_if on an unknown option", spec: Spec{Options: map[string]Option{"a": {}}, RequiredIf: []RequiredIf{{Key: "a", Requirements: []string{"c"}}}},
			wantErr: `a constraint names unknown option "c"`},
		{desc: "bad sub-option", spec: Spec{Options: map[string]Option{"d": {Type: TypeDict, Options: map[string]Option{"x": {Type: "num"}}}}},
			wantErr: `option d -> x: unknown type "num" or elements ""`},
		{desc: "bad sub-option constraint", spec: Spec{Options: map[string]Option{"d": {Type: TypeDict,
			Options: map[string]Option{"x": {}}, MutuallyExclusive: [][]string{{"x", "y"}}}}},
			wantErr: `a constraint names unknown option "y" found in d`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			err := tt.spec.Check()
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}
