package acmedomain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/dnsname"
)

// want is the desired state of one SCM domain (a wildcard twin is a domain of its own).
type want struct {
	Name        string
	Param       string // where the name came from, for messages: "name" or "domains[3].name"
	Twin        bool   // the *.name twin of the entry before it
	Present     bool
	Description *string
	Active      bool
	// Delegations as written; resolved into delegs by the observer. nil means "not managed".
	Delegations []DelegationParam
	delegs      []wantDelegation
	Purge       bool
	Approve     bool
}

// wantDelegation is a delegation with its organization resolved to an id.
type wantDelegation struct {
	OrgID     int
	CertTypes []string // sorted
}

// task is what one run wants: a want per domain, and whether the task used the single form (`name`),
// which shapes the result.
type task struct {
	wants  []*want
	single bool
}

// desire turns the parameters into the task: one want per domain, in the order given (twins right after
// their base name). Every name is normalised and checked here, before any request.
func desire(p Params) (*task, error) {
	wants, err := desireEach(p)
	if err != nil {
		return nil, err
	}
	return &task{wants: wants, single: p.Domains == nil}, nil
}

func desireEach(p Params) ([]*want, error) {
	entries, params := p.entries()
	var wants []*want
	seen := map[string]string{}
	for i, e := range entries {
		ws, err := wantsFor(p, e, params[i])
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			if first, dup := seen[w.Name]; dup {
				return nil, fmt.Errorf("%s: domain %q is already given by %s", w.Param, w.Name, first)
			}
			seen[w.Name] = w.Param
			wants = append(wants, w)
		}
	}
	return wants, nil
}

// entries returns the single form as a one-element list form, and the parameter name of each entry.
func (p Params) entries() ([]Entry, []string) {
	if p.Domains == nil {
		return []Entry{{Name: p.Name}}, []string{"name"}
	}
	params := make([]string, len(p.Domains))
	for i := range p.Domains {
		params[i] = fmt.Sprintf("domains[%d].name", i)
	}
	return p.Domains, params
}

func wantsFor(p Params, e Entry, param string) ([]*want, error) {
	name, err := dnsname.NormalizeWith(e.Name, dnsname.Options{AllowWildcard: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", param, err)
	}
	w := &want{
		Name: name, Param: param, Present: pick(e.State, p.State) == "present",
		Description: e.Description, Active: pick(e.Active, p.Active),
		Delegations: e.Delegations, Purge: p.PurgeDelegations, Approve: p.Approve,
	}
	if w.Description == nil {
		w.Description = p.Description
	}
	if w.Delegations == nil {
		w.Delegations = p.Delegations
	}
	if err := checkDelegations(w, param); err != nil {
		return nil, err
	}
	if !pick(e.IncludeWildcard, p.IncludeWildcard) {
		return []*want{w}, nil
	}
	if dnsname.IsWildcard(name) {
		return nil, fmt.Errorf("%s: include_wildcard needs a base name, but %q is already a wildcard", param, name)
	}
	twin := *w
	twin.Name, twin.Twin = "*."+name, true
	return []*want{w, &twin}, nil
}

func checkDelegations(w *want, param string) error {
	prefix := strings.TrimSuffix(param, "name")
	for i, d := range w.Delegations {
		if len(d.CertTypes) == 0 {
			return fmt.Errorf("%sdelegations[%d].cert_types must name at least one certificate type", prefix, i)
		}
	}
	if w.Purge && w.Present && w.Delegations != nil && len(w.Delegations) == 0 {
		return fmt.Errorf("%sdelegations: purge_delegations with an empty list would leave %s without a delegation, which SCM refuses", prefix, w.Name)
	}
	return nil
}

// pick returns *override when set, else def.
func pick[T any](override *T, def T) T {
	if override != nil {
		return *override
	}
	return def
}

// sortedCopy returns a sorted copy with duplicates removed.
func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}
