package dnsname

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc  string
		names []string
		opts  Options
		want  []string
	}{
		{desc: "nil gives an empty, non-nil list", names: nil, want: []string{}},
		{desc: "sorted and de-duplicated after normalising",
			names: []string{"www.Example.org.", "example.org", "WWW.example.org", "bücher.example"},
			want:  []string{"example.org", "www.example.org", "xn--bcher-kva.example"}},
		{desc: "U-label and A-label are one name",
			names: []string{"xn--bcher-kva.example", "Bücher.example"},
			want:  []string{"xn--bcher-kva.example"}},
		{desc: "wildcards when allowed",
			names: []string{"*.example.org", "example.org"},
			opts:  Options{AllowWildcard: true},
			want:  []string{"*.example.org", "example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			got, err := NormalizeList(tt.names, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNormalizeList_error(t *testing.T) {
	t.Parallel()
	got, err := NormalizeList([]string{"ok.example.org", "a..b", "localhost", "*.example.org"}, Options{})
	assert.Nil(t, got)
	require.EqualError(t, err, `invalid domain name "a..b": empty label`+"\n"+
		`invalid domain name "localhost": single label; SCM needs a name with at least one dot`+"\n"+
		`invalid domain name "*.example.org": wildcard names are not allowed here`)
	var nameErr *Error
	require.ErrorAs(t, err, &nameErr)
	assert.Equal(t, "a..b", nameErr.Name, "errors.As finds the first bad name")
	var joined interface{ Unwrap() []error }
	require.ErrorAs(t, err, &joined, "the error is an errors.Join")
	assert.Len(t, joined.Unwrap(), 3)
}
