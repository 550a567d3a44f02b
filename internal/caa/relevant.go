package caa

import (
	"cmp"
	"context"
	"slices"
	"strings"
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
	r    Resolver
	seen map[string]answer
}

func newWalker(r Resolver) *walker {
	return &walker{r: r, seen: map[string]answer{}}
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
	if a, ok := w.seen[name]; ok {
		return a, nil
	}
	a, err := w.ask(ctx, name)
	if err != nil {
		return answer{}, err
	}
	a.records = slices.SortedFunc(slices.Values(a.records), compareRecords)
	a.owner = canonical(a.owner)
	w.seen[name] = a
	return a, nil
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
