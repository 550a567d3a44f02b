package scm

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedServer serves n domains with position/size and records each query.
func pagedServer(t *testing.T, n int, withTotal bool) (*Client, func() []url.Values) {
	t.Helper()
	client, mux := setup(t)
	var mu sync.Mutex
	var seen []url.Values
	mux.HandleFunc("GET /api/domain/v1", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		seen = append(seen, q)
		mu.Unlock()
		pos, _ := strconv.Atoi(q.Get("position"))
		size, _ := strconv.Atoi(q.Get("size"))
		var items []string
		for i := pos; i < min(pos+size, n); i++ {
			items = append(items, fmt.Sprintf(`{"id":%d,"name":"d%d.example.org"}`, i+1, i+1))
		}
		if withTotal {
			w.Header().Set("X-Total-Count", strconv.Itoa(n))
		}
		writeJSON(w, http.StatusOK, "["+strings.Join(items, ",")+"]")
	})
	return client, func() []url.Values {
		mu.Lock()
		defer mu.Unlock()
		return seen
	}
}

func TestListAll_pagination(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc          string
		n             int
		withTotal     bool
		wantPositions []string
	}{
		{desc: "450 items", n: 450, withTotal: true, wantPositions: []string{"0", "200", "400"}},
		{desc: "450 items without total", n: 450, wantPositions: []string{"0", "200", "400"}},
		{desc: "exactly 400 with total stops early", n: 400, withTotal: true, wantPositions: []string{"0", "200"}},
		{desc: "exactly 400 without total reads an empty page", n: 400, wantPositions: []string{"0", "200", "400"}},
		{desc: "empty", n: 0, withTotal: true, wantPositions: []string{"0"}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			client, seen := pagedServer(t, tc.n, tc.withTotal)
			got, err := client.Domains.ListAll(t.Context(), &ListDomainsOptions{Name: "d"})
			require.NoError(t, err)
			require.Len(t, got, tc.n)
			for i, d := range got {
				assert.Equal(t, i+1, d.ID)
			}
			var positions []string
			for _, q := range seen() {
				assert.Equal(t, "200", q.Get("size"))
				assert.Equal(t, "d", q.Get("name"), "filters are sent on every page")
				positions = append(positions, q.Get("position"))
			}
			// With X-Total-Count the pages after the first are read concurrently, in any order.
			slices.SortFunc(positions, func(a, b string) int { return cmp.Compare(atoi(a), atoi(b)) })
			assert.Equal(t, tc.wantPositions, positions)
		})
	}
}

func TestListAll_stopsOnError(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	mux.HandleFunc("GET /api/ssl/v1", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("position") == "200" {
			writeJSON(w, http.StatusBadRequest, `{"code":-1601,"description":"Field 'position' has invalid value"}`)
			return
		}
		items := make([]string, 200)
		for i := range items {
			items[i] = fmt.Sprintf(`{"sslId":%d}`, i+1)
		}
		writeJSON(w, http.StatusOK, "["+strings.Join(items, ",")+"]")
	})
	got, err := client.SSL.ListAll(t.Context(), nil)
	require.EqualError(t, err, "scm: GET /ssl/v1: 400 (code -1601): Field 'position' has invalid value")
	assert.Nil(t, got, "no partial list on error")
}

func TestListOptions_apply(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc    string
		opts    ListOptions
		want    url.Values
		wantErr bool
	}{
		{desc: "zero sends nothing", opts: ListOptions{}, want: url.Values{}},
		{desc: "size only", opts: ListOptions{Size: 10}, want: url.Values{"size": {"10"}, "position": {"0"}}},
		{desc: "position only", opts: ListOptions{Position: 30}, want: url.Values{"position": {"30"}}},
		{desc: "max size", opts: ListOptions{Position: 1, Size: 200}, want: url.Values{"size": {"200"}, "position": {"1"}}},
		{desc: "too large", opts: ListOptions{Size: 201}, wantErr: true},
		{desc: "negative position", opts: ListOptions{Position: -1}, wantErr: true},
		{desc: "negative size", opts: ListOptions{Size: -1}, wantErr: true},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			q := url.Values{}
			err := tc.opts.apply(q)
			if tc.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, q)
		})
	}
}

func TestTotalCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc   string
		header string
		want   int
		wantOK bool
	}{
		{desc: "number", header: "42", want: 42, wantOK: true},
		{desc: "spaces", header: " 7 ", want: 7, wantOK: true},
		{desc: "missing", header: ""},
		{desc: "garbage", header: "many"},
		{desc: "negative", header: "-1", want: -1},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			if tc.header != "" {
				h.Set("X-Total-Count", tc.header)
			}
			got, ok := totalCount(&response{header: h})
			assert.Equal(t, tc.wantOK, ok)
			if ok {
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
