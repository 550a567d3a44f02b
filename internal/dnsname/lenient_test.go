package dnsname

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLenient(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{in: " WWW.Example.ORG. ", want: "www.example.org"},
		{in: "*.Example.org", want: "*.example.org"},
		{in: "Bücher.example", want: "xn--bcher-kva.example"},
		{in: "xn--bcher-kva.example", want: "xn--bcher-kva.example"},
		// Names Normalize refuses are still compared, lower-cased and without the trailing dot.
		{in: "_DMARC.Example.org.", want: "_dmarc.example.org"},
		{in: "localhost", want: "localhost"},
		{in: "a..b", want: "a..b"},
		{in: "www*.Example.org", want: "www*.example.org"},
		{in: "  ", want: ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Lenient(tt.in), "Lenient(%q)", tt.in)
	}
}
