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

// list answers one page of the items that pick accepts, in store order, with
// X-Total-Count when withTotal (SCM sends it on some lists only, §3.1). When a
// filter or the page could not be read nothing is picked: pick may have side
// effects (settling a due certificate) that a bad request must not.
func list[T, W any](c *call, q *filters, withTotal bool, items []T, pick func(*T) (W, bool)) error {
	var picked W
	// listPage renders an item right after it matched it, so the value pick made for the match is
	// the one to write.
	return listPage(c, q, withTotal, items,
		func(it *T) bool {
			var ok bool
			picked, ok = pick(it)
			return ok
		},
		func(*T) W { return picked })
}

// listPage is list for a wire form that costs more than the match: every item
// is matched (the total counts them all), but only the rows of the page asked
// for are rendered. At 20,000 certificates that is the difference between
// building 20,000 rows per request and 200.
func listPage[T, W any](c *call, q *filters, withTotal bool, items []T, match func(*T) bool, render func(*T) W) error {
	if q.err != nil {
		return q.err
	}
	p, err := parsePage(c.r.URL.Query())
	if err != nil {
		return err
	}
	out := []W{} // never nil, so an empty page is [] on the wire
	total := 0
	for i := range items {
		if !match(&items[i]) {
			continue
		}
		if total >= p.position && total-p.position < p.size {
			out = append(out, render(&items[i]))
		}
		total++
	}
	if withTotal {
		c.w.Header().Set("X-Total-Count", strconv.Itoa(total))
	}
	writeJSON(c.w, c.ctype, http.StatusOK, out)
	return nil
}

// containsFold reports whether s contains sub, ignoring case. It is the
// emulator's rule for name filters, which SCM does not document.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
