package caa

import (
	"context"
	"fmt"

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
// resolvers. The first failed lookup ends the check with an error naming the
// name checked, the name looked up and the server: a check that could not
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
	findings := make([]Finding, 0, len(names))
	for _, name := range names {
		f, err := w.check(ctx, name, issuer)
		if err != nil {
			return nil, err
		}
		findings = append(findings, f)
	}
	return findings, nil
}

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
