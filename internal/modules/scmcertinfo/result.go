package scmcertinfo

import (
	"cmp"
	"slices"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// buildResult returns the certificates under "certificates", sorted by ssl_id, keys exactly as RETURN
// documents them. An info module never reports a change.
//
// A row is a struct, not a map: 20,000 certificates as maps of 19 keys were some 40 MB of the
// module's memory, as structs a fifth of that. The fields are in the order of their keys, so the
// JSON is the same as a map's.
func buildResult(certs []*cert, orgs *common.Orgs, withPEM bool) *ansible.Result {
	slices.SortFunc(certs, func(a, b *cert) int { return cmp.Compare(a.ID, b.ID) })
	if withPEM {
		rows := make([]pemRow, len(certs))
		for i, c := range certs {
			rows[i] = pemRow{certRow: c.row(orgs), PEM: common.NullString(c.PEM)}
		}
		return &ansible.Result{Data: map[string]any{"certificates": rows}}
	}
	rows := make([]certRow, len(certs))
	for i, c := range certs {
		rows[i] = c.row(orgs)
	}
	return &ansible.Result{Data: map[string]any{"certificates": rows}}
}

// certRow is one certificate of the result; nil pointers are null.
type certRow struct {
	Comments                *string  `json:"comments"`
	CommonName              string   `json:"common_name"`
	DaysLeft                *int     `json:"days_left"`
	ExternalRequester       *string  `json:"external_requester"`
	Issued                  *string  `json:"issued"`
	KeyType                 *string  `json:"key_type"`
	NotAfter                *string  `json:"not_after"`
	OrgID                   int      `json:"org_id"`
	Organization            *string  `json:"organization"`
	Profile                 *string  `json:"profile"`
	ProfileID               int      `json:"profile_id"`
	Renewed                 bool     `json:"renewed"`
	Requested               *string  `json:"requested"`
	Revoked                 *string  `json:"revoked"`
	SerialNumber            *string  `json:"serial_number"`
	SSLID                   int      `json:"ssl_id"`
	Status                  string   `json:"status"`
	SubjectAlternativeNames []string `json:"subject_alternative_names"`
	Term                    int      `json:"term"`
}

// pemRow is a row with include_pem.
type pemRow struct {
	certRow
	PEM *string `json:"pem"`
}

func (c *cert) row(orgs *common.Orgs) certRow {
	return certRow{SSLID: c.ID, CommonName: c.CommonName, SubjectAlternativeNames: common.NonNil(c.SANs),
		Status: string(c.Status), SerialNumber: common.NullString(c.Serial), Profile: common.NullString(c.Profile), ProfileID: c.ProfileID,
		OrgID: c.OrgID, Organization: common.NullString(orgs.Name(c.OrgID)), Term: c.Term, KeyType: common.NullString(c.KeyType),
		Requested: common.NullString(c.Requested), Issued: common.NullString(c.Issued), NotAfter: common.NullString(c.Expires), DaysLeft: c.DaysLeft,
		Revoked: common.NullString(c.Revoked), Renewed: c.Renewed, ExternalRequester: common.NullString(c.ExternalRequester),
		Comments: common.NullString(c.Comments)}
}
