package scmsim

import "slices"

// updateReq is PUT /ssl/v1. The emulator applies the fields modules may
// touch; the certificate's identity (org, profile, CN, CSR, SANs) is left
// alone, which SCM allows only before issuance anyway.
type updateReq struct {
	SSLID             flexInt     `json:"sslId"`
	Term              flexInt     `json:"term"`
	Comments          *string     `json:"comments"`
	ExternalRequester *string     `json:"externalRequester"`
	CustomFields      []NameValue `json:"customFields"`
}

// editableStates are where SCM lets an update change the order itself.
var editableStates = []string{sslRequested, sslDeclined}

// sslUpdate changes comments, externalRequester and custom fields in any
// state, and term only while the order is Requested or Declined (-1601
// otherwise). It answers the full details.
func (s *Server) sslUpdate(c *call) error {
	req, err := decodeAs[updateReq](c)
	if err != nil {
		return err
	}
	if !req.SSLID.Set {
		return required("sslId")
	}
	cert := s.cert(req.SSLID.V)
	if cert == nil || !s.canSee(c.admin, cert.OrgID) {
		return notFound(-124, "SSL certificate", req.SSLID.V)
	}
	if err := s.updateTerm(cert, req.Term); err != nil {
		return err
	}
	for _, f := range req.CustomFields {
		if !slices.ContainsFunc(s.w.CustomFields, func(cf CustomField) bool { return cf.Name == f.Name }) {
			return invalid("customFields", "unknown custom field '%s'", f.Name)
		}
	}
	if req.Comments != nil {
		cert.Comments = *req.Comments
	}
	if req.ExternalRequester != nil {
		cert.ExternalRequester = *req.ExternalRequester
	}
	if req.CustomFields != nil {
		cert.CustomFields = req.CustomFields
	}
	c.commit()
	return c.json(s.sslDetails(cert))
}

func (s *Server) updateTerm(cert *Certificate, term flexInt) error {
	if !term.Set || term.V == cert.Term {
		return nil
	}
	if !slices.Contains(editableStates, cert.Status) {
		return invalid("term", "can only change while the certificate is Requested or Declined, not %s", cert.Status)
	}
	if p := s.profile(cert.ProfileID); p == nil || !slices.Contains(p.Terms, term.V) {
		return badRequest(-36, "Term %d days is invalid for this profile", term.V)
	}
	cert.Term = term.V
	return nil
}
