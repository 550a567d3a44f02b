package scmcert

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// want is the task's intent, normalised and checked before any request.
type want struct {
	Present bool
	CAA     common.CAAOptions
	SSLID   int
	// CN is the normalised common name; "" when not given (state=revoked with ssl_id only).
	CN string
	// Names are the CN and the SANs as one set: normalised, sorted, unique. SANs are Names without
	// the CN: what enroll sends as subjAltNames.
	Names, SANs []string
	// Profile is the profile as given: a name, or an id in decimal.
	Profile string
	// Term in days; 0 lets the module choose from the profile's terms.
	Term         int
	Org          common.OrgRef
	CSR          *certutil.CSR
	CSRParam     string // "csr" or "csr_path", for messages
	CustomFields []scm.CustomFieldValue
	// ExternalRequester and Comments are sent on enroll, Comments with Marker appended (marker.go).
	ExternalRequester, Comments string
	// Marker is the CSR's public key's marker, "" without a CSR (state=revoked).
	Marker string
	// Renewal is remaining_percentage and remaining_days (0: not given).
	Renewal      certutil.RenewalPolicy
	Force, Wait  bool
	WaitTimeout  time.Duration
	Files        []fileSpec
	Attrs        fileAttrs
	RevokeReason string
	RevokeCode   int
}

// hasIdentity reports whether the task names what it looks for (rather than only an ssl_id).
func (w *want) hasIdentity() bool { return w.CN != "" }

// WaitTime is wait_timeout when the task waits for issuance, else 0. The shared opening adds it to
// scm_timeout: waiting is not talking to SCM, and must not eat the time the requests are given.
func (w *want) WaitTime() time.Duration {
	if !w.Wait {
		return 0
	}
	return w.WaitTimeout
}

var wildcardOK = dnsname.Options{AllowWildcard: true}

