package scmcert

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

// replan plans, then checks, before anything is written, what SCM or the CA would refuse an order
// for: the term (against the profile and today's validity cap) and the CSR's key against the profile
// (checkOrder, no request) on every run, and, when this run places an order, the checks in
// orderChecks, which may read.
func (r *observer) replan(ctx context.Context, w *want, o *observed, now time.Time) (decision, error) {
	d, err := plan(w, o, now)
	if err != nil || !w.Present {
		return d, err
	}
	if err := checkOrder(&d, w, o, now); err != nil {
		return d, err
	}
	if !d.placesOrder() {
		return d, nil
	}
	for _, check := range r.orderChecks() {
		if err := check(ctx, w, o, &d); err != nil {
			return d, err
		}
	}
	return d, nil
}

// orderCheck is one check made before an enroll or a renewal is sent. It reads only (it runs in
// check mode too) and fails with an error that names the option to fix; it may add warnings to d.
type orderCheck func(ctx context.Context, w *want, o *observed, d *decision) error

// orderChecks are the checks that run only when this run places an order, in order. A renewal may
// turn into an enroll (a profile that forbids renewal says so only when asked), so each must hold for
// both. A check of the names against something outside SCM (DNS CAA records, say) belongs here, after
// the custom fields.
func (r *observer) orderChecks() []orderCheck {
	return []orderCheck{r.checkFields, r.checkCAA}
}

// checkCAA asks DNS whether the names' CAA records let Sectigo issue (caa_check): an order SCM would
// accept and the CA then refuse is worse than a task that fails now and says which record to add.
func (r *observer) checkCAA(ctx context.Context, w *want, _ *observed, _ *decision) error {
	return w.CAA.CheckCAA(ctx, r.env, w.Names)
}

// checkFields reads SCM's custom fields: the mandatory ones must have a value, the given ones must
// exist.
func (r *observer) checkFields(ctx context.Context, w *want, _ *observed, _ *decision) error {
	fields, err := r.ssl.CustomFields(ctx)
	if err != nil {
		return fmt.Errorf("read the custom fields: %w", err)
	}
	return checkCustomFields(fields, w.CustomFields)
}

// checkOrder checks the term and the CSR's key against the profile on every run, so a typo (or a
// term a new step of ballot SC-081 has made too long) shows at once and not at renewal months later,
// and sets the term an enroll uses. A renewal by id keeps the renewed order's term, so one whose term
// is above today's cap is done by an enroll with the term chosen here. It makes no request.
func checkOrder(d *decision, w *want, o *observed, now time.Time) error {
	term, chosen, err := chooseTerm(o.Profile, w.Term, now)
	if err != nil {
		return err
	}
	if err := checkKey(o.Profile, w.CSR); err != nil {
		return fmt.Errorf("%s: %w", w.CSRParam, err)
	}
	d.Term, d.TermChosen = term, chosen
	if c, limit := o.Current, certutil.MaxValidity(now); d.Op == opRenew && !d.RenewByEnroll && c.Term > limit.Days {
		d.RenewByEnroll = true
		d.Reason += fmt.Sprintf("; order %d has a term of %d days, which a renewal by id would keep, above the "+
			"%d days allowed today (%s), so a new enrollment with term %d renews it", c.ID, c.Term, limit.Days, limit.Rule, term)
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

// chooseTerm checks term against the profile's terms and against the longest validity a public TLS
// certificate issued today may have (certutil.MaxValidity, ballot SC-081): SCM and the CA refuse a
// term beyond it, so it fails here, before anything is written. Without a term it takes the longest
// term of the profile within that cap, and says so (chosen). It is pure: now is the module's clock.
func chooseTerm(p scm.Profile, term int, now time.Time) (int, string, error) {
	c := termCheck{p: p, limit: certutil.MaxValidity(now), today: now.UTC().Format(time.DateOnly)}
	for _, t := range p.Terms {
		if t <= c.limit.Days {
			c.fit = append(c.fit, t)
		}
	}
	switch {
	case term == 0:
		return c.longest()
	case len(p.Terms) > 0 && !slices.Contains(p.Terms, term):
		return 0, "", c.notOffered(term)
	case term > c.limit.Days:
		return 0, "", c.tooLong(term)
	}
	return term, "", nil
}

// termCheck is a profile's terms against the cap of the day.
type termCheck struct {
	p     scm.Profile
	limit certutil.ValidityCap
	today string
	fit   []int // the profile's terms within the cap
}

// longest is the longest term that fits, for a task that gives none.
func (c termCheck) longest() (int, string, error) {
	switch {
	case len(c.p.Terms) == 0:
		return 0, "", fmt.Errorf("term: profile %q lists no terms; give term (at most %d days for a certificate "+
			"issued on %s: %s)", c.p.Name, c.limit.Days, c.today, c.limit.Rule)
	case len(c.fit) == 0:
		return 0, "", fmt.Errorf("term: no term of profile %q (%s days) is allowed for a certificate issued on %s "+
			"(%s); choose a profile with a term of at most %d days", c.p.Name, intList(c.p.Terms), c.today, c.limit.Rule, c.limit.Days)
	}
	return slices.Max(c.fit), fmt.Sprintf("the longest term of profile %q allowed on %s (cap %d days)",
		c.p.Name, c.today, c.limit.Days), nil
}

func (c termCheck) notOffered(term int) error {
	msg := fmt.Sprintf("term: %d days is not a term of profile %q; its terms are %s", term, c.p.Name, intList(c.p.Terms))
	switch {
	case len(c.fit) == 0:
		msg += fmt.Sprintf(", none of which is allowed on %s (%s)", c.today, c.limit.Rule)
	case len(c.fit) < len(c.p.Terms):
		msg += fmt.Sprintf(", of which %s are allowed on %s (%s)", intList(c.fit), c.today, c.limit.Rule)
	}
	return errors.New(msg)
}

func (c termCheck) tooLong(term int) error {
	msg := fmt.Sprintf("term: %d days is longer than a certificate issued on %s may be valid (%s); ", term, c.today, c.limit.Rule)
	switch {
	case len(c.p.Terms) == 0:
		msg += fmt.Sprintf("give at most %d days", c.limit.Days)
	case len(c.fit) == 0:
		msg += fmt.Sprintf("profile %q has no term that fits (its terms are %s): choose a profile with a term "+
			"of at most %d days", c.p.Name, intList(c.p.Terms), c.limit.Days)
	default:
		msg += fmt.Sprintf("give one of the terms of profile %q that fit, %s, or leave term out to get the longest",
			c.p.Name, intList(c.fit))
	}
	return errors.New(msg)
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
