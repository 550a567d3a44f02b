package scmcertinfo

import (
	"crypto/x509"
	"strconv"
	"time"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// cert is one certificate as the result reports it.
type cert struct {
	ID                          int
	CommonName                  string
	SANs                        []string // the common name and the SANs, normalised, sorted, unique
	Status                      scm.SSLStatus
	Serial                      string
	Profile                     string
	ProfileID, OrgID, Term      int
	KeyType                     string
	Requested, Issued           string // yyyy-mm-dd
	Expires, Revoked            string // yyyy-mm-dd
	DaysLeft                    *int
	Renewed                     bool
	ExternalRequester, Comments string
	PEM                         string // include_pem only
}

// fromDetails turns a certificate's details into its facts, days_left counted as of dates.Now.
func fromDetails(c *scm.Certificate, dates common.Dates) *cert {
	out := &cert{ID: c.ID, CommonName: dnsname.Lenient(c.CommonName), SANs: certNames(c.CommonName, c.SubjectAlternativeNames),
		Status: c.Status, Serial: c.SerialNumber, Profile: c.CertType.Name, ProfileID: c.CertType.ID,
		OrgID: c.OrgID, Term: c.Term, KeyType: c.KeyType, Renewed: c.Renewed,
		ExternalRequester: c.ExternalRequester, Comments: c.Comments}
	row := "certificate " + strconv.Itoa(c.ID)
	out.Requested = isoDate(c.Requested, row, "requested", dates)
	out.Issued = isoDate(c.Issued, row, "issued", dates)
	out.Revoked = isoDate(c.Revoked, row, "revoked", dates)
	out.Expires = isoDate(c.Expires, row, "expires", dates)
	if c.Expires.IsSet() && !c.Expires.Unreadable() { // isoDate has warned about an unreadable one
		n := common.DaysLeft(c.Expires.Time, dates.Now)
		out.DaysLeft = &n
	}
	return out
}

// isoDate writes a date as yyyy-mm-dd, which sorts and compares as text. A date SCM sends in a form
// nobody knows is passed on as it is, with a warning.
func isoDate(d scm.Date, row, field string, dates common.Dates) string {
	if !dates.Readable(d, row, field+" date", "") {
		return d.Raw // "" when SCM sent no date
	}
	return d.Time.Format(time.DateOnly)
}

// leafFirst parses what collect returned (SCM's pem is root first) and writes it leaf first, then each
// issuer.
func leafFirst(raw []byte) (string, error) {
	leaf, chain, err := certutil.SplitChain(raw)
	if err != nil {
		return "", err
	}
	return string(certutil.EncodePEM(append([]*x509.Certificate{leaf}, chain...)...)), nil
}
