package acmeuserinfo

import (
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// buildResult returns the accounts (sorted by id) under "accounts", and with coverage
// "uncovered_domains"; keys exactly as RETURN documents them. Never an EAB HMAC key: the accounts were
// stripped of it while listing. An info module never reports a change.
func buildResult(v view, orgs *common.Orgs) *ansible.Result {
	list := common.Rows(v.accounts, func(a accountFacts) map[string]any { return a.data(orgs, v.coverage) })
	data := map[string]any{"accounts": list}
	if v.coverage {
		data["uncovered_domains"] = v.uncovered
	}
	return &ansible.Result{Data: data}
}

func (a accountFacts) data(orgs *common.Orgs, coverage bool) map[string]any {
	orNil := common.OrNil
	return map[string]any{
		"id": a.ID, "name": a.Name, "status": orNil(strings.ToLower(string(a.Status))), "acme_server": orNil(a.ServerURL),
		"acme_server_name": orNil(a.ServerName), "organization_id": a.OrganizationID,
		"organization": orNil(orgs.Name(a.OrganizationID)), "cert_validation_type": orNil(a.CertValidationType),
		"eab_kid": orNil(a.MacID), "contacts": orNil(a.Contacts),
		"domains": common.Rows(a.domains, func(d mappedDomain) map[string]any { return d.data(coverage) }),
	}
}

func (d mappedDomain) data(coverage bool) map[string]any {
	m := map[string]any{"name": d.Name, "valid_until": common.OrNil(d.ValidUntil),
		"sticky_until": common.OrNil(d.StickyUntil), "days_left": d.DaysLeft}
	if coverage {
		m["dcv_status"] = common.OrNil(d.DCVStatus)
	}
	return m
}
