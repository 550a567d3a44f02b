package caa

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
)

// answer is a looked-up CAA RRset and the name that owns it: the name asked
// for, or the end of its CNAME chain.
type answer struct {
	records []Record
	owner   string
}

// ownerLookup is implemented by this package's resolver, which also reports
// where a CNAME chain ended, so that a message can point at the zone that
// really holds the records. Other Resolvers report the name asked for.
type ownerLookup interface {
	lookupCAA(ctx context.Context, name string) (answer, error)
}

// walker finds relevant RRsets for one Check call. It remembers each lookup,
// because the names of one certificate usually share their parents
// (www.example.com, *.example.com and example.com all end at example.com).
type walker struct {
	r Resolver

	mu   sync.Mutex
	seen map[string]*lookupOnce
}

// lookupOnce is one name's lookup, shared by every check that climbs through the name, whether it
// asks before, during or after the lookup.
type lookupOnce struct {
	done chan struct{}
	a    answer
	err  error
}

func newWalker(r Resolver) *walker {
	return &walker{r: r, seen: map[string]*lookupOnce{}}
}

// relevant climbs from base towards the root, stopping before it
// (RFC 8659 §3), and returns the first non-empty RRset and the name on the
// way where it was found. "" and a zero answer mean no name on the way has
// any CAA record.
func (w *walker) relevant(ctx context.Context, base string) (string, answer, error) {
	for name := base; name != ""; name = parent(name) {
		a, err := w.lookup(ctx, name)
		if err != nil {
			return "", answer{}, err
		}
		if len(a.records) > 0 {
			return name, a, nil
		}
	}
	return "", answer{}, nil
}

// lookup asks the resolver once per name and keeps the answer, with its
// records in a stable order so that messages do not change from run to run
// when a server rotates them.
func (w *walker) lookup(ctx context.Context, name string) (answer, error) {
	w.mu.Lock()
	l, asked := w.seen[name]
	if !asked {
		l = &lookupOnce{done: make(chan struct{})}
		w.seen[name] = l
	}
	w.mu.Unlock()
	if asked {
		select {
		case <-l.done:
			return l.a, l.err
		case <-ctx.Done():
			return answer{}, ctx.Err()
		}
	}
	l.a, l.err = w.ask(ctx, name)
	if l.err == nil {
		l.a.records = slices.SortedFunc(slices.Values(l.a.records), compareRecords)
		l.a.owner = canonical(l.a.owner)
	}
	close(l.done)
	return l.a, l.err
}

func (w *walker) ask(ctx context.Context, name string) (answer, error) {
	if o, ok := w.r.(ownerLookup); ok {
		return o.lookupCAA(ctx, name)
	}
	recs, err := w.r.LookupCAA(ctx, name)
	return answer{records: recs, owner: name}, err
}

// compareRecords orders records by tag, then value, then flags.
func compareRecords(a, b Record) int {
	return cmp.Or(
		cmp.Compare(strings.ToLower(a.Tag), strings.ToLower(b.Tag)),
		cmp.Compare(a.Value, b.Value),
		cmp.Compare(a.Flags, b.Flags),
	)
}

// parent drops the left-most label: "www.example.com" gives "example.com",
// "com" gives "" (the root, where the search stops).
func parent(name string) string {
	_, rest, _ := strings.Cut(name, ".")
	return rest
}

// canonical is a name as messages show it: lower case, no trailing dot.
func canonical(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, "."))
}
