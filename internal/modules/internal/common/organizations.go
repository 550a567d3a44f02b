package common

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/scm"
)

// OrgLister is the one read the resolver needs.
type OrgLister interface {
	List(ctx context.Context) ([]scm.Organization, error)
}

// OrgRef names an organization or department the way users write it in a playbook: by names, or by id.
type OrgRef struct {
	Organization string `json:"organization"`
	Department   string `json:"department"`
	OrgID        int    `json:"org_id"`
}

// String is the reference as the user wrote it, for messages.
func (r OrgRef) String() string {
	switch {
	case r.OrgID != 0:
		return fmt.Sprintf("org_id %d", r.OrgID)
	case r.Department != "" && r.Organization != "":
		return fmt.Sprintf("department %q of organization %q", r.Department, r.Organization)
	case r.Department != "":
		return fmt.Sprintf("department %q", r.Department)
	default:
		return fmt.Sprintf("organization %q", r.Organization)
	}
}

// Orgs resolves organization and department names to ids. SCM has no name filter, so it lists every
// organization once per module run, and only when a name (not an id) needs resolving or naming.
type Orgs struct{ listing *ListOnce[scm.Organization] }

// NewOrgs returns a resolver that lists through lister on first use.
func NewOrgs(lister OrgLister) *Orgs {
	return &Orgs{listing: NewListOnce("organizations", lister.List)}
}

func (o *Orgs) load(ctx context.Context) error { return o.listing.load(ctx) }

// list is the organization listing once loaded (nil before).
func (o *Orgs) list() []scm.Organization { return o.listing.Loaded() }

// WithHints lets the organization tree come from the controller's hints (Hints).
func (o *Orgs) WithHints(h *Hints) *Orgs {
	o.listing.WithHints(h)
	return o
}

// FromHints tells whether the tree in hand came from the hints rather than from SCM in this run.
func (o *Orgs) FromHints() bool { return o.listing.FromHints() }

// Live reads the tree from SCM now unless this run did already: before a remembered tree decides a
// write.
func (o *Orgs) Live(ctx context.Context) error { return o.listing.Live(ctx) }

// Resolve returns the id of the organization or department ref names. A name the remembered tree does
// not resolve is looked for again in the tree read live.
func (o *Orgs) Resolve(ctx context.Context, ref OrgRef) (int, error) {
	id, err := o.resolve(ctx, ref)
	if err != nil && o.listing.FromHints() {
		if err := o.listing.Live(ctx); err != nil {
			return 0, err
		}
		return o.resolve(ctx, ref)
	}
	return id, err
}

func (o *Orgs) resolve(ctx context.Context, ref OrgRef) (int, error) {
	if ref.OrgID != 0 {
		return ref.OrgID, nil
	}
	if ref.Organization == "" && ref.Department == "" {
		return 0, fmt.Errorf("give organization, department or org_id")
	}
	if err := o.load(ctx); err != nil {
		return 0, err
	}
	orgs := o.matchOrgs(ref.Organization)
	if ref.Organization != "" && len(orgs) == 0 {
		return 0, fmt.Errorf("organization %q not found; organizations visible to this admin: %s", ref.Organization, o.orgNames())
	}
	if ref.Department == "" {
		if len(orgs) > 1 {
			return 0, fmt.Errorf("organization name %q is ambiguous: ids %s; use org_id", ref.Organization, idList(orgs))
		}
		return orgs[0].ID, nil
	}
	return o.resolveDepartment(ref, orgs)
}

func (o *Orgs) resolveDepartment(ref OrgRef, orgs []scm.Organization) (int, error) {
	if ref.Organization == "" {
		orgs = o.list()
	}
	var ids []int
	var parents []string
	for _, org := range orgs {
		for _, d := range org.Departments {
			if strings.EqualFold(d.Name, ref.Department) {
				ids = append(ids, d.ID)
				parents = append(parents, org.Name)
			}
		}
	}
	switch len(ids) {
	case 0:
		return 0, fmt.Errorf("%s not found", ref)
	case 1:
		return ids[0], nil
	default:
		return 0, fmt.Errorf("%s is ambiguous: it exists in %s; name the organization or use org_id",
			ref, strings.Join(parents, ", "))
	}
}

// Name returns "Org" or "Org / Dept" for an id, or "" when unknown or not loaded. It never lists.
func (o *Orgs) Name(id int) string {
	for _, org := range o.list() {
		if org.ID == id {
			return org.Name
		}
		for _, d := range org.Departments {
			if d.ID == id {
				return org.Name + " / " + d.Name
			}
		}
	}
	return ""
}

func (o *Orgs) matchOrgs(name string) []scm.Organization {
	var out []scm.Organization
	for _, org := range o.list() {
		if strings.EqualFold(org.Name, name) {
			out = append(out, org)
		}
	}
	return out
}

func (o *Orgs) orgNames() string {
	names := make([]string, 0, len(o.list()))
	for _, org := range o.list() {
		names = append(names, org.Name)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

func idList(orgs []scm.Organization) string {
	ids := make([]string, len(orgs))
	for i, org := range orgs {
		ids[i] = fmt.Sprint(org.ID)
	}
	return strings.Join(ids, ", ")
}

// AllIDs lists the ids of every organization and department visible to the admin.
func (o *Orgs) AllIDs(ctx context.Context) ([]int, error) {
	if err := o.load(ctx); err != nil {
		return nil, err
	}
	var ids []int
	for _, org := range o.list() {
		ids = append(ids, org.ID)
		for _, d := range org.Departments {
			ids = append(ids, d.ID)
		}
	}
	return ids, nil
}

// Family is the ids an organization filter stands for: an organization with its departments, or a
// department alone.
func (o *Orgs) Family(ctx context.Context, id int) ([]int, error) {
	if err := o.load(ctx); err != nil {
		return nil, err
	}
	for _, org := range o.list() {
		if org.ID == id {
			ids := []int{id}
			for _, d := range org.Departments {
				ids = append(ids, d.ID)
			}
			return ids, nil
		}
	}
	return []int{id}, nil
}

// TopLevelIDs lists the ids of the organizations (not departments) visible to the admin.
func (o *Orgs) TopLevelIDs(ctx context.Context) ([]int, error) {
	if err := o.load(ctx); err != nil {
		return nil, err
	}
	ids := make([]int, 0, len(o.list()))
	for _, org := range o.list() {
		ids = append(ids, org.ID)
	}
	return ids, nil
}
