package scmsim

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/scmkit/sectigo/internal/scmsim/simca"
)

type renewReq struct {
	CSR      string `json:"csr"`
	DCVMode  string `json:"dcvMode"`
	DCVEmail string `json:"dcvEmail"`
}

type replaceReq struct {
	CSR        string   `json:"csr"`
	Reason     string   `json:"reason"`
	CommonName string   `json:"commonName"`
	SANs       flexList `json:"subjectAlternativeNames"`
}

func (s *Server) sslLifecycleRoutes() []route {
	t := typeSSLJSON
	return []route{
		{pattern: "POST /ssl/v1/renewById/{id}", ctype: t, h: s.sslRenewByID},
		{pattern: "POST /ssl/v1/renew/{renewId}", ctype: t, h: s.sslRenewByRenewID},
		{pattern: "POST /ssl/v1/replace/{id}", ctype: t, h: s.sslReplace},
		{pattern: "POST /ssl/v1/revoke/{id}", ctype: t, h: s.sslRevoke},
		{pattern: "POST /ssl/v1/revoke/serial/{serial}", ctype: t, h: s.sslRevokeBySerial},
		{pattern: "POST /ssl/v1/revoke/manual", ctype: t, h: s.sslRevokeManual},
		{pattern: "POST /ssl/v1/approve/{id}", ctype: t, h: s.sslApprove},
		{pattern: "POST /ssl/v1/decline/{id}", ctype: t, h: s.sslDecline},
	}
}

// sslCollect serves both URL styles (?format= and /{format}); the default is
// base64. Before issuance it answers 400 with code 0 "Being processed by
// Sectigo" (or -183, by knob) and counts the collect towards
// ssl_issue_after_collects; revoked is -110; declined -183. An order in any
// other state without a certificate (a seeded Init or Approved) is not ready.
func (s *Server) sslCollect(c *call) error {
	cert, err := c.visibleCert()
	if err != nil {
		return err
	}
	format := c.r.PathValue("format")
	if format == "" {
		format = c.r.URL.Query().Get("format")
	}
	if format == "" {
		format = "base64"
	}
	canonical, ok := canonicalFormat(format)
	if !ok {
		return badRequest(-126, "Unknown SSL certificate file format '%s'", format)
	}
	format = canonical
	switch cert.Status { // visibleCert has already issued it if it was due
	case sslRequested:
		return s.notReady()
	case sslApplied:
		cert.Collects++ // this collect counts towards the next one
		s.persistQuiet()
		return s.notReady()
	case sslRevoked, sslDeclined:
	default:
		if len(cert.DER) == 0 {
			// A state without a certificate (Approved, Init, ... in a seeded world): SCM has
			// nothing to hand out yet.
			return s.notReady()
		}
	}
	return s.writeCollect(c, cert, format)
}

// canonicalFormat matches a format name case-insensitively, as simca does.
func canonicalFormat(format string) (string, bool) {
	for _, f := range simca.Formats() {
		if strings.EqualFold(f, format) {
			return f, true
		}
	}
	return "", false
}

func (s *Server) notReady() error {
	if s.knobs.CollectNotReadyCode == -183 {
		return badRequest(-183, "Certificate is not collectable.")
	}
	return badRequest(0, "Being processed by Sectigo")
}

func (s *Server) writeCollect(c *call, cert *Certificate, format string) error {
	switch cert.Status {
	case sslRevoked:
		return badRequest(-110, "Certificate %d has been revoked and cannot be downloaded", cert.ID)
	case sslDeclined:
		return badRequest(-183, "Certificate is not collectable.")
	}
	body, err := s.ca.Render(cert.DER, format)
	if errors.Is(err, simca.ErrUnknownFormat) {
		return badRequest(-126, "Unknown SSL certificate file format '%s'", format)
	}
	if err != nil {
		return err
	}
	h := c.w.Header()
	h.Set("Content-Type", typeOctet)
	h.Set("Content-Disposition", `attachment; filename="`+collectFilename(cert.CommonName, format)+`"`)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(body) // the client may have gone
	return nil
}

var unsafeFilename = regexp.MustCompile(`[^A-Za-z0-9._-]`)

func collectFilename(cn, format string) string {
	ext := ".crt"
	switch format {
	case "base64", "bin":
		ext = ".p7b"
	case "pem", "pemco", "pemia":
		ext = ".pem"
	}
	return unsafeFilename.ReplaceAllString(cn, "_") + ext
}