// desire turns the parameters into a want. Every check that needs no request happens here, so bad
// input fails before SCM is contacted.
func desire(p Params) (*want, error) {
	w := &want{
		Present: p.State == "present", SSLID: p.SSLID, Profile: strings.TrimSpace(p.Profile), Term: p.Term,
		Org:               common.OrgRef{Organization: p.Organization, Department: p.Department, OrgID: p.OrgID},
		ExternalRequester: p.ExternalRequester, Comments: p.Comments,
		Renewal: certutil.RenewalPolicy{Percentage: p.RemainingPercentage, Days: p.RemainingDays},
		Force:   p.Force, Wait: p.Wait, WaitTimeout: time.Duration(p.WaitTimeout) * time.Second,
		RevokeReason: p.RevokeReason, RevokeCode: revokeReasons[p.RevokeReason], CAA: p.CAAOptions,
	}
	steps := []func(Params, *want) error{checkNumbers, desireNames, desireCSR, desireCustomFields, desireFiles}
	for _, step := range steps {
		if err := step(p, w); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func checkNumbers(p Params, w *want) error {
	switch {
	case p.SSLID < 0:
		return fmt.Errorf("ssl_id must be a positive certificate id, got %d", p.SSLID)
	case p.Term < 0:
		return fmt.Errorf("term must be a positive number of days, got %d", p.Term)
	case p.RemainingDays < 0:
		return fmt.Errorf("remaining_days must not be negative, got %d", p.RemainingDays)
	case p.RemainingPercentage < 1 || p.RemainingPercentage > 99:
		return fmt.Errorf("remaining_percentage must be between 1 and 99 (a share of the certificate's lifetime), got %d", p.RemainingPercentage)
	case p.Wait && p.WaitTimeout <= 0:
		return fmt.Errorf("wait_timeout must be a positive number of seconds, got %d", p.WaitTimeout)
	case p.OrgID < 0:
		return fmt.Errorf("org_id must be a positive id, got %d", p.OrgID)
	}
	if w.Present {
		return nil
	}
	given := 0
	for _, ok := range []bool{p.CommonName != "", w.Profile != "", w.Org != (common.OrgRef{})} {
		if ok {
			given++
		}
	}
	switch {
	case p.SSLID == 0 && given < 3:
		return errors.New("state=revoked needs ssl_id, or common_name, profile and one of organization, " +
			"department or org_id to find the certificate")
	case p.SSLID != 0 && given != 0 && given != 3:
		return errors.New("state=revoked with ssl_id: give common_name, profile and the organization " +
			"together (to check that ssl_id is that certificate), or none of them")
	}
	return nil
}

// desireNames normalises the common name and the SANs (IDN to punycode, case, trailing dot) and
// checks them, naming each bad entry.
func desireNames(p Params, w *want) error {
	if p.CommonName == "" {
		if len(p.SubjectAltNames) > 0 {
			return errors.New("subject_alt_names needs common_name")
		}
		return nil
	}
	cn, err := dnsname.NormalizeWith(p.CommonName, wildcardOK)
	if err != nil {
		return fmt.Errorf("common_name: %w", err)
	}
	names := []string{cn}
	for i, n := range p.SubjectAltNames {
		s, err := dnsname.NormalizeWith(n, wildcardOK)
		if err != nil {
			return fmt.Errorf("subject_alt_names[%d]: %w", i, err)
		}
		names = append(names, s)
	}
	slices.Sort(names)
	w.CN, w.Names = cn, slices.Compact(names)
	w.SANs = withoutName(w.Names, cn)
	return nil
}

// desireCSR reads the CSR (from the task or from a file where the task runs, so the key pair never
// moves) and checks that it asks for exactly the task's names. The key is checked against the profile
// once the profile is known. The key gives the marker enrollments carry in their comments (marker.go),
// and the comments with it must fit in what SCM takes.
func desireCSR(p Params, w *want) error {
	if !w.Present {
		return nil
	}
	data, param := []byte(p.CSR), "csr"
	if p.CSRPath != "" {
		param = "csr_path"
		var err error
		if data, err = os.ReadFile(p.CSRPath); err != nil {
			return fmt.Errorf("csr_path: %w", err)
		}
	}
	csr, err := certutil.ParseCSR(data)
	if err != nil {
		return fmt.Errorf("%s: %w", param, err)
	}
	if err := checkCSRNames(csr, w); err != nil {
		return fmt.Errorf("%s: %w", param, err)
	}
	w.CSR, w.CSRParam, w.Marker = csr, param, markerOf(csr)
	return checkComments(p.Comments, w.Marker)
}

// checkCSRNames: SCM takes the common name from the CSR and the other names from the request, so a
// CSR whose names differ would give a certificate this module could never find again.
func checkCSRNames(csr *certutil.CSR, w *want) error {
	if strings.TrimSpace(csr.CommonName) == "" {
		return fmt.Errorf("the CSR has no common name; SCM takes it from the CSR, so it must be %s", w.CN)
	}
	cn, err := dnsname.NormalizeWith(csr.CommonName, wildcardOK)
	if err != nil {
		return fmt.Errorf("the CSR's common name: %w", err)
	}
	if cn != w.CN {
		return fmt.Errorf("the CSR's common name is %s, but common_name is %s", cn, w.CN)
	}
	names, err := dnsname.NormalizeList(csr.Names(), wildcardOK)
	if err != nil {
		return fmt.Errorf("the CSR holds an invalid name: %w", err)
	}
	onlyCSR, onlyTask := setDiff(names, w.Names)
	if len(onlyCSR)+len(onlyTask) == 0 {
		return nil
	}
	return fmt.Errorf("the CSR's names differ from common_name + subject_alt_names: only in the CSR: %s; "+
		"only in the task: %s", listOrNone(onlyCSR), listOrNone(onlyTask))
}

// desireCustomFields turns the custom_fields dict into SCM's name/value list, sorted by name. Values
// must be scalars; SCM stores them as strings.
func desireCustomFields(p Params, w *want) error {
	names := make([]string, 0, len(p.CustomFields))
	for name := range p.CustomFields {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch v := p.CustomFields[name].(type) {
		case string, bool, float64:
			w.CustomFields = append(w.CustomFields, scm.CustomFieldValue{Name: name, Value: scalarString(v)})
		default:
			return fmt.Errorf("custom_fields.%s must be a string, number or boolean", name)
		}
	}
	return nil
}

func scalarString(v any) string {
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return fmt.Sprint(int64(f))
	}
	return fmt.Sprint(v)
}

// setDiff returns the elements only in a and only in b (both sorted).
func setDiff(a, b []string) (onlyA, onlyB []string) {
	for _, s := range a {
		if !slices.Contains(b, s) {
			onlyA = append(onlyA, s)
		}
	}
	for _, s := range b {
		if !slices.Contains(a, s) {
			onlyB = append(onlyB, s)
		}
	}
	return onlyA, onlyB
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return strings.Join(s, ", ")
}
