package scmcertinfo

import (
	"cmp"
	"slices"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// buildResult returns the certificates under "certificates", sorted by ssl_id, keys exactly as RETURN
// documents them. An info module never reports a change.
func buildResult(certs []*cert, orgs *common.Orgs, withPEM bool) *ansible.Result {
	slices.SortFunc(certs, func(a, b *cert) int { return cmp.Compare(a.ID, b.ID) })
	list := make([]map[string]any, len(certs))
	for i, c := range certs {
		list[i] = c.data(orgs, withPEM)
	}
	return &ansible.Result{Data: map[string]any{"certificates": list}}
}

func (c *cert) data(orgs *common.Orgs, withPEM bool) map[string]any {
	m := map[string]any{
		"ssl_id": c.ID, "common_name": c.CommonName, "subject_alternative_names": nonNil(c.SANs),
		"status": c.Status, "serial_number": orNil(c.Serial),
		"profile": orNil(c.Profile), "profile_id": c.ProfileID,
		"org_id": c.OrgID, "organization": orNil(orgs.Name(c.OrgID)), "term": c.Term, "key_type": orNil(c.KeyType),
		"requested": orNil(c.Requested), "issued": orNil(c.Issued), "not_after": orNil(c.Expires),
		"days_left": c.DaysLeft, "revoked": orNil(c.Revoked), "renewed": c.Renewed,
		"external_requester": orNil(c.ExternalRequester), "comments": orNil(c.Comments),
	}
	if withPEM {
		m["pem"] = orNil(c.PEM)
	}
	return m
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
