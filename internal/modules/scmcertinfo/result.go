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
	list := common.Rows(certs, func(c *cert) map[string]any { return c.data(orgs, withPEM) })
	return &ansible.Result{Data: map[string]any{"certificates": list}}
}

func (c *cert) data(orgs *common.Orgs, withPEM bool) map[string]any {
	orNil := common.OrNil
	m := map[string]any{
		"ssl_id": c.ID, "common_name": c.CommonName, "subject_alternative_names": common.NonNil(c.SANs),
		"status": string(c.Status), "serial_number": orNil(c.Serial),
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
