package scmdomaininfo

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// buildResult returns the domains under "domains", keys exactly as RETURN documents them. An info
// module never reports a change.
func buildResult(doms []*domain, orgs *common.Orgs) *ansible.Result {
	list := make([]map[string]any, len(doms))
	for i, d := range doms {
		list[i] = d.data(orgs)
	}
	return &ansible.Result{Data: map[string]any{"domains": list}}
}

func (d *domain) data(orgs *common.Orgs) map[string]any {
	m := map[string]any{
		"id": d.ID, "name": d.Name, "state": d.State, "pending_approval": d.Pending,
		"delegations":      delegationData(d.Delegations, orgs),
		"dcv_status":       orNil(d.DCV.Status),
		"dcv_method":       orNil(d.DCV.Method),
		"dcv_order_status": orNil(d.DCV.OrderStatus),
		"dcv_order_method": orNil(d.DCV.OrderMethod),
		"dcv_expires":      orNil(d.DCV.Expires),
		"days_left":        d.DCV.DaysLeft,
	}
	if d.Detailed {
		m["description"] = d.Description
		m["dcv_validated"] = orNil(d.DCV.Validated)
	}
	return m
}

func delegationData(ds []delegation, orgs *common.Orgs) []map[string]any {
	out := make([]map[string]any, 0, len(ds))
	for _, dl := range ds {
		m := map[string]any{"org_id": dl.OrgID, "organization": orNil(orgs.Name(dl.OrgID))}
		if dl.CertTypes != nil || dl.Status != "" {
			m["cert_types"], m["status"] = nonNil(dl.CertTypes), dl.Status
		}
		out = append(out, m)
	}
	return out
}

// orNil turns "unknown" into null, so a template can test it with "is none".
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
