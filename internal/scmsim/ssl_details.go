package scmsim

import (
	"strconv"
	"strings"
	"time"
)

// dateSSL is SCM's US date format for certificate details (§3.5).
const dateSSL = "01/02/2006"

type sslDetails struct {
	CommonName              string           `json:"commonName"`
	SSLID                   int              `json:"sslId"`
	ID                      int              `json:"id"`
	OrgID                   int              `json:"orgId"`
	Status                  string           `json:"status"`
	OrderNumber             int              `json:"orderNumber"`
	BackendCertID           string           `json:"backendCertId,omitempty"`
	Vendor                  string           `json:"vendor"`
	CertType                profileWire      `json:"certType"`
	ValidationType          string           `json:"validationType,omitempty"`
	Term                    int              `json:"term"`
	Owner                   string           `json:"owner"`
	Requester               string           `json:"requester"`
	RequestedVia            string           `json:"requestedVia"`
	ExternalRequester       string           `json:"externalRequester,omitempty"`
	Comments                string           `json:"comments,omitempty"`
	Requested               string           `json:"requested,omitempty"`
	Approved                string           `json:"approved,omitempty"`
	Issued                  string           `json:"issued,omitempty"`
	Declined                string           `json:"declined,omitempty"`
	Expires                 string           `json:"expires,omitempty"`
	Replaced                string           `json:"replaced,omitempty"`
	Revoked                 string           `json:"revoked,omitempty"`
	RenewedDate             string           `json:"renewedDate,omitempty"`
	ReasonCode              *int             `json:"reasonCode,omitempty"`
	Renewed                 bool             `json:"renewed"`
	SerialNumber            string           `json:"serialNumber,omitempty"`
	SignatureAlg            string           `json:"signatureAlg,omitempty"`
	KeyAlgorithm            string           `json:"keyAlgorithm"`
	KeySize                 int              `json:"keySize"`
	KeyType                 string           `json:"keyType"`
	KeyUsages               []string         `json:"keyUsages,omitempty"`
	ExtendedKeyUsages       []string         `json:"extendedKeyUsages,omitempty"`
	SubjectAlternativeNames []string         `json:"subjectAlternativeNames"`
	CustomFields            []NameValue      `json:"customFields"`
	CertificateDetails      *certDetailsWire `json:"certificateDetails,omitempty"`
	SuspendNotifications    bool             `json:"suspendNotifications"`
}

var validationTypes = map[string]string{
	"DV": "Domain Validation (DV)", "OV": "Organization Validation (OV)", "EV": "Extended Validation (EV)",
}

// sslDetails renders GET /ssl/v1/{id} (§7.6). Empty dates are omitted.
func (s *Server) sslDetails(c *Certificate) sslDetails {
	p := s.profile(c.ProfileID)
	alg, size := splitKeyType(c.KeyType)
	d := sslDetails{CommonName: c.CommonName, SSLID: c.ID, ID: c.ID, OrgID: c.OrgID, Status: s.certStatus(c),
		OrderNumber: 400000000 + c.ID, Vendor: "Sectigo", Term: c.Term, Owner: c.Requester,
		Requester: c.Requester, RequestedVia: "REST API", ExternalRequester: c.ExternalRequester,
		Comments: c.Comments, Renewed: c.Renewed, SerialNumber: c.SerialHex, KeyAlgorithm: alg,
		KeySize: size, KeyType: c.KeyType, SubjectAlternativeNames: allNames(c), CustomFields: c.CustomFields}
	if d.CustomFields == nil {
		d.CustomFields = []NameValue{}
	}
	if p != nil {
		d.CertType, d.ValidationType = toProfileWire(p), validationTypes[p.ValidationType]
	}
	d.Requested, d.Approved = usDate(c.Dates.Requested), usDate(c.Dates.Approved)
	d.Issued, d.Declined, d.Expires = usDate(c.Dates.Issued), usDate(c.Dates.Declined), usDate(c.Dates.Expires)
	d.Replaced, d.Revoked, d.RenewedDate = usDate(c.Dates.Replaced), usDate(c.Dates.Revoked), usDate(c.Dates.Renewed)
	if c.Status == sslRevoked {
		rc := c.ReasonCode
		d.ReasonCode = &rc
	}
	if len(c.DER) > 0 {
		d.BackendCertID = strconv.Itoa(800000000 + c.ID)
		d.SignatureAlg = "SHA256withECDSA"
		d.KeyUsages, d.ExtendedKeyUsages = keyUsages(alg), []string{"serverAuth"}
		d.CertificateDetails = certificateDetails(c.DER)
	}
	return d
}

func usDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateSSL)
}

// splitKeyType turns "RSA - 2048" / "EC - P-256" into algorithm and bits.
func splitKeyType(kt string) (string, int) {
	alg, param, _ := strings.Cut(kt, " - ")
	param = strings.TrimPrefix(param, "P-")
	n, _ := strconv.Atoi(param) // a malformed stored value shows as size 0
	return alg, n
}

func keyUsages(alg string) []string {
	if alg == "RSA" {
		return []string{"digitalSignature", "keyEncipherment"}
	}
	return []string{"digitalSignature"}
}
