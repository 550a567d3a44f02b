package acmeuserinfo

import (
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// buildResult returns the accounts (sorted by id) under "accounts", and with coverage
// "uncovered_domains"; keys exactly as RETURN documents them. Never an EAB HMAC key: the accounts were
// stripped of it while listing. An info module never reports a change.
func buildResult(v view, s *snapshot, orgs *common.Orgs) *ansible.Result {
	list := make([]map[string]any, len(v.accounts))
	for i, a := range v.accounts {
		list[i] = accountData(a, v.domains[i], orgs, s.coverage)
	}
	data := map[string]any{"accounts": list}
	if s.coverage {
		data["uncovered_domains"] = v.uncovered
	}
	return &ansible.Result{Data: data}
}

func accountData(a account, doms []mappedDomain, orgs *common.Orgs, coverage bool) map[string]any {
	ds := make([]map[string]any, len(doms))
	for i, d := range doms {
		ds[i] = map[string]any{"name": d.Name, "valid_until": orNil(d.ValidUntil), "sticky_until": orNil(d.StickyUntil),
			"days_left": d.DaysLeft}
		if coverage {
			ds[i]["dcv_status"] = orNil(d.DCVStatus)
		}
	}
	return map[string]any{
		"id": a.ID, "name": a.Name, "status": orNil(strings.ToLower(a.Status)), "acme_server": orNil(a.ServerURL),
		"acme_server_name": orNil(a.ServerName), "organization_id": a.OrganizationID,
		"organization": orNil(orgs.Name(a.OrganizationID)), "cert_validation_type": orNil(a.CertValidationType),
		"eab_kid": orNil(a.MacID), "contacts": orNil(a.Contacts), "domains": ds,
	}
}

// orNil turns "unknown" into null, so a template can test it with "is none".
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