// sslRenewByID orders a renewal with the same names (and a new CSR when one
// is posted): -180 when the profile forbids renewal, -130 unless the
// certificate is Issued or Expired, -105 when it was already renewed.
func (s *Server) sslRenewByID(c *call) error {
	cert, err := c.visibleCert()
	if err != nil {
		return err
	}
	id, err := s.renew(c, cert)
	if err != nil {
		return err
	}
	return c.json(struct {
		SSLID int `json:"sslId"`
	}{id})
}

func (s *Server) sslRenewByRenewID(c *call) error {
	rid := c.r.PathValue("renewId")
	cert := find(s.w.Certificates, func(cert *Certificate) bool {
		return cert.RenewID == rid && s.canSee(c.admin, cert.OrgID)
	})
	if cert == nil {
		return newErr(http.StatusNotFound, -124, "Wrong renew id '%s'", rid)
	}
	s.settle(cert)
	if _, err := s.renew(c, cert); err != nil {
		return err
	}
	return c.status(http.StatusNoContent)
}

func (s *Server) renew(c *call, old *Certificate) (int, error) {
	req, err := decodeAs[renewReq](c)
	if err != nil {
		return 0, err
	}
	p := s.profile(old.ProfileID)
	if p == nil || p.NoRenew {
		return 0, badRequest(-180, "This profile doesn't allow renew")
	}
	if st := s.certStatus(old); st != sslIssued && st != sslExpired {
		return 0, badRequest(-130, "SSL state is not ISSUED: %s", st)
	}
	if old.Renewed {
		return 0, badRequest(-105, "Error while renewing certificate, status = renewed")
	}
	next, err := s.renewal(old, p, req)
	if err != nil {
		return 0, err
	}
	old.Renewed, old.Dates.Renewed = true, s.simNow()
	s.w.Certificates = append(s.w.Certificates, next)
	c.commit()
	return next.ID, nil
}

func (s *Server) renewal(old *Certificate, p *Profile, req renewReq) (Certificate, error) {
	next := *old
	next.SANs, next.CustomFields = slices.Clone(old.SANs), slices.Clone(old.CustomFields)
	if req.CSR != "" {
		info, err := checkCSR(req.CSR, p.KeyTypes)
		if err != nil {
			return Certificate{}, err
		}
		next.CSR, next.KeyType = req.CSR, info.KeyType()
	}
	if err := s.checkNames(old.OrgID, allNames(old)); err != nil {
		return Certificate{}, err
	}
	next.ID, next.RenewID, next.RenewedFrom = s.w.NextIDs.Certificate, randomRenewID(), old.ID
	s.w.NextIDs.Certificate++
	next.Renewed, next.ReasonCode, next.Collects, next.Override = false, 0, 0, nil
	next.Dates, next.DER, next.SerialHex = CertDates{Requested: s.simNow()}, nil, ""
	if req.DCVMode != "" {
		next.DCVMode = req.DCVMode
	}
	if s.knobs.SSLApproval {
		next.Status = sslRequested
		return next, nil
	}
	return next, s.apply(&next)
}

// sslReplace re-issues under the same id with a new CSR (and optionally new
// names): -130 unless Issued; reason is required.
func (s *Server) sslReplace(c *call) error {
	cert, req, err := targetAndBody[replaceReq](c, c.visibleCert)
	if err != nil {
		return err
	}
	if err := checkReason(req.Reason); err != nil {
		return err
	}
	if st := s.certStatus(cert); st != sslIssued {
		return badRequest(-130, "SSL state is not ISSUED: %s", st)
	}
	var keyTypes map[string][]string
	if p := s.profile(cert.ProfileID); p != nil {
		keyTypes = p.KeyTypes
	}
	info, err := checkCSR(req.CSR, keyTypes)
	if err != nil {
		return err
	}
	cn, sans := replacementNames(cert, req)
	if err := s.checkNames(cert.OrgID, union([]string{cn}, sans)); err != nil {
		return err
	}
	cert.CSR, cert.KeyType, cert.CommonName, cert.SANs = req.CSR, info.KeyType(), cn, sans
	cert.Dates.Replaced = s.simNow()
	if err := s.apply(cert); err != nil {
		return err
	}
	return c.commitStatus(http.StatusNoContent)
}

// replacementNames are the request's names where given, else the current ones.
func replacementNames(cert *Certificate, req replaceReq) (string, []string) {
	cn, sans := cert.CommonName, cert.SANs
	if req.CommonName != "" {
		cn = normName(req.CommonName)
	}
	if len(req.SANs) > 0 {
		sans = normNames(req.SANs)
	}
	return cn, sans
}
