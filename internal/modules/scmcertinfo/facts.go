package scmcertinfo

import (
	"crypto/x509"
	"strconv"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// cert is one certificate as the result reports it.
type cert struct {
	ID                          int
	CommonName                  string
	SANs                        []string // the common name and the SANs, normalised, sorted, unique
	Status                      string
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

func fromDetails(c *scm.Certificate, now time.Time, env *ansible.Env) *cert {
	out := &cert{ID: c.ID, CommonName: normalName(c.CommonName), SANs: certNames(c.CommonName, c.SubjectAlternativeNames),
		Status: c.Status, Serial: c.SerialNumber, Profile: c.CertType.Name, ProfileID: c.CertType.ID,
		OrgID: c.OrgID, Term: c.Term, KeyType: c.KeyType, Renewed: c.Renewed,
		ExternalRequester: c.ExternalRequester, Comments: c.Comments}
	out.Requested = isoDate(c.Requested, c.ID, "requested", env)
	out.Issued = isoDate(c.Issued, c.ID, "issued", env)
	out.Revoked = isoDate(c.Revoked, c.ID, "revoked", env)
	out.Expires = isoDate(c.Expires, c.ID, "expires", env)
	if exp, err := time.Parse(time.DateOnly, out.Expires); err == nil {
		n := common.DaysLeft(exp, now)
		out.DaysLeft = &n
	}
	return out
}

// isoDate turns SCM's MM/dd/yyyy into yyyy-mm-dd, which sorts and compares as text. A date SCM sends
// in a form nobody knows is passed on as it is, with a warning.
func isoDate(s string, id int, field string, env *ansible.Env) string {
	if s == "" {
		return ""
	}
	t, err := scm.ParseDate(s)
	if err != nil {
		env.Warn("certificate " + strconv.Itoa(id) + ": SCM sent a " + field + " date that cannot be read (" + s + ")")
		return s
	}
	return t.Format(time.DateOnly)
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
