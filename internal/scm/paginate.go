package scm

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// MaxPageSize is the largest page SCM serves (OAS declares maximum: 200 on
// every paged operation).
const MaxPageSize = 200

// maxPages stops a walk over a server that ignores position and keeps sending
// full pages; 10 000 pages of 200 is far beyond any real inventory.
const maxPages = 10000

// ListOptions selects one page: Position is an offset in entries (not a page
// number), Size the page length (at most MaxPageSize; 0 leaves it to SCM).
type ListOptions struct {
	Position int
	Size     int
}

func (o ListOptions) apply(q url.Values) error {
	if o.Position < 0 || o.Size < 0 || o.Size > MaxPageSize {
		return fmt.Errorf("scm: invalid page (position %d, size %d): position must be >= 0 and size 0..%d",
			o.Position, o.Size, MaxPageSize)
	}
	if o.Size > 0 {
		q.Set("size", strconv.Itoa(o.Size))
	}
	if o.Position > 0 || o.Size > 0 {
		q.Set("position", strconv.Itoa(o.Position))
	}
	return nil
}

// pageFunc fetches one page with the given paging; the response carries
// X-Total-Count when the endpoint has it.
type pageFunc[T any] func(ctx context.Context, page ListOptions) ([]T, *response, error)

// listAll walks position/size with the largest page until a short page, an
// empty page, or X-Total-Count entries have been read.
func listAll[T any](ctx context.Context, fetch pageFunc[T]) ([]T, error) {
	var all []T
	for range maxPages {
		page, res, err := fetch(ctx, ListOptions{Position: len(all), Size: MaxPageSize})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		total, hasTotal := totalCount(res)
		if len(page) < MaxPageSize || (hasTotal && len(all) >= total) {
			return all, nil
		}
	}
	return nil, fmt.Errorf("scm: listing did not end after %d pages; the server seems to ignore position", maxPages)
}

// totalCount reads X-Total-Count.
func totalCount(res *response) (int, bool) {
	if res == nil {
		return 0, false
	}
	v := strings.TrimSpace(res.header.Get("X-Total-Count"))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

// Small helpers for query strings: unset filters are left out, because SCM
// treats even an empty value as a filter on some endpoints.

func setString[T ~string](q url.Values, key string, v T) {
	if v != "" {
		q.Set(key, string(v))
	}
}

func setInt(q url.Values, key string, v int) {
	if v != 0 {
		q.Set(key, strconv.Itoa(v))
	}
}
