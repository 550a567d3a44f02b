package common

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/scm"
)

// What the info modules (acme_user_info, scm_cert_info, scm_domain_info) share: they read the same
// listings the same way and report their rows by the same conventions (null for unknown, days_left
// counted alike, an unreadable date warned about rather than failing the task).

// SelectOrgs reads the organization list (every info module names organizations in its rows) and,
// when the task filters by organization, returns the ids the filter stands for: the organization or
// department first, then an organization's departments. nil means "no organization filter".
func SelectOrgs(ctx context.Context, orgs *Orgs, ref OrgRef) ([]int, error) {
	if _, err := orgs.AllIDs(ctx); err != nil {
		return nil, err
	}
	if ref.OrgID == 0 && ref.Organization == "" && ref.Department == "" {
		return nil, nil
	}
	id, err := orgs.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	return orgs.Family(ctx, id)
}

// Concurrently runs independent reads, at most limit in flight, and joins their errors. Each job
// writes only its own variable, so they need no lock.
func Concurrently(ctx context.Context, limit int, jobs ...func(context.Context) error) error {
	errs := ForEach(ctx, len(jobs), limit, func(ctx context.Context, i int) error { return jobs[i](ctx) })
	return JoinReads(errs)
}

// GetEach reads n objects by id, at most limit at a time, for the facts no listing carries. An object
// deleted since it was listed is not a failure: it comes back nil. The failures of the others come back
// joined, next to every object that was read.
func GetEach[T any](ctx context.Context, n, limit int, get func(ctx context.Context, i int) (*T, error)) ([]*T, error) {
	got := make([]*T, n)
	errs := ForEach(ctx, n, limit, func(ctx context.Context, i int) error {
		v, err := get(ctx, i)
		if errors.Is(err, scm.ErrNotFound) {
			return nil
		}
		got[i] = v
		return err
	})
	return got, JoinReads(errs)
}

// DCVLister reads SCM's DCV listing: every domain's validation state in one paged read.
type DCVLister interface {
	ListAll(ctx context.Context, opts *scm.ListDCVOptions) ([]scm.DCVValidation, error)
}

// DCVIndex is the DCV listing keyed by normalised domain name.
type DCVIndex map[string]scm.DCVValidation

// ListDCV reads the DCV listing into an index.
func ListDCV(ctx context.Context, rd DCVLister) (DCVIndex, error) {
	list, err := rd.ListAll(ctx, &scm.ListDCVOptions{})
	if err != nil {
		return nil, fmt.Errorf("list DCV statuses: %w", err)
	}
	idx := make(DCVIndex, len(list))
	for _, v := range list {
		idx[dnsname.Lenient(v.Domain)] = v
	}
	return idx, nil
}

// For finds the DCV entry that applies to name: its own, or else the one of the nearest parent
// listed (SCM validates high-level domains; a wildcard or a subdomain inherits their status, and not
// every SCM lists the inheriting entries).
func (x DCVIndex) For(name string) (scm.DCVValidation, bool) {
	if v, ok := x[name]; ok {
		return v, true
	}
	for n := dnsname.Base(name); strings.Contains(n, "."); {
		if v, ok := x[n]; ok {
			return v, true
		}
		_, n, _ = strings.Cut(n, ".")
	}
	return scm.DCVValidation{}, false
}

// Dates reads the dates in SCM's rows, as of Now. A date SCM sent that nobody can read does not fail
// the task: the rest of the row is still worth reporting, so the date is named in a warning instead.
type Dates struct {
	Env *ansible.Env
	Now time.Time
}

// Readable reports whether date holds a date. An unreadable one is warned about as
// "<row>: SCM sent a <field> that cannot be read (<SCM's text>)<consequence>".
func (d Dates) Readable(date scm.Date, row, field, consequence string) bool {
	if date.Unreadable() {
		d.Env.Warn(row + ": SCM sent a " + field + " that cannot be read (" + date.Raw + ")" + consequence)
		return false
	}
	return date.IsSet()
}

// DaysLeft counts calendar days (UTC) from Now to date (see DaysLeft); nil without a readable date.
func (d Dates) DaysLeft(date scm.Date, row, field string) *int {
	if !d.Readable(date, row, field, "; days_left is left out") {
		return nil
	}
	n := DaysLeft(date.Time, d.Now)
	return &n
}

// Rows turns an info module's facts into the result's list, keeping their order.
func Rows[T any](facts []T, data func(T) map[string]any) []map[string]any {
	out := make([]map[string]any, len(facts))
	for i, f := range facts {
		out[i] = data(f)
	}
	return out
}

// OrNil turns "unknown" into null, so a template can test it with "is none".
func OrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// NullString is OrNil for a typed result field (a row struct): "unknown" is a nil pointer, null.
func NullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// NonNil turns a missing list into an empty one: RETURN documents a list, never null.
func NonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
