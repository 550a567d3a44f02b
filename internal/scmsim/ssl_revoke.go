package scmsim

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

type revokeReq struct {
	ReasonCode flexInt `json:"reasonCode"`
	Reason     string  `json:"reason"`
}

type manualRevokeReq struct {
	CertID       flexInt `json:"certId"`
	SerialNumber string  `json:"serialNumber"`
	ReasonCode   flexInt `json:"reasonCode"`
}

type messageReq struct {
	Message string `json:"message"`
}

// revocationReasons are the codes SCM accepts (§7.11).
var revocationReasons = []int{0, 1, 3, 4, 5}

func checkReason(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return required("reason")
	}
	if len(reason) > 512 {
		return invalid("reason", "longer than 512 characters")
	}
	return nil
}

func checkReasonCode(rc flexInt) error {
	if rc.Set && !slices.Contains(revocationReasons, rc.V) {
		return invalid("reasonCode", "%d is not one of 0, 1, 3, 4, 5", rc.V)
	}
	return nil
}

func (s *Server) sslRevoke(c *call) error {
	cert, err := c.visibleCert("id")
	if err != nil {
		return err
	}
	return s.revoke(c, cert)
}

// sslRevokeBySerial finds the certificate by serial, with or without colons.
func (s *Server) sslRevokeBySerial(c *call) error {
	serial := c.r.PathValue("serial")
	cert := s.certBySerial(c.admin, serial)
	if cert == nil {
		return newErr(http.StatusNotFound, -5101, "Certificate with serial number '%s' not found", serial)
	}
	return s.revoke(c, cert)
}

func (s *Server) certBySerial(a Admin, serial string) *Certificate {
	want := normSerial(serial)
	for i := range s.w.Certificates {
		cert := &s.w.Certificates[i]
		if want != "" && normSerial(cert.SerialHex) == want && s.canSee(a, cert.OrgID) {
			return cert
		}
	}
	return nil
}

// revoke: reason is required (≤512), reasonCode optional (0,1,3,4,5);
// already revoked is -159, anything not issued -102.
func (s *Server) revoke(c *call, cert *Certificate) error {
	var req revokeReq
	if err := c.decode(&req); err != nil {
		return err
	}
	if err := checkReason(req.Reason); err != nil {
		return err
	}
	if err := checkReasonCode(req.ReasonCode); err != nil {
		return err
	}
	if err := s.revocable(cert); err != nil {
		return err
	}
	s.markRevoked(cert, req.ReasonCode.V, s.simNow())
	c.commit()
	return c.status(http.StatusNoContent)
}

func (s *Server) revocable(cert *Certificate) error {
	switch s.certStatus(cert) {
	case sslRevoked:
		return badRequest(-159, "Certificate is already revoked")
	case sslIssued, sslExpired:
		return nil
	}
	return badRequest(-102, "Only issued certificates can be revoked")
}

func (s *Server) markRevoked(cert *Certificate, reasonCode int, at time.Time) {
	cert.Status, cert.ReasonCode, cert.Dates.Revoked = sslRevoked, reasonCode, at
}

// sslRevokeManual marks a certificate revoked in SCM's records only, found by
// certId or serialNumber.
func (s *Server) sslRevokeManual(c *call) error {
	var req manualRevokeReq
	if err := c.decode(&req); err != nil {
		return err
	}
	if err := checkReasonCode(req.ReasonCode); err != nil {
		return err
	}
	var cert *Certificate
	switch {
	case req.CertID.Set:
		if cert = s.cert(req.CertID.V); cert != nil && !s.canSee(c.admin, cert.OrgID) {
			cert = nil
		}
	case req.SerialNumber != "":
		cert = s.certBySerial(c.admin, req.SerialNumber)
	default:
		return required("certId")
	}
	if cert == nil {
		return newErr(http.StatusNotFound, -5101, "Certificate not found")
	}
	if err := s.revocable(cert); err != nil {
		return err
	}
	s.markRevoked(cert, req.ReasonCode.V, s.simNow())
	c.commit()
	return c.status(http.StatusNoContent)
}

// sslApprove moves a Requested order on (Applied, and issued per the knobs);
// any other state is -1112.
func (s *Server) sslApprove(c *call) error {
	cert, err := s.requestedCert(c, "approve")
	if err != nil {
		return err
	}
	cert.Dates.Approved = s.simNow()
	if err := s.apply(cert); err != nil {
		return err
	}
	c.commit()
	return c.status(http.StatusNoContent)
}

func (s *Server) sslDecline(c *call) error {
	cert, err := s.requestedCert(c, "decline")
	if err != nil {
		return err
	}
	cert.Status, cert.Dates.Declined = sslDeclined, s.simNow()
	c.commit()
	return c.status(http.StatusNoContent)
}

func (s *Server) requestedCert(c *call, op string) (*Certificate, error) {
	cert, err := c.visibleCert("id")
	if err != nil {
		return nil, err
	}
	var req messageReq
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if len(req.Message) > 512 {
		return nil, invalid("message", "longer than 512 characters")
	}
	if cert.Status != sslRequested {
		return nil, badRequest(-1112, "Can't %s certificate: state=%s", op, s.certStatus(cert))
	}
	return cert, nil
}
