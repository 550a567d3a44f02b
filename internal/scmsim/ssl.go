package scmsim

import (
	"crypto/md5"  //nolint:gosec // SCM reports an MD5 fingerprint; it is not used for security
	"crypto/sha1" //nolint:gosec // likewise the SHA-1 fingerprint
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"strconv"
	"strings"
)

// Wire structs of the SSL area (scm-api.md §7).
type profileWire struct {
	ID                  int                 `json:"id"`
	Name                string              `json:"name"`
	Description         string              `json:"description,omitempty"`
	Terms               []int               `json:"terms"`
	KeyTypes            map[string][]string `json:"keyTypes,omitempty"`
	UseSecondaryOrgName bool                `json:"useSecondaryOrgName"`
}

type customFieldWire struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	Mandatory bool   `json:"mandatory"`
}

type sslListItem struct {
	SSLID                   int      `json:"sslId"`
	CommonName              string   `json:"commonName"`
	SubjectAlternativeNames []string `json:"subjectAlternativeNames,omitempty"`
	SerialNumber            string   `json:"serialNumber,omitempty"`
}

type certDetailsWire struct {
	Issuer          string `json:"issuer"`
	Subject         string `json:"subject"`
	SubjectAltNames string `json:"subjectAltNames"`
	MD5Hash         string `json:"md5Hash"`
	SHA1Hash        string `json:"sha1Hash"`
	SHA256Hash      string `json:"sha256Hash"`
}

func (s *Server) sslRoutes() []route {
	t := typeSSLJSON
	rs := []route{
		{pattern: "GET /ssl/v1/types", ctype: t, h: s.sslTypes},
		{pattern: "GET /ssl/v1/customFields", ctype: t, h: s.sslCustomFields},
		{pattern: "POST /ssl/v1/enroll", ctype: t, h: s.sslEnroll},
		{pattern: "GET /ssl/v1/collect/{id}", ctype: t, h: s.sslCollect},
		{pattern: "GET /ssl/v1/collect/{id}/{format}", ctype: t, h: s.sslCollect},
		{pattern: "GET /ssl/v1/{id}", ctype: t, h: s.sslGet},
		{pattern: "GET /ssl/v1", ctype: t, h: s.sslList},
		{pattern: "HEAD /ssl/v1", ctype: t, h: s.sslList}, // the count: same answer, no body
		{pattern: "PUT /ssl/v1", ctype: t, h: s.sslUpdate},
		{pattern: "DELETE /ssl/v1/{id}", ctype: t, h: s.sslDelete},
	}
	return append(rs, s.sslLifecycleRoutes()...)
}

func toProfileWire(p *Profile) profileWire {
	return profileWire{ID: p.ID, Name: p.Name, Description: p.Description, Terms: p.Terms,
		KeyTypes: p.KeyTypes, UseSecondaryOrgName: p.UseSecondaryOrgName}
}

// sslTypes lists the profiles. Every profile is available to every
// organization; organizationId is only checked to exist.
func (s *Server) sslTypes(c *call) error {
	if raw := c.r.URL.Query().Get("organizationId"); raw != "" {
		id, err := strconv.Atoi(raw)
		if err != nil {
			return invalid("organizationId", "'%s' is not an integer", raw)
		}
		if _, err := s.checkOrg(c.admin, id, "listing SSL types"); err != nil {
			return err
		}
	}
	out := []profileWire{}
	for i := range s.w.Profiles {
		out = append(out, toProfileWire(&s.w.Profiles[i]))
	}
	return c.json(out)
}

// sslCustomFields reports fields as configured: a field can be mandatory here
// and still be enforced only for the profiles that list it (Profile.
// MandatoryFields), which is how the emulator models SCM's per-type rules.
func (s *Server) sslCustomFields(c *call) error {
	out := []customFieldWire{}
	for _, f := range s.w.CustomFields {
		out = append(out, customFieldWire(f))
	}
	return c.json(out)
}

// allNames is the CN followed by the SANs: the list SCM shows as
// subjectAlternativeNames (the emulator includes the CN, as DOC's example
// does).
func allNames(c *Certificate) []string {
	out := []string{c.CommonName}
	for _, n := range c.SANs {
		if n != c.CommonName {
			out = append(out, n)
		}
	}
	return out
}

// sslList filters: commonName and subjectAlternativeName match as
// case-insensitive substrings; status, serialNumber, orgId and sslTypeId
// exactly. HEAD answers the same with no body (the count).
func (s *Server) sslList(c *call) error {
	q := c.filters()
	orgID, typeID := q.int("orgId", 0), q.int("sslTypeId", 0)
	cn, san, status, serial := q.Get("commonName"), q.Get("subjectAlternativeName"), q.Get("status"), q.Get("serialNumber")
	return listPage(c, q, true, s.w.Certificates,
		func(cert *Certificate) bool {
			if !s.canSee(c.admin, cert.OrgID) {
				return false
			}
			s.settle(cert) // a due issuance shows in the list, and the filters see its serial
			return s.certMatches(cert, cn, san, status, serial, orgID, typeID)
		},
		func(cert *Certificate) sslListItem {
			return sslListItem{SSLID: cert.ID, CommonName: cert.CommonName,
				SubjectAlternativeNames: allNames(cert), SerialNumber: cert.SerialHex}
		})
}

func (s *Server) certMatches(c *Certificate, cn, san, status, serial string, orgID, typeID int) bool {
	switch {
	case cn != "" && !containsFold(c.CommonName, cn):
		return false
	case san != "" && !anyContainsFold(allNames(c), san):
		return false
	case status != "" && !strings.EqualFold(status, s.certStatus(c)):
		return false
	case serial != "" && normSerial(serial) != normSerial(c.SerialHex):
		return false
	case orgID != 0 && c.OrgID != orgID:
		return false
	}
	return typeID == 0 || c.ProfileID == typeID
}

func anyContainsFold(list []string, sub string) bool {
	for _, s := range list {
		if containsFold(s, sub) {
			return true
		}
	}
	return false
}

// normSerial compares serials whether or not they carry colons.
func normSerial(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), ":", ""))
}

func (s *Server) sslGet(c *call) error {
	cert, err := c.visibleCert()
	if err != nil {
		return err
	}
	return c.json(s.sslDetails(cert))
}

// certificateDetails renders the issued certificate's subject block.
func certificateDetails(der []byte) *certDetailsWire {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(cert.DNSNames))
	for _, n := range cert.DNSNames {
		names = append(names, "dNSName="+n)
	}
	md := md5.Sum(der)   //nolint:gosec // fingerprint only
	sh1 := sha1.Sum(der) //nolint:gosec // fingerprint only
	sh2 := sha256.Sum256(der)
	return &certDetailsWire{Issuer: cert.Issuer.String(), Subject: cert.Subject.String(),
		SubjectAltNames: strings.Join(names, ", "), MD5Hash: strings.ToUpper(hex.EncodeToString(md[:])),
		SHA1Hash: strings.ToUpper(hex.EncodeToString(sh1[:])), SHA256Hash: strings.ToUpper(hex.EncodeToString(sh2[:]))}
}
