package scmdomaininfo

import (
	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// buildResult returns the domains under "domains", keys exactly as RETURN documents them. An info
// module never reports a change.
//
// Without details a row is a struct, not a map: 20,000 domains as maps of 11 keys were a good part of
// the module's memory, and under its soft memory limit the garbage collector's time grew faster than
// the inventory. The fields are in the order of their keys, so the JSON is the same as a map's. With
// details (a read per domain, so far fewer domains) the row keeps the map, which has two keys more.
func buildResult(doms []*domain, orgs *common.Orgs) *ansible.Result {
	if len(doms) > 0 && !doms[0].Detailed {
		rows := make([]domainRow, len(doms))
		for i, d := range doms {
			rows[i] = d.row(orgs)
		}
		return &ansible.Result{Data: map[string]any{"domains": rows}}
	}
	list := common.Rows(doms, func(d *domain) map[string]any { return d.data(orgs) })
	return &ansible.Result{Data: map[string]any{"domains": list}}
}

// domainRow is one domain of the result without details; nil pointers are null.
type domainRow struct {
	DaysLeft        *int             `json:"days_left"`
	DCVExpires      *string          `json:"dcv_expires"`
	DCVMethod       *string          `json:"dcv_method"`
	DCVOrderMethod  *string          `json:"dcv_order_method"`
	DCVOrderStatus  *string          `json:"dcv_order_status"`
	DCVStatus       *string          `json:"dcv_status"`
	Delegations     []map[string]any `json:"delegations"`
	ID              int              `json:"id"`
	Name            string           `json:"name"`
	PendingApproval bool             `json:"pending_approval"`
	State           string           `json:"state"`
}

func (d *domain) row(orgs *common.Orgs) domainRow {
	return domainRow{ID: d.ID, Name: d.Name, State: d.State, PendingApproval: d.Pending,
		Delegations: delegationData(d.Delegations, orgs), DCVStatus: common.NullString(d.DCV.Status),
		DCVMethod: common.NullString(d.DCV.Method), DCVOrderStatus: common.NullString(d.DCV.OrderStatus),
		DCVOrderMethod: common.NullString(d.DCV.OrderMethod), DCVExpires: common.NullString(d.DCV.Expires), DaysLeft: d.DCV.DaysLeft}
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
