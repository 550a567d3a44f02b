package scmcertinfo

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// filter is what the task asks for, checked and normalised before any request.
type filter struct {
	sslID     int
	cn, san   string // normalised names
	serial    string // SCM's colon-separated upper-case hex
	statuses  []scm.SSLStatus
	profile   string // a profile name, resolved to profileID
	profileID int
	org       common.OrgRef
	orgIDs    []int // resolved: the organization and its departments, or one department
	within    *int
	withPEM   bool // include_pem
}

func desire(p Params) (filter, error) {
	f := filter{sslID: p.SSLID, profile: strings.TrimSpace(p.Profile), profileID: p.ProfileID, org: p.OrgRef,
		within: p.ExpiringWithinDays, withPEM: p.IncludePEM}
	var err error
	switch {
	case p.SSLID < 0:
		return f, fmt.Errorf("ssl_id: %d is not an id", p.SSLID)
	case p.ProfileID < 0:
		return f, fmt.Errorf("profile_id: %d is not an id", p.ProfileID)
	case p.OrgID < 0:
		return f, fmt.Errorf("org_id: %d is not an id", p.OrgID)
	case f.within != nil && *f.within < 0:
		return f, fmt.Errorf("expiring_within_days must be 0 or more, got %d", *f.within)
	}
	if f.cn, err = name("common_name", p.CommonName); err != nil {
		return f, err
	}
	if f.san, err = name("subject_alternative_name", p.SAN); err != nil {
		return f, err
	}
	if f.serial, err = serial(p.SerialNumber); err != nil {
		return f, err
	}
	f.statuses, err = canonicalStatuses(p.Status)
	return f, err
}

func name(param, raw string) (string, error) {
	if strings.TrimSpace(raw) == "" {
		return "", nil
	}
	n, err := dnsname.NormalizeWith(raw, dnsname.Options{AllowWildcard: true})
	if err != nil {
		return "", fmt.Errorf("%s: %w", param, err)
	}
	return n, nil
}

// serial accepts hex with or without colons (and an optional 0x) and returns SCM's form.
func serial(raw string) (string, error) {
	s := strings.NewReplacer(":", "", " ", "").Replace(strings.TrimSpace(raw))
	s = strings.TrimPrefix(strings.ToLower(s), "0x")
	if s == "" {
		return "", nil
	}
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		return "", fmt.Errorf("serial_number: %q is not a hexadecimal serial number", raw)
	}
	return certutil.FormatSerial(n), nil
}

// canonicalStatuses reads the status option, in any of SCM's spellings, without repeats.
func canonicalStatuses(in []string) ([]scm.SSLStatus, error) {
	var out []scm.SSLStatus
	for i, s := range in {
		status, ok := scm.ParseSSLStatus(s)
		if !ok {
			return nil, fmt.Errorf("status[%d]: %q is not an SCM certificate status; valid: %s", i, s, knownStatuses())
		}
		if !slices.Contains(out, status) {
			out = append(out, status)
		}
	}
	return out, nil
}

// knownStatuses lists SCM's certificate statuses (scm-api.md §7.7) for an error message.
func knownStatuses() string {
	var names []string
	for _, s := range scm.SSLStatuses() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

// listingStatus is the status SCM's listing filters on: Issued for expiring_within_days (only an
// issued certificate is expiring, so the others are not worth a read each), else the one status asked
// for; "" lists every status.
func (f filter) listingStatus() scm.SSLStatus {
	switch {
	case f.within != nil:
		return scm.SSLIssued
	case len(f.statuses) == 1:
		return f.statuses[0]
	}
	return ""
}

// listed reports whether a listing row can still match: only the facts a row carries are compared, the
// rest waits for the details. SCM's name filters may match substrings, so equality is checked here.
func (f filter) listed(c scm.CertificateSummary) bool {
	if f.cn != "" && c.CommonName != "" && dnsname.Lenient(c.CommonName) != f.cn {
		return false
	}
	if f.san != "" && (c.CommonName != "" || len(c.SubjectAlternativeNames) > 0) &&
		!slices.Contains(certNames(c.CommonName, c.SubjectAlternativeNames), f.san) {
		return false
	}
	return f.serial == "" || c.SerialNumber == "" || certutil.SameSerial(c.SerialNumber, f.serial)
}

// keep applies every filter to the certificates' details.
func (f filter) keep(certs []*cert) []*cert {
	out := certs[:0:0]
	for _, c := range certs {
		if f.matches(c) {
			out = append(out, c)
		}
	}
	return out
}

func (f filter) matches(c *cert) bool {
	switch {
	case f.sslID != 0 && c.ID != f.sslID,
		f.cn != "" && c.CommonName != f.cn,
		f.san != "" && !slices.Contains(certNames(c.CommonName, c.SANs), f.san),
		f.serial != "" && !certutil.SameSerial(c.Serial, f.serial),
		len(f.statuses) > 0 && !slices.Contains(f.statuses, c.Status),
		f.profileID != 0 && c.ProfileID != f.profileID,
		f.orgIDs != nil && !slices.Contains(f.orgIDs, c.OrgID):
		return false
	}
	// Expiring means "issued and expiring": an expired, revoked or replaced certificate no longer needs
	// renewing, and selecting those is what status is for.
	return f.within == nil || (c.Status == scm.SSLIssued && c.DaysLeft != nil && *c.DaysLeft <= *f.within)
}

// certNames is the common name and the SANs, normalised, sorted and unique.
func certNames(cn string, sans []string) []string {
	out := make([]string, 0, len(sans)+1)
	if cn != "" {
		out = append(out, dnsname.Lenient(cn))
	}
	for _, s := range sans {
		out = append(out, dnsname.Lenient(s))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func joinErr(a, b error) error { return errors.Join(a, b) }
