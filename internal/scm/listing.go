package scm

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
)

// Every paged SCM listing works the same way: the caller's filters and a
// position/size page go out as query parameters, and a JSON array of entries
// comes back. List methods fetch the one page the caller asked for and ListAll
// methods every page; both go through listing, so that how a page is built
// and how the pages are walked (listAll) each live in one place.

// listing is one paged endpoint: O is its List*Options type, T its entry.
type listing[O pager, T any] struct {
	// check refuses options SCM would reject, before anything is sent; nil
	// accepts all.
	check func(O) error
	// fetch sends one page's query and decodes the entries into out.
	fetch fetchFunc
	// key identifies an entry, so that a walk can tell an entry listed twice
	// (paginate.go); nil for entries without an identity.
	key func(T) string
}

// pager is a List*Options struct: the ListOptions it embeds select the page,
// and its fields tagged `query:"key"` are the filters (see setFilters).
type pager interface{ paging() ListOptions }

// paging is promoted to every options struct embedding ListOptions.
func (o ListOptions) paging() ListOptions { return o }

// fetchFunc sends the request of one page with query q through c and decodes
// the answer into out.
type fetchFunc func(ctx context.Context, c *Client, q url.Values, out any) (*response, error)

// get fetches pages with a GET of path.
func get(path string) fetchFunc {
	return func(ctx context.Context, c *Client, q url.Values, out any) (*response, error) {
		return c.do(ctx, read(path, q), out)
	}
}

// one returns the page opts selects (nil opts: no filters, SCM's first page).
func (l listing[O, T]) one(ctx context.Context, c *Client, opts *O) ([]T, error) {
	o := derefOr(opts)
	out, _, err := l.page(ctx, c, o, o.paging())
	return out, err
}

// all returns every entry matching opts; the page opts selects is ignored.
func (l listing[O, T]) all(ctx context.Context, c *Client, opts *O) ([]T, error) {
	o := derefOr(opts)
	return listAll(ctx, walk[T]{parallel: c.cfg.maxParallel, key: l.key,
		fetch: func(ctx context.Context, page ListOptions) ([]T, *response, error) {
			return l.page(ctx, c, o, page)
		}})
}

// page fetches one page; the filters go out with every page.
func (l listing[O, T]) page(ctx context.Context, c *Client, o O, page ListOptions) ([]T, *response, error) {
	if l.check != nil {
		if err := l.check(o); err != nil {
			return nil, nil, err
		}
	}
	q := url.Values{}
	if err := page.apply(q); err != nil {
		return nil, nil, err
	}
	setFilters(q, o)
	var out []T
	res, err := l.fetch(ctx, c, q, &out)
	return out, res, err
}

// setFilters adds the fields of the options struct o tagged `query:"key"` to
// q. Unset (zero) filters are left out, as setString and setInt do. Only
// string and int fields can be filters; another kind is a bug in this package.
func setFilters(q url.Values, o any) {
	v := reflect.ValueOf(o)
	for i := range v.NumField() {
		key := v.Type().Field(i).Tag.Get("query")
		if key == "" {
			continue
		}
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			setString(q, key, f.String())
		case reflect.Int:
			setInt(q, key, int(f.Int()))
		default:
			panic(fmt.Sprintf("scm: query filter %q of %s is a %s, not a string or int", key, v.Type(), f.Kind()))
		}
	}
}

// derefOr copies *opts, or returns the zero options for nil; List methods
// never modify the caller's struct.
func derefOr[T any](opts *T) T {
	if opts == nil {
		var zero T
		return zero
	}
	return *opts
}
