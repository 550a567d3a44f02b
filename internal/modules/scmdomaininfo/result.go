package scmdomaininfo

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// buildResult returns the domains under "domains", keys exactly as RETURN documents them. An info
// module never reports a change.
func buildResult(doms []*domain, orgs *common.Orgs) *ansible.Result {
	list := common.Rows(doms, func(d *domain) map[string]any { return d.data(orgs) })
	return &ansible.Result{Data: map[string]any{"domains": list}}
}

func (d *domain) data(orgs *common.Orgs) map[string]any {
	m := map[string]any{
		"id": d.ID, "name": d.Name, "state": d.State, "pending_approval": d.Pending,
		"delegations":      delegationData(d.Delegations, orgs),
		"dcv_status":       common.OrNil(d.DCV.Status),
		"dcv_method":       common.OrNil(d.DCV.Method),
		"dcv_order_status": common.OrNil(d.DCV.OrderStatus),
		"dcv_order_method": common.OrNil(d.DCV.OrderMethod),
		"dcv_expires":      common.OrNil(d.DCV.Expires),
		"days_left":        d.DCV.DaysLeft,
	}
	if d.Detailed {
		m["description"] = d.Description
		m["dcv_validated"] = common.OrNil(d.DCV.Validated)
	}
	return m
}

func delegationData(ds []delegation, orgs *common.Orgs) []map[string]any {
	return common.Rows(ds, func(dl delegation) map[string]any {
		m := map[string]any{"org_id": dl.OrgID, "organization": common.OrNil(orgs.Name(dl.OrgID))}
		if dl.CertTypes != nil || dl.Status != "" {
			m["cert_types"], m["status"] = common.NonNil(dl.CertTypes), dl.Status
		}
		return m
	})
}
