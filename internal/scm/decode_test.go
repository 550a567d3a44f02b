package scm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeJSON_tolerance(t *testing.T) {
	t.Parallel()
	type inner struct {
		N int `json:"n"`
	}
	type target struct {
		ID      int               `json:"id"`
		Name    string            `json:"name"`
		OK      bool              `json:"ok"`
		Ptr     *int              `json:"ptr"`
		Ints    []int             `json:"ints"`
		Map     map[string][]int  `json:"map"`
		Inner   inner             `json:"inner"`
		List    []inner           `json:"list"`
		Strings map[string]string `json:"strings"`
	}
	for _, tc := range []struct {
		desc    string
		in      string
		want    target
		wantErr string
	}{
		{desc: "plain", in: `{"id":1,"name":"a","ok":true}`, want: target{ID: 1, Name: "a", OK: true}},
		{desc: "numbers as strings", in: `{"id":"7","ints":["1",2],"map":{"k":["3"]},"inner":{"n":"4"},"list":[{"n":"5"}],"ptr":"6"}`,
			want: target{ID: 7, Ints: []int{1, 2}, Map: map[string][]int{"k": {3}}, Inner: inner{N: 4}, List: []inner{{N: 5}}, Ptr: ptrTo(6)}},
		{desc: "bools as strings and numbers", in: `{"ok":"true"}`, want: target{OK: true}},
		{desc: "bool from number", in: `{"ok":1}`, want: target{OK: true}},
		{desc: "number where string expected", in: `{"name":12345,"strings":{"a":1,"b":false}}`,
			want: target{Name: "12345", Strings: map[string]string{"a": "1", "b": "false"}}},
		{desc: "nulls and empty strings", in: `{"id":null,"name":null,"ok":"","ints":null,"ptr":""}`, want: target{}},
		{desc: "unknown fields", in: `{"id":1,"legacy":{"x":[1,2]},"other":"y"}`, want: target{ID: 1}},
		{desc: "case-insensitive keys", in: `{"ID":"3","Name":"b"}`, want: target{ID: 3, Name: "b"}},
		{desc: "not json", in: `<html>`, wantErr: "invalid character '<' looking for beginning of value"},
		{desc: "garbage number", in: `{"id":"abc"}`, wantErr: "json: cannot unmarshal string into Go struct field target.id of type int"},
		{desc: "object for int", in: `{"id":{}}`, wantErr: "json: cannot unmarshal object into Go struct field target.id of type int"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			var got target
			err := decodeJSON([]byte(tc.in), &got)
			if tc.wantErr != "" {
				require.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func ptrTo[T any](v T) *T { return &v }

func TestDecodeInto(t *testing.T) {
	t.Parallel()
	var raw []byte
	require.NoError(t, decodeInto([]byte("PEM"), &raw))
	assert.Equal(t, []byte("PEM"), raw)
	var d Domain
	require.NoError(t, decodeInto([]byte("  \n"), &d), "an empty body decodes to nothing")
	require.NoError(t, decodeInto([]byte("{}"), nil))
	require.EqualError(t, decodeJSON([]byte("{}"), d), "decode target must be a pointer")
}

// TestDecodeJSON_directEqualsLenient: where json.Unmarshal takes an answer as it is, decodeJSON's direct
// way must give what the lenient way gives. Every recorded SCM answer in testdata, decoded into every
// response type, both ways.
func TestDecodeJSON_directEqualsLenient(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	direct := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		for _, target := range responseTargets() {
			typ := reflect.TypeOf(target)
			viaDirect, viaLenient := reflect.New(typ.Elem()).Interface(), reflect.New(typ.Elem()).Interface()
			if json.Unmarshal(data, viaDirect) != nil {
				continue // decodeJSON goes the lenient way for this one
			}
			direct++
			require.NoError(t, decodeLenient(data, viaLenient, typ), "%s as %s", name, typ)
			assert.Equal(t, viaLenient, viaDirect, "%s as %s", name, typ)
		}
	}
	t.Logf("%d answers decoded both ways", direct)
	assert.Positive(t, direct)
}

// TestDecodeJSON_fallsBack: an answer that fails the direct way part way through (the second row's id is
// text) is decoded whole the lenient way; a value that already holds something keeps it.
func TestDecodeJSON_fallsBack(t *testing.T) {
	t.Parallel()
	var accounts []ACMEAccount
	require.NoError(t, decodeJSON([]byte(`[{"id":1,"name":"a"},{"id":"2","name":"b"}]`), &accounts))
	require.Len(t, accounts, 2, "not the first row twice, nor three rows")
	assert.Equal(t, 2, accounts[1].ID)

	held := Organization{Name: "kept"}
	require.NoError(t, decodeJSON([]byte(`{"id":"7"}`), &held))
	assert.Equal(t, Organization{ID: 7, Name: "kept"}, held)
}
