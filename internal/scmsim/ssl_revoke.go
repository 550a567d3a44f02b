package scmsim

import (
	"net/http"
	"slices"
	"strings"
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
	cert, err := c.visibleCert()
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
	return find(s.w.Certificates, func(cert *Certificate) bool {
		return want != "" && normSerial(cert.SerialHex) == want && s.canSee(a, cert.OrgID)
	})
}

// revoke: reason is required (≤512), reasonCode optional (0,1,3,4,5);
// already revoked is -159, anything not issued -102.
func (s *Server) revoke(c *call, cert *Certificate) error {
	req, err := decodeAs[revokeReq](c)
	if err != nil {
		return err
	}
	if err := checkReason(req.Reason); err != nil {
		return err
	}
	if err := checkReasonCode(req.ReasonCode); err != nil {
		return err
	}
	return s.revokeNow(c, cert, req.ReasonCode.V)
}

// revokeNow is where revoke and revoke/manual end: a revocable certificate is
// revoked at the business clock, and the answer is 204.
func (s *Server) revokeNow(c *call, cert *Certificate, reasonCode int) error {
	if err := s.revocable(cert); err != nil {
		return err
	}
	cert.Status, cert.ReasonCode, cert.Dates.Revoked = sslRevoked, reasonCode, s.simNow()
	return c.commitStatus(http.StatusNoContent)
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

// sslRevokeManual marks a certificate revoked in SCM's records only, found by
// certId or serialNumber.
func (s *Server) sslRevokeManual(c *call) error {
	req, err := decodeAs[manualRevokeReq](c)
	if err != nil {
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
	return s.revokeNow(c, cert, req.ReasonCode.V)
}

// sslApprove moves a Requested order on (Applied, and issued per the knobs).
func (s *Server) sslApprove(c *call) error {
	return s.decideRequest(c, "approve", func(cert *Certificate) error {
		cert.Dates.Approved = s.simNow()
		return s.apply(cert)
	})
}

func (s *Server) sslDecline(c *call) error {
	return s.decideRequest(c, "decline", func(cert *Certificate) error {
		cert.Status, cert.Dates.Declined = sslDeclined, s.simNow()
		return nil
	})
}

// decideRequest is approve and decline: {id} must be a Requested order (-1112
// otherwise) and the optional message at most 512 characters. decide moves
// the order on; the answer is 204.
func (s *Server) decideRequest(c *call, op string, decide func(*Certificate) error) error {
	cert, req, err := targetAndBody[messageReq](c, c.visibleCert)
	if err != nil {
		return err
	}
	if len(req.Message) > 512 {
		return invalid("message", "longer than 512 characters")
	}
	if cert.Status != sslRequested {
		return badRequest(-1112, "Can't %s certificate: state=%s", op, s.certStatus(cert))
	}
	if err := decide(cert); err != nil {
		return err
	}
	return c.commitStatus(http.StatusNoContent)
}
