package scmdcv

import (
	"github.com/scmkit/sectigo/internal/ansible"
)

// method is the method of the order under way, or, when none is, the one that validated the domain.
func (o observed) method() string {
	if o.pending() {
		return o.OrderMethod
	}
	return o.ValidatedBy
}

// data is one requested name in the result's shape; every name validated through the same domain
// shows that domain's state and instructions. minDays is the run's min_days_valid.
func (it *item) data(w want, actions []string, minDays int) map[string]any {
	o := it.After
	m := map[string]any{
		"name": w.Name, "dcv_domain": it.Target, "status": o.Status, "order_status": o.OrderStatus,
		"method": o.method(), "expires": o.Expires, "days_left": nil, "revalidate_after": o.revalidateAfter(minDays),
		"actions": actions, "dns_records": o.Instr.dnsRecords(o.method()), "emails": nonNil(o.Instr.Emails),
	}
	if o.DaysLeft != nil {
		m["days_left"] = *o.DaysLeft
	}
	if o.Validated != "" {
		m["validated"] = o.Validated
	}
	if note := mappingNote(w.Name, it.Target); note != "" {
		m["mapping"] = note
	}
	if f, ok := o.Instr.file(); ok {
		m["http_file"] = f
	}
	if o.Instr.ValidationEmail != "" {
		m["validation_email"] = o.Instr.ValidationEmail
	}
	if it.Err != nil {
		m["error"] = it.Err.Error()
	}
	return m
}

// diffView is a domain's validation as --diff shows it.
func diffView(o observed) map[string]any {
	return map[string]any{"status": o.Status, "order_status": o.OrderStatus, "method": o.method()}
}

// buildResult assembles the result: per name in the order given, the actions (planned in check mode,
// done otherwise), every DNS record to publish, and the diff of each domain whose validation changes.
func buildResult(env *ansible.Env, t *task, items []*item) *ansible.Result {
	res := &ansible.Result{Data: map[string]any{}}
	byName := map[string]*item{}
	before, after := map[string]any{}, map[string]any{}
	var all []string
	for _, it := range items {
		acts := it.actionStrings(env.CheckMode)
		all = append(all, acts...)
		for _, w := range it.Wants {
			byName[w.Name] = it
		}
		if len(acts) > 0 {
			before[it.Target], after[it.Target] = diffView(it.Before), diffView(it.After)
		}
	}
	entries := make([]map[string]any, 0, len(t.Wants))
	for _, w := range t.Wants {
		it := byName[w.Name]
		entries = append(entries, it.data(w, it.actionStrings(env.CheckMode), t.MinDays))
	}
	res.Changed = len(all) > 0
	res.Data["actions"] = nonNil(all)
	res.Data["min_days_valid"] = t.MinDays
	res.Data["dns_records"] = allRecords(items)
	if t.Single {
		res.Data["domain"] = entries[0]
	} else {
		res.Data["domains"] = entries
	}
	if env.Diff && len(before) > 0 {
		res.Diff = &ansible.Diff{Before: before, After: after}
	}
	return res
}

// actionStrings are the item's actions: planned in check mode, done otherwise.
func (it *item) actionStrings(checkMode bool) []string {
	acts := it.Done
	if checkMode {
		acts = it.Actions
	}
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.describe(it.Target)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// allRecords is every record the task's domains ask for, once each, in the order of the domains.
func allRecords(items []*item) []dnsRecord {
	out := []dnsRecord{}
	seen := map[dnsRecord]bool{}
	for _, it := range items {
		for _, rec := range it.After.Instr.dnsRecords(it.After.method()) {
			if !seen[rec] {
				seen[rec] = true
				out = append(out, rec)
			}
		}
	}
	return out
}
