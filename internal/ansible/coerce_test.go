package ansible

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCoerce(t *testing.T) {
	t.Parallel()
	const notBool = "The value '%s' is not a valid boolean.  " + boolHelp
	tests := []struct {
		desc    string
		typ     Type
		in      string // a JSON value, decoded as the runtime decodes arguments
		want    any
		wantErr string
	}{
		{desc: "str from str", typ: TypeStr, in: `"x"`, want: "x"},
		{desc: "empty type is str", typ: "", in: `7`, want: "7"},
		{desc: "str from int", typ: TypeStr, in: `42`, want: "42"},
		{desc: "str from float prints like Python", typ: TypeStr, in: `1.50`, want: "1.5"},
		{desc: "str from integral float keeps .0", typ: TypeStr, in: `1.0`, want: "1.0"},
		{desc: "str from big float uses exponent", typ: TypeStr, in: `1e16`, want: "1e+16"},
		{desc: "str from bool prints like Python", typ: TypeStr, in: `true`, want: "True"},
		{desc: "str refuses a list", typ: TypeStr, in: `[1]`, wantErr: "<class 'list'> cannot be converted to a str"},
		{desc: "str refuses null", typ: TypeStr, in: `null`, wantErr: "<class 'NoneType'> cannot be converted to a str"},

		{desc: "int from int", typ: TypeInt, in: `42`, want: int64(42)},
		{desc: "int from numeric string", typ: TypeInt, in: `" -7 "`, want: int64(-7)},
		{desc: "int from integral float", typ: TypeInt, in: `3.0`, want: int64(3)},
		{desc: "int from exponent literal", typ: TypeInt, in: `1e3`, want: int64(1000)},
		{desc: "int refuses a fraction", typ: TypeInt, in: `1.5`, wantErr: "<class 'float'> cannot be converted to an int"},
		{desc: "int refuses words", typ: TypeInt, in: `"abc"`, wantErr: "<class 'str'> cannot be converted to an int"},
		{desc: "int refuses a float string", typ: TypeInt, in: `"1.0"`, wantErr: "<class 'str'> cannot be converted to an int"},
		{desc: "int refuses a bool", typ: TypeInt, in: `true`, wantErr: "<class 'bool'> cannot be converted to an int"},
		{desc: "int refuses overflow", typ: TypeInt, in: `99999999999999999999`, wantErr: "<class 'int'> cannot be converted to an int"},

		{desc: "float from float", typ: TypeFloat, in: `1.5`, want: 1.5},
		{desc: "float from int", typ: TypeFloat, in: `3`, want: 3.0},
		{desc: "float from string", typ: TypeFloat, in: `"1e3"`, want: 1000.0},
		{desc: "float refuses nan", typ: TypeFloat, in: `"nan"`, wantErr: "<class 'str'> cannot be converted to a float"},
		{desc: "float refuses inf", typ: TypeFloat, in: `"inf"`, wantErr: "<class 'str'> cannot be converted to a float"},
		{desc: "float refuses Go hex syntax", typ: TypeFloat, in: `"0x1p4"`, wantErr: "<class 'str'> cannot be converted to a float"},
		{desc: "float refuses a bool", typ: TypeFloat, in: `false`, wantErr: "<class 'bool'> cannot be converted to a float"},

		{desc: "bool from bool", typ: TypeBool, in: `false`, want: false},
		{desc: "bool from yes", typ: TypeBool, in: `"yes"`, want: true},
		{desc: "bool from ON any case", typ: TypeBool, in: `" ON "`, want: true},
		{desc: "bool from 0 string", typ: TypeBool, in: `"0"`, want: false},
		{desc: "bool from n", typ: TypeBool, in: `"n"`, want: false},
		{desc: "bool from t", typ: TypeBool, in: `"t"`, want: true},
		{desc: "bool from off", typ: TypeBool, in: `"off"`, want: false},
		{desc: "bool from int 1", typ: TypeBool, in: `1`, want: true},
		{desc: "bool from int 0", typ: TypeBool, in: `0`, want: false},
		{desc: "bool from float 1.0", typ: TypeBool, in: `1.0`, want: true},
		{desc: "bool refuses 2", typ: TypeBool, in: `2`, wantErr: fmt.Sprintf(notBool, "2")},
		{desc: "bool refuses maybe", typ: TypeBool, in: `"Maybe"`, wantErr: fmt.Sprintf(notBool, "Maybe")},
		{desc: "bool refuses a list", typ: TypeBool, in: `[]`, wantErr: "<class 'list'> cannot be converted to a bool"},

		{desc: "list from list", typ: TypeList, in: `[1, "a"]`, want: []any{json.Number("1"), "a"}},
		{desc: "list from comma string, untrimmed", typ: TypeList, in: `"a,b, c"`, want: []any{"a", "b", " c"}},
		{desc: "list from empty string", typ: TypeList, in: `""`, want: []any{""}},
		{desc: "list from a number", typ: TypeList, in: `5`, want: []any{"5"}},
		{desc: "list from a bool", typ: TypeList, in: `true`, want: []any{"True"}},
		{desc: "list refuses a dict", typ: TypeList, in: `{}`, wantErr: "<class 'dict'> cannot be converted to a list"},

		{desc: "dict from object", typ: TypeDict, in: `{"a": 1}`, want: map[string]any{"a": json.Number("1")}},
		{desc: "dict from JSON string", typ: TypeDict, in: `"{\"a\": [1]}"`, want: map[string]any{"a": []any{json.Number("1")}}},
		{desc: "dict from key=value string", typ: TypeDict, in: `"a=1 b='x y',c=\"3\" d=e\\ f g=h=i"`,
			want: map[string]any{"a": "1", "b": "x y", "c": "3", "d": "e f", "g": "h=i"}},
		{desc: "dict refuses bad JSON", typ: TypeDict, in: `"{bad"`, wantErr: "unable to evaluate string as dictionary"},
		{desc: "dict refuses plain words", typ: TypeDict, in: `"noeq"`, wantErr: "dictionary requested, could not parse JSON or key=value"},
		{desc: "dict refuses a field without =", typ: TypeDict, in: `"a=1 b"`, wantErr: "dictionary update sequence element #1 has length 1; 2 is required"},
		{desc: "dict refuses an int", typ: TypeDict, in: `3`, wantErr: "<class 'int'> cannot be converted to a dict"},

		{desc: "path expands ~", typ: TypePath, in: `"~/x"`, want: "/home/tester/x"},
		{desc: "path expands ~user", typ: TypePath, in: `"~alice/y"`, want: "/home/alice/y"},
		{desc: "path keeps unknown ~user", typ: TypePath, in: `"~nobody/y"`, want: "~nobody/y"},
		{desc: "path expands $VAR and ${VAR}", typ: TypePath, in: `"$BASE/${SUB}/z"`, want: "/srv/data/z"},
		{desc: "path keeps unset variables", typ: TypePath, in: `"$NOPE/z"`, want: "$NOPE/z"},
		{desc: "path expands vars before ~", typ: TypePath, in: `"$TILDE/q"`, want: "/home/tester/q"},
		{desc: "path from int", typ: TypePath, in: `5`, want: "5"},

		{desc: "raw passes through", typ: TypeRaw, in: `{"a": [true]}`, want: map[string]any{"a": []any{true}}},
		{desc: "unknown type", typ: "bytes", in: `1`, wantErr: `unknown type "bytes"`},
	}
	sys := fakeSystem(map[string]string{"BASE": "/srv", "SUB": "data", "TILDE": "~"})
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			in, err := decodeJSON([]byte(tt.in))
			require.NoError(t, err)
			got, err := coerce(tt.typ, in, sys)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPyFloat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		in   float64
		want string
	}{
		{desc: "zero", in: 0, want: "0.0"},
		{desc: "negative zero", in: math.Copysign(0, -1), want: "-0.0"},
		{desc: "fraction", in: 0.1, want: "0.1"},
		{desc: "small fixed", in: 0.0001, want: "0.0001"},
		{desc: "small exponent", in: 0.00001, want: "1e-05"},
		{desc: "large fixed", in: 1e15, want: "1000000000000000.0"},
		{desc: "large exponent", in: 1.5e16, want: "1.5e+16"},
		{desc: "nan", in: math.NaN(), want: "nan"},
		{desc: "inf", in: math.Inf(-1), want: "-inf"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, pyFloat(tt.in))
		})
	}
}

func TestPyType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		in   any
		want string
	}{
		{desc: "null", in: nil, want: "<class 'NoneType'>"},
		{desc: "int literal", in: json.Number("3"), want: "<class 'int'>"},
		{desc: "float literal", in: json.Number("3e0"), want: "<class 'float'>"},
		{desc: "dict", in: map[string]any{}, want: "<class 'dict'>"},
		{desc: "Go value", in: struct{}{}, want: "<class 'object'>"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, pyType(tt.in))
		})
	}
}

func TestDecodeJSON_rejectsTrailingData(t *testing.T) {
	t.Parallel()
	_, err := decodeJSON([]byte(`{"a": 1} {"b": 2}`))
	require.Error(t, err)
	_, err = decodeJSON([]byte(`{"a": 1} xyz`))
	require.Error(t, err)
	v, err := decodeJSON([]byte(" {\"a\": 1}\n "))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"a": json.Number("1")}, v)
}
