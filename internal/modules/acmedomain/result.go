package acmedomain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// view is one domain as results and diffs show it.
type view struct {
	ID               int
	Name             string
	State            string // ACTIVE, SUSPENDED or absent
	Description      *string
	Delegations      []delegation
	ValidationStatus scm.DCVState
}

func beforeView(w *want, o *observed) view {
	if !o.Exists {
		return view{Name: w.Name, State: "absent"}
	}
	return view{ID: o.ID, Name: w.Name, State: string(o.State), Description: o.Description,
		Delegations: slices.Clone(o.Delegations), ValidationStatus: o.ValidationStatus}
}

// project applies actions to a view: the state a run leads to (or would, in check mode).
func project(v view, w *want, actions []action) view {
	for _, a := range actions {
		switch a.Kind {
		case actCreate:
			v.State, v.Description, v.Delegations = string(scm.DomainActive), w.Description, nil
			if !w.Active {
				v.State = string(scm.DomainSuspended)
			}
			for _, d := range w.delegs {
				v.Delegations = append(v.Delegations, delegation{OrgID: d.OrgID, CertTypes: d.CertTypes})
			}
		case actDelete:
			v = view{Name: v.Name, State: "absent"}
		case actActivate:
			v.State = string(scm.DomainActive)
		case actSuspend:
			v.State = string(scm.DomainSuspended)
		default:
			v.Delegations = projectDelegation(v.Delegations, a)
		}
	}
	return v
}

func projectDelegation(ds []delegation, a action) []delegation {
	ds = slices.Clone(ds)
	i := slices.IndexFunc(ds, func(d delegation) bool { return d.OrgID == a.OrgID })
	switch {
	case a.Kind == actUndelegate && i >= 0:
		return slices.Delete(ds, i, i+1)
	case a.Kind == actApprove && i >= 0:
		ds[i].Status = scm.DelegationActive
	case a.Kind == actDelegate && i >= 0:
		ds[i].CertTypes = a.CertTypes
	case a.Kind == actDelegate:
		ds = append(ds, delegation{OrgID: a.OrgID, CertTypes: a.CertTypes})
	}
	return ds
}

// domainRow is one domain of the result, keys exactly as RETURN documents them. It is a struct, not a
// map: the list form may report thousands of domains, and maps of eight keys were most of the module's
// memory. The fields are in the order of their keys, so the JSON is what a map gave.
type domainRow struct {
	Actions          []string         `json:"actions"`
	Delegations      []map[string]any `json:"delegations"`
	Description      *string          `json:"description,omitempty"`
	ID               int              `json:"id"`
	Name             string           `json:"name"`
	PendingApproval  bool             `json:"pending_approval"`
	State            string           `json:"state"`
	ValidationStatus string           `json:"validation_status,omitempty"`
	Wildcard         *domainRow       `json:"wildcard,omitempty"` // the single form's wildcard twin
}

// row is the view in the result's shape.
func (v view) row(orgs *common.Orgs, actions []action) domainRow {
	return domainRow{ID: v.ID, Name: v.Name, State: v.State, Delegations: delegationData(v.Delegations, orgs),
		PendingApproval: pendingApproval(v.Delegations), Actions: actionStrings(actions),
		Description: v.Description, ValidationStatus: string(v.ValidationStatus)}
}

func delegationData(ds []delegation, orgs *common.Orgs) []map[string]any {
	out := make([]map[string]any, 0, len(ds))
	for _, d := range ds {
		m := map[string]any{"org_id": d.OrgID}
		if name := orgs.Name(d.OrgID); name != "" {
			m["organization"] = name
		}
		if d.CertTypes != nil {
			m["cert_types"] = d.CertTypes
		}
		if d.Status != "" {
			m["status"] = string(d.Status)
		}
		out = append(out, m)
	}
	return out
}

func pendingApproval(ds []delegation) bool {
	return slices.ContainsFunc(ds, func(d delegation) bool { return d.Status == scm.DelegationRequested })
}

// diffText is a domain as the --diff output shows it: one readable line per fact.
func (v view) diffText(orgs *common.Orgs) map[string]any {
	if v.State == "absent" {
		return map[string]any{"state": "absent"}
	}
	var ds []string
	for _, d := range v.Delegations {
		s := fmt.Sprintf("%d", d.OrgID)
		if name := orgs.Name(d.OrgID); name != "" {
			s += " (" + name + ")"
		}
		if d.CertTypes != nil {
			s += ": " + strings.Join(d.CertTypes, ", ")
		}
		if d.Status == scm.DelegationRequested {
			s += " [awaiting approval]"
		}
		ds = append(ds, s)
	}
	m := map[string]any{"state": v.State, "delegations": ds}
	if v.Description != nil {
		m["description"] = *v.Description
	}
	return m
}

func actionStrings(actions []action) []string {
	out := make([]string, len(actions))
	for i, a := range actions {
		out[i] = a.String()
	}
	return out
}

// buildResult assembles the module result from the plan and, after a real run, the outcomes.
func buildResult(env *ansible.Env, single bool, pl Plan, cur map[string]*observed, out []outcome, orgs *common.Orgs) *ansible.Result {
	res := &ansible.Result{Data: map[string]any{}}
	before, after := map[string]any{}, map[string]any{}
	entries := make([]domainRow, 0, len(pl.items))
	var all []string
	for i, it := range pl.items {
		b := beforeView(it.w, cur[it.w.Name])
		actions := it.actions
		if out != nil {
			actions = out[i].done
		}
		a := afterView(b, it.w, actions, out, i)
		entries = append(entries, a.row(orgs, actions))
		all = append(all, actionStrings(actions)...)
		res.Warnings = append(res.Warnings, it.warnings...)
		if len(it.actions) > 0 {
			before[it.w.Name], after[it.w.Name] = b.diffText(orgs), a.diffText(orgs)
		}
	}
	res.Changed = len(all) > 0
	res.Data["actions"] = nonNil(all)
	if single {
		res.Data["domain"] = singleData(entries)
	} else {
		res.Data["domains"] = entries
	}
	if env.Diff && len(before) > 0 {
		res.Diff = &ansible.Diff{Before: before, After: after}
	}
	return res
}

func afterView(b view, w *want, actions []action, out []outcome, i int) view {
	a := project(b, w, actions)
	if out == nil {
		return a
	}
	if out[i].id != 0 && a.State != "absent" {
		a.ID = out[i].id
	}
	if o := out[i].after; o != nil && o.Exists {
		a = beforeView(w, o)
	}
	if c := out[i].created; c != nil && a.State != "absent" {
		a.ValidationStatus = c.Validation
		a.Delegations = withStatus(a.Delegations, c.Requested)
	}
	return a
}

// withStatus gives the delegations of a domain created in the list form the status SCM reports: all
// awaiting approval when the domain is listed as such, else active.
func withStatus(ds []delegation, requested bool) []delegation {
	ds = slices.Clone(ds)
	for i := range ds {
		ds[i].Status = scm.DelegationActive
		if requested {
			ds[i].Status = scm.DelegationRequested
		}
	}
	return ds
}

// singleData returns the single form's domain, with its wildcard twin nested under "wildcard".
func singleData(entries []domainRow) domainRow {
	d := entries[0]
	if len(entries) > 1 {
		d.Wildcard = &entries[1]
	}
	return d
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
