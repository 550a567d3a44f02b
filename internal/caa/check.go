package caa

import (
	"context"
	"fmt"
	"sync"

	"github.com/scmkit/sectigo/internal/dnsname"
)

// Finding is the outcome of the CAA check for one name.
type Finding struct {
	// Name is the name checked, in canonical form ("*.example.com").
	Name string
	// RRsetAt is the name that owns the relevant RRset: the name itself (its
	// base for a wildcard) or the parent it was inherited from, or the end of
	// a CNAME chain from one of those. It is "" when no name up to the root
	// has any CAA record.
	RRsetAt string
	// Allowed says whether the issuer may issue for Name.
	Allowed bool
	// Records is the relevant RRset, sorted by tag and value.
	Records []Record
	// Reason says which records decided, at which name, and why.
	Reason string
	// Fix is empty when Allowed. Otherwise it is the zone-file line to add,
	// `example.com. CAA 0 issue "sectigo.com"`, or, when a record must go,
	// a sentence starting with "remove".
	Fix string
}

// Check finds the relevant CAA RRset of each name and decides whether issuer
// (for Sectigo, "sectigo.com") may issue for it, by RFC 8659: "issue" records
// govern a plain name; for a wildcard "*.x", checked at x, "issuewild"
// records govern when there are any and "issue" records otherwise. An RRset
// with neither lets any CA issue, one with an unknown tag flagged critical
// forbids issuance, and an issuer value without a domain (";") names no CA.
//
// Names may be given in any case, with a trailing dot, or as Unicode; they
// are normalised as the modules normalise them. A nil r uses the system
// resolvers. Names are checked a few at a time, and a name's parents are
// looked up once however many names share them. A failed lookup fails the
// check with an error naming the name checked (the first such name in the
// order given), the name looked up and the server: a check that could not
// look is never reported as allowed.
func Check(ctx context.Context, r Resolver, names []string, issuer string) ([]Finding, error) {
	issuer, err := normalizeIssuer(issuer)
	if err != nil {
		return nil, err
	}
	if r == nil {
		r = NewResolver("")
	}
	w := newWalker(r)
	findings := make([]Finding, len(names))
	errs := make([]error, len(names))
	// The names are checked side by side, a few at a time: a task with a hundred names would otherwise
	// wait for a hundred round trips to the resolver one after another.
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(checkParallel, len(names)) {
		wg.Go(func() {
			for i := range next {
				findings[i], errs[i] = w.check(ctx, names[i], issuer)
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first name's error, in the order given
		}
	}
	return findings, nil
}

// checkParallel is how many names are checked at once (lookups in flight to the resolver).
const checkParallel = 8

// check decides one name.
func (w *walker) check(ctx context.Context, name, issuer string) (Finding, error) {
	t, err := newTarget(name)
	if err != nil {
		return Finding{}, fmt.Errorf("CAA check: %w", err)
	}
	at, a, err := w.relevant(ctx, t.base)
	if err != nil {
		return Finding{}, fmt.Errorf("CAA check of %s: %w", t.name, err)
	}
	v := decide(a.records, t.wildcard, issuer)
	reason, fix := explain(t, at, a.owner, v, issuer)
	return Finding{Name: t.name, RRsetAt: a.owner, Allowed: v.allowed, Records: a.records,
		Reason: reason, Fix: fix}, nil
}

// target is a name to check and where its search starts.
type target struct {
	name     string // canonical, as reported
	base     string // name without a wildcard label: where the search starts
	wildcard bool
}

func newTarget(name string) (target, error) {
	canon, err := dnsname.NormalizeWith(name, dnsname.Options{AllowWildcard: true})
	if err != nil {
		return target{}, err
	}
	return target{name: canon, base: dnsname.Base(canon), wildcard: dnsname.IsWildcard(canon)}, nil
}
