package scmsim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Paging limits (scm-api.md §3.1). SCM's default page size is undocumented;
// the emulator uses the maximum, 200, and says so in README.md.
const (
	maxPageSize     = 200
	defaultPageSize = 200
)

// page is a parsed position/size pair.
type page struct {
	position int
	size     int
}

// parsePage reads position and size. An empty value means "not given".
// Values that are not integers, negative, or (size) above 200 are rejected
// with -1601 naming the field, rather than clamped, so that a client which
// asks for more than SCM allows notices here and not in production.
func parsePage(q url.Values) (page, error) {
	p := page{size: defaultPageSize}
	var err error
	if p.position, err = intParam(q, "position", 0); err != nil {
		return p, err
	}
	if p.size, err = intParam(q, "size", defaultPageSize); err != nil {
		return p, err
	}
	if p.size > maxPageSize {
		return p, invalid("size", "must be less than or equal to %d", maxPageSize)
	}
	return p, nil
}

// intParam reads a non-negative integer query parameter.
func intParam(q url.Values, name string, def int) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, invalid(name, "'%s' is not a non-negative integer", v)
	}
	return n, nil
}

// filters are a list endpoint's query parameters. Integer filters keep the
// first error, so that a handler reads them all and list checks once; the
// error is the one of the first bad value read.
type filters struct {
	url.Values
	err error
}

func (c *call) filters() *filters { return &filters{Values: c.r.URL.Query()} }

// int reads a non-negative integer filter (see intParam). Once a filter has
// failed, later ones are not parsed and read as their default.
func (f *filters) int(name string, def int) int {
	if f.err != nil {
		return def
	}
	n, err := intParam(f.Values, name, def)
	f.err = err
	return n
}

// collect maps the items that pick accepts to their wire form, in store
// order. The result is never nil, so an empty list is [] on the wire.
func collect[T, W any](items []T, pick func(*T) (W, bool)) []W {
	out := []W{}
	for i := range items {
		if w, ok := pick(&items[i]); ok {
			out = append(out, w)
		}
	}
	return out
}

// list answers one page of the items that pick accepts (see collect and
// writeList). When a filter could not be read nothing is collected: pick may
// have side effects (settling a due certificate) that a bad request must not.
func list[T, W any](c *call, q *filters, withTotal bool, items []T, pick func(*T) (W, bool)) error {
	if q.err != nil {
		return q.err
	}
	return writeList(c.w, c.r, c.ctype, collect(items, pick), withTotal)
}

// paginate slices items by the page and returns the slice and the total.
func paginate[T any](items []T, p page) ([]T, int) {
	total := len(items)
	if p.position >= total {
		return []T{}, total
	}
	end := min(total, p.position+p.size)
	return items[p.position:end], total
}

// writeList writes one page of a list. withTotal adds X-Total-Count, which
// SCM sends on some lists only (§3.1).
func writeList[T any](w http.ResponseWriter, r *http.Request, ctype string, items []T, withTotal bool) error {
	p, err := parsePage(r.URL.Query())
	if err != nil {
		return err
	}
	out, total := paginate(items, p)
	if withTotal {
		w.Header().Set("X-Total-Count", strconv.Itoa(total))
	}
	writeJSON(w, ctype, http.StatusOK, out)
	return nil
}

// containsFold reports whether s contains sub, ignoring case. It is the
// emulator's rule for name filters, which SCM does not document.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
