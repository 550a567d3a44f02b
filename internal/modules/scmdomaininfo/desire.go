package scmdomaininfo

import (
	"fmt"
	"path"
	"strings"

	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// filter is what the task asks for, checked and normalised before any request.
type filter struct {
	exact    map[string]bool // normalised names
	patterns []string        // lower-cased shell patterns
	org      common.OrgRef
	within   *int // dcv_expiring_within_days
	unvalid  bool // not_validated
	details  bool // per-domain reads replace the state and delegation listings
}

// patternChars mark a names entry as a pattern rather than a name.
const patternChars = "*?["

func desire(p Params) (filter, error) {
	f := filter{exact: map[string]bool{}, org: p.OrgRef, within: p.DCVExpiringWithinDays, unvalid: p.NotValidated,
		details: p.Details}
	if f.within != nil && *f.within < 0 {
		return f, fmt.Errorf("dcv_expiring_within_days must be 0 or more, got %d", *f.within)
	}
	if p.OrgID < 0 {
		return f, fmt.Errorf("org_id: %d is not an id", p.OrgID)
	}
	for i, n := range p.Names {
		if err := f.addName(n); err != nil {
			return f, fmt.Errorf("names[%d]: %w", i, err)
		}
	}
	return f, nil
}

// addName adds a plain name (normalised like SCM stores it: lower case, punycode, no trailing dot) or
// a shell pattern. "*.example.org" is a pattern: it matches the wildcard entry itself and every name
// below example.org, which is also what the wildcard covers in SCM.
func (f *filter) addName(raw string) error {
	trimmed := strings.TrimSpace(raw)
	if !strings.ContainsAny(trimmed, patternChars) {
		name, err := dnsname.Normalize(trimmed)
		if err != nil {
			return err
		}
		f.exact[name] = true
		return nil
	}
	pat := dnsname.Lenient(trimmed) // the form SCM's names are compared in
	if _, err := path.Match(pat, ""); err != nil {
		return fmt.Errorf("invalid pattern %q: %w", raw, err)
	}
	f.patterns = append(f.patterns, pat)
	return nil
}

// matchName reports whether a normalised SCM domain name is selected by names (all are when none is
// given).
func (f filter) matchName(name string) bool {
	if len(f.exact) == 0 && len(f.patterns) == 0 {
		return true
	}
	if f.exact[name] {
		return true
	}
	for _, p := range f.patterns {
		if ok, _ := path.Match(p, name); ok { // patterns were checked in desire
			return true
		}
	}
	return false
}

// keep applies the DCV filters; the name and organization filters were applied while observing.
func (f filter) keep(doms []*domain) []*domain {
	out := doms[:0:0]
	for _, d := range doms {
		if f.within != nil && (d.DCV.DaysLeft == nil || *d.DCV.DaysLeft > *f.within) {
			continue
		}
		if f.unvalid && d.DCV.Status == string(scm.DCVValidated) {
			continue
		}
		out = append(out, d)
	}
	return out
}
