package dnsname

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsWildcard_Base(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc     string
		name     string
		wantWild bool
		wantBase string
	}{
		{desc: "wildcard", name: "*.a.b", wantWild: true, wantBase: "a.b"},
		{desc: "plain", name: "www.a.b", wantWild: false, wantBase: "www.a.b"},
		{desc: "star without dot is not a wildcard label", name: "*a.b", wantWild: false, wantBase: "*a.b"},
		{desc: "empty", name: "", wantWild: false, wantBase: ""},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.wantWild, IsWildcard(tt.name))
			assert.Equal(t, tt.wantBase, Base(tt.name))
		})
	}
}

func TestCovers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		pattern string
		name    string
		want    bool
	}{
		{desc: "exact", pattern: "www.example.org", name: "www.example.org", want: true},
		{desc: "exact wildcard", pattern: "*.example.org", name: "*.example.org", want: true},
		{desc: "one label below", pattern: "*.example.org", name: "www.example.org", want: true},
		{desc: "two labels below (any depth)", pattern: "*.example.org", name: "a.b.example.org", want: true},
		{desc: "wildcard below", pattern: "*.example.org", name: "*.b.example.org", want: true},
		{desc: "not the zone itself", pattern: "*.example.org", name: "example.org", want: false},
		{desc: "suffix without a dot boundary", pattern: "*.example.org", name: "badexample.org", want: false},
		{desc: "other zone", pattern: "*.example.org", name: "www.example.net", want: false},
		{desc: "plain pattern covers only itself", pattern: "example.org", name: "www.example.org", want: false},
		{desc: "narrower wildcard does not cover wider", pattern: "*.b.example.org", name: "*.example.org", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, Covers(tt.pattern, tt.name))
		})
	}
}

func TestInZone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		name string
		zone string
		want bool
	}{
		{desc: "zone itself", name: "example.org", zone: "example.org", want: true},
		{desc: "below", name: "a.b.example.org", zone: "example.org", want: true},
		{desc: "wildcard below", name: "*.example.org", zone: "example.org", want: true},
		{desc: "suffix without a dot boundary", name: "myexample.org", zone: "example.org", want: false},
		{desc: "above", name: "example.org", zone: "www.example.org", want: false},
		{desc: "empty zone", name: "example.org", zone: "", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, InZone(tt.name, tt.zone))
		})
	}
}

func TestParentOf(t *testing.T) {
	t.Parallel()
	zones := []string{"example.org", "*.b.example.org", "b.example.org", "example.net"}
	tests := []struct {
		desc      string
		name      string
		want      string
		wantFound bool
	}{
		{desc: "most specific zone wins", name: "www.b.example.org", want: "b.example.org", wantFound: true},
		{desc: "zone itself", name: "example.org", want: "example.org", wantFound: true},
		{desc: "wildcard name", name: "*.example.net", want: "example.net", wantFound: true},
		{desc: "wildcard zones are skipped", name: "c.example.org", want: "example.org", wantFound: true},
		{desc: "no zone", name: "example.com", want: "", wantFound: false},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			t.Parallel()
			got, found := ParentOf(tt.name, zones)
			assert.Equal(t, tt.wantFound, found)
			assert.Equal(t, tt.want, got)
		})
	}
}
