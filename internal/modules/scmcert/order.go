package scmcert

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

// replan plans, then checks, before anything is written, what SCM would refuse an order for: the term
// and the CSR's key against the profile (checkOrder) and, when an order will be placed, the custom
// fields, which takes one more read.
func (r *observer) replan(ctx context.Context, w *want, o *observed, now time.Time) (decision, error) {
	d, err := plan(w, o, now)
	if err == nil && w.Present {
		err = checkOrder(&d, w, o, now)
	}
	if err != nil || !d.placesOrder() {
		return d, err
	}
	// A renewal may turn into an enroll (a profile that forbids renewal says so only when asked),
	// so the fields are checked for both.
	fields, err := r.ssl.CustomFields(ctx)
	if err != nil {
		return d, fmt.Errorf("read the custom fields: %w", err)
	}
	return d, checkCustomFields(fields, w.CustomFields)
}

// checkOrder checks the term and the CSR's key against the profile on every run, so a typo shows at
// once and not at renewal months later, and sets the term an enroll uses. It makes no request.
func checkOrder(d *decision, w *want, o *observed, now time.Time) error {
	term, warns, err := chooseTerm(o.Profile, w.Term, now)
	if err != nil {
		return err
	}
	if err := checkKey(o.Profile, w.CSR); err != nil {
		return fmt.Errorf("%s: %w", w.CSRParam, err)
	}
	d.Term = term
	if d.placesOrder() {
		d.Warnings = append(d.Warnings, warns...)
	}
	return nil
}

// pickProfile finds the profile by id (a number) or by name (case-insensitive, unique).
func pickProfile(profiles []scm.Profile, ref string) (scm.Profile, error) {
	id, err := strconv.Atoi(ref)
	var found []scm.Profile
	for _, p := range profiles {
		if (err == nil && p.ID == id) || (err != nil && strings.EqualFold(strings.TrimSpace(p.Name), ref)) {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return scm.Profile{}, fmt.Errorf("profile: %q is not among the profiles this organization may order: %s", ref, profileNames(profiles))
	}
	return scm.Profile{}, fmt.Errorf("profile: the name %q is ambiguous (ids %s); give the id", ref, profileIDs(found))
}

func profileNames(profiles []scm.Profile) string {
	names := make([]string, len(profiles))
	for i, p := range profiles {
		names[i] = fmt.Sprintf("%s (%d)", p.Name, p.ID)
	}
	return listOrNone(names)
}

func profileIDs(profiles []scm.Profile) string {
	ids := make([]string, len(profiles))
	for i, p := range profiles {
		ids[i] = strconv.Itoa(p.ID)
	}
	return strings.Join(ids, ", ")
}

// chooseTerm checks term against the profile's terms; without one it takes the longest term that a
// public CA may still issue today, or the shortest the profile has. A term beyond today's public TLS
// maximum (ballot SC-081) gives a warning: a private profile may allow it, a public CA will not.
func chooseTerm(p scm.Profile, term int, now time.Time) (int, []string, error) {
	limit := certutil.PublicTLSMaxDays(now)
	switch {
	case term == 0 && len(p.Terms) == 0:
		return 0, nil, fmt.Errorf("term: profile %q lists no terms; give term", p.Name)
	case term == 0:
		term = slices.Min(p.Terms)
		for _, t := range p.Terms {
			if t <= limit && t > term {
				term = t
			}
		}
	case len(p.Terms) > 0 && !slices.Contains(p.Terms, term):
		return 0, nil, fmt.Errorf("term: %d days is not a term of profile %q; its terms are %s", term, p.Name, intList(p.Terms))
	}
	if term <= limit {
		return term, nil, nil
	}
	return term, []string{fmt.Sprintf("term %d days is longer than the %d days a public TLS certificate issued "+
		"today may be valid (CA/Browser Forum ballot SC-081); a public CA refuses or shortens it", term, limit)}, nil
}

func intList(ns []int) string {
	s := slices.Clone(ns)
	slices.Sort(s)
	out := make([]string, len(s))
	for i, n := range s {
		out[i] = strconv.Itoa(n)
	}
	return strings.Join(out, ", ")
}

// checkKey checks the CSR's key against the profile's keyTypes (no list: older servers, no check).
func checkKey(p scm.Profile, csr *certutil.CSR) error {
	if len(p.KeyTypes) == 0 {
		return nil
	}
	alg, param := csr.KeyType()
	for k, params := range p.KeyTypes {
		if !strings.EqualFold(k, alg) && !(alg == certutil.KeyEC && strings.EqualFold(k, "ECDSA")) {
			continue
		}
		if slices.ContainsFunc(params, func(v string) bool { return strings.EqualFold(v, param) }) {
			return nil
		}
	}
	return fmt.Errorf("the CSR's key (%s %s) is not allowed by profile %q, which takes %s", alg, param, p.Name, keyTypeList(p.KeyTypes))
}

func keyTypeList(kt map[string][]string) string {
	algs := make([]string, 0, len(kt))
	for k := range kt {
		algs = append(algs, k)
	}
	slices.Sort(algs)
	parts := make([]string, len(algs))
	for i, a := range algs {
		parts[i] = a + " " + strings.Join(kt[a], "/")
	}
	return strings.Join(parts, ", ")
}

// checkCustomFields: every field SCM marks mandatory must have a value, and every given field must
// exist (a misspelt name would otherwise be refused by the enroll, or silently dropped).
func checkCustomFields(defined []scm.CustomField, given []scm.CustomFieldValue) error {
	var unknown, missing []string
	for _, g := range given {
		if !slices.ContainsFunc(defined, func(f scm.CustomField) bool { return f.Name == g.Name }) {
			unknown = append(unknown, g.Name)
		}
	}
	if len(unknown) > 0 {
		names := make([]string, len(defined))
		for i, f := range defined {
			names[i] = f.Name
		}
		return fmt.Errorf("custom_fields: SCM has no custom field %s; its fields are %s",
			strings.Join(unknown, ", "), listOrNone(names))
	}
	for _, f := range defined {
		i := slices.IndexFunc(given, func(g scm.CustomFieldValue) bool { return g.Name == f.Name })
		if f.Mandatory && (i < 0 || strings.TrimSpace(given[i].Value) == "") {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("custom_fields: SCM requires the mandatory custom field(s) %s for an order", strings.Join(missing, ", "))
	}
	return nil
}
