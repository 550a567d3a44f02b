package scmsim

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedDomains puts n domains straight into a seed world (creating 450 through
// the API would only test the same handler 450 times).
func seedDomains(n int) func(*Options) {
	return func(o *Options) {
		w := DefaultWorld()
		for i := 0; i < n; i++ {
			w.Domains = append(w.Domains, Domain{ID: firstDomainID + i, Name: fmt.Sprintf("d%03d.example.com", i),
				Delegations: []Delegation{{OrgID: DemoOrgID, CertTypes: []string{"SSL"}, Status: statusActive}}})
		}
		o.World = w
	}
}

func TestPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t, seedDomains(450))
	tests := []struct {
		desc      string
		query     string
		wantLen   int
		wantFirst string
	}{
		{desc: "default size is 200", query: "", wantLen: 200, wantFirst: "d000.example.com"},
		{desc: "first page", query: "?position=0&size=200", wantLen: 200, wantFirst: "d000.example.com"},
		{desc: "second page", query: "?position=200&size=200", wantLen: 200, wantFirst: "d200.example.com"},
		{desc: "short last page", query: "?position=400&size=200", wantLen: 50, wantFirst: "d400.example.com"},
		{desc: "past the end", query: "?position=450&size=10", wantLen: 0},
		{desc: "position is an offset, not a page", query: "?position=7&size=3", wantLen: 3, wantFirst: "d007.example.com"},
		{desc: "size zero", query: "?size=0", wantLen: 0},
		{desc: "empty values", query: "?position=&size=", wantLen: 200, wantFirst: "d000.example.com"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			var items []domainItem
			r := e.do("GET", "/domain/v1"+tc.query, nil)
			r.decode(t, &items)
			require.Len(t, items, tc.wantLen)
			assert.Equal(t, "450", r.header.Get("X-Total-Count"))
			if tc.wantLen > 0 {
				assert.Equal(t, tc.wantFirst, items[0].Name)
			}
		})
	}
}

func TestPaging_walkAll(t *testing.T) {
	t.Parallel()
	e := newEnv(t, seedDomains(450))
	seen := map[int]bool{}
	for pos := 0; ; pos += 200 {
		var items []domainItem
		e.do("GET", fmt.Sprintf("/domain/v1?position=%d&size=200", pos), nil).decode(t, &items)
		for _, it := range items {
			assert.False(t, seen[it.ID], "id %d twice", it.ID)
			seen[it.ID] = true
		}
		if len(items) < 200 {
			break
		}
	}
	assert.Len(t, seen, 450)
}

func TestPaging_invalid(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		desc      string
		query     string
		wantField string
	}{
		{desc: "size above 200", query: "?size=201", wantField: "'size'"},
		{desc: "negative size", query: "?size=-1", wantField: "'size'"},
		{desc: "negative position", query: "?position=-5", wantField: "'position'"},
		{desc: "not a number", query: "?position=abc", wantField: "'position'"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			for _, path := range []string{"/domain/v1?", "/ssl/v1?", "/dcv/v1/validation?", "/acme/v2/account?organizationId=1001&"} {
				eb := e.do("GET", path+tc.query[1:], nil).requireErr(t, 400, -1601)
				assert.Contains(t, eb.Description, tc.wantField, path)
			}
		})
	}
}
