package scmsim

import (
	"crypto/rand"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/scmsim/simca"
)

// enrollReq is POST /ssl/v1/enroll. Legacy fields (numberServers,
// serverType, commonName, evDetails) are accepted and ignored.
type enrollReq struct {
	OrgID             flexInt     `json:"orgId"`
	CSR               string      `json:"csr"`
	CertType          flexInt     `json:"certType"`
	Term              flexInt     `json:"term"`
	SubjAltNames      flexList    `json:"subjAltNames"`
	Comments          string      `json:"comments"`
	ExternalRequester string      `json:"externalRequester"`
	CustomFields      []NameValue `json:"customFields"`
	DCVMode           string      `json:"dcvMode"`
	DCVEmail          string      `json:"dcvEmail"`
}

type enrollResp struct {
	SSLID   int    `json:"sslId"`
	RenewID string `json:"renewId"`
}

var dcvModes = []string{"CNAME", "EMAIL", "HTTP", "HTTPS", "TXT", "AUTO"}

// sslEnroll validates in this order: org, profile, term, CSR and key type,
// custom fields, DCV mode, text lengths, then the names' domains and DCV.
func (s *Server) sslEnroll(c *call) error {
	cert, err := fromBody(c, s.newCertificate)
	if err != nil {
		return err
	}
	if s.knobs.SSLApproval {
		cert.Status = sslRequested
	} else if err := s.apply(&cert); err != nil {
		return err
	}
	s.w.Certificates = append(s.w.Certificates, cert)
	c.commit()
	s.log.Info("ssl enrolled", "id", cert.ID, "cn", cert.CommonName, "status", cert.Status, "by", c.admin.Login)
	return c.json(enrollResp{SSLID: cert.ID, RenewID: cert.RenewID})
}

func (s *Server) newCertificate(a Admin, req enrollReq) (Certificate, error) {
	if !req.OrgID.Set {
		return Certificate{}, required("orgId")
	}
	if _, err := s.checkOrg(a, req.OrgID.V, "SSL enrollment"); err != nil {
		return Certificate{}, err
	}
	p, err := s.checkProfile(req.CertType, req.Term)
	if err != nil {
		return Certificate{}, err
	}
	info, err := checkCSR(req.CSR, p.KeyTypes)
	if err != nil {
		return Certificate{}, err
	}
	if err := s.checkEnrollExtras(p, req); err != nil {
		return Certificate{}, err
	}
	cn := normName(info.CommonName)
	sans := normNames(req.SubjAltNames)
	if err := s.checkNames(req.OrgID.V, union([]string{cn}, sans)); err != nil {
		return Certificate{}, err
	}
	cert := Certificate{ID: s.w.NextIDs.Certificate, RenewID: randomRenewID(), OrgID: req.OrgID.V,
		ProfileID: p.ID, Term: req.Term.V, CSR: req.CSR, CommonName: cn, SANs: sans, KeyType: info.KeyType(),
		Requester: a.Login, Comments: req.Comments, ExternalRequester: req.ExternalRequester,
		CustomFields: req.CustomFields, DCVMode: req.DCVMode, Dates: CertDates{Requested: s.simNow()}}
	s.w.NextIDs.Certificate++
	return cert, nil
}

// checkProfile: a missing or non-positive certType is -39, an unknown one
// -111, a term the profile does not offer -36.
func (s *Server) checkProfile(certType, term flexInt) (*Profile, error) {
	if !certType.Set || certType.V <= 0 {
		return nil, badRequest(-39, "Profile id is invalid")
	}
	p := s.profile(certType.V)
	if p == nil {
		return nil, badRequest(-111, "No profile found by id %d", certType.V)
	}
	if !term.Set {
		return nil, required("term")
	}
	if !slices.Contains(p.Terms, term.V) {
		return nil, badRequest(-36, "Term %d days is invalid for profile '%s'", term.V, p.Name)
	}
	return p, nil
}

// checkCSR parses the CSR and checks its key against the profile; simca's
// CSRError carries SCM's code.
func checkCSR(csr string, keyTypes map[string][]string) (*simca.CSRInfo, error) {
	if strings.TrimSpace(csr) == "" {
		return nil, required("csr")
	}
	info, err := simca.ParseCSR(csr)
	if err == nil {
		err = simca.CheckKeyType(info, keyTypes)
	}
	var ce *simca.CSRError
	if errors.As(err, &ce) {
		return nil, badRequest(ce.Code, "%s", ce.Description)
	}
	if err != nil {
		return nil, badRequest(-10, "CSR cannot be decoded: %v", err)
	}
	if strings.TrimSpace(info.CommonName) == "" {
		return nil, invalid("csr", "the CSR has no common name")
	}
	return info, nil
}

// checkEnrollExtras checks custom fields (unknown names -1601, the profile's
// mandatory fields -62), dcvMode/dcvEmail and the free-text limits.
func (s *Server) checkEnrollExtras(p *Profile, req enrollReq) error {
	given := map[string]string{}
	for _, f := range req.CustomFields {
		if !slices.ContainsFunc(s.w.CustomFields, func(cf CustomField) bool { return cf.Name == f.Name }) {
			return invalid("customFields", "unknown custom field '%s'", f.Name)
		}
		given[f.Name] = strings.TrimSpace(f.Value)
	}
	for _, name := range p.MandatoryFields {
		if given[name] == "" {
			return badRequest(-62, "Custom field '%s' is mandatory", name)
		}
	}
	if req.DCVMode != "" && !slices.Contains(dcvModes, strings.ToUpper(req.DCVMode)) {
		return invalid("dcvMode", "'%s' is not one of %s", req.DCVMode, strings.Join(dcvModes, ", "))
	}
	if strings.EqualFold(req.DCVMode, "EMAIL") && req.DCVEmail == "" {
		return required("dcvEmail")
	}
	if len(req.Comments) > 1024 {
		return invalid("comments", "longer than 1024 characters")
	}
	if len(req.ExternalRequester) > 512 {
		return invalid("externalRequester", "longer than 512 characters")
	}
	return nil
}

func normNames(in []string) []string {
	var out []string
	for _, n := range in {
		if n = normName(n); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// randomRenewID looks like SCM's renewId: 24 URL-safe characters.
func randomRenewID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// sslDelete: SCM deletes only imported or discovered certificates, and the
// emulator has none, so every delete is refused.
func (s *Server) sslDelete(c *call) error {
	cert, err := c.visibleCert()
	if err != nil {
		return err
	}
	return newErr(http.StatusBadRequest, -1, "Certificate %d was enrolled, not imported or discovered: it cannot be deleted", cert.ID)
}
