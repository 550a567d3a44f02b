package scmsim

import (
	"fmt"
	"slices"
	"time"
)

// DCV validation modes (Knobs.DCVMode).
const (
	DCVModeAuto  = "auto"  // validated at submit, or after DCVAutoPolls status calls
	DCVModeDNS   = "dns"   // CNAME/TXT orders are checked at the DNS server on each status/submit
	DCVModeHTTP  = "http"  // HTTP/HTTPS orders are checked by fetching the file
	DCVModeNever = "never" // only POST /admin/dcv/{domain}/validate validates
)

// Knobs change the emulator's business behaviour. The defaults are friendly:
// delegations are active at once, DCV validates at submit, certificates are
// issued at enroll. Each knob makes one step slower or stricter.
type Knobs struct {
	// DelegationApproval makes new delegations REQUESTED until approved.
	DelegationApproval bool `json:"delegation_approval"`
	// DCVMode is auto, dns, http or never.
	DCVMode string `json:"dcv_mode"`
	// DCVAutoPolls, in auto mode, is how many status calls after submit
	// answer "not validated yet" (0: validated at submit).
	DCVAutoPolls int `json:"dcv_auto_polls"`
	// DCVValidityDays is how long a validation lasts (default 397).
	DCVValidityDays int `json:"dcv_validity_days"`
	// DNSServer (host:port) answers the dns mode's CNAME and TXT lookups.
	DNSServer string `json:"dns_server"`
	// HTTPAddr (host:port) is dialled, whatever host the URL names, for the
	// http mode's file fetches.
	HTTPAddr string `json:"http_addr"`
	// SSLApproval makes enrolled certificates Requested until approved.
	SSLApproval bool `json:"ssl_approval"`
	// SSLIssueAfterSeconds delays issuance after the order is applied.
	SSLIssueAfterSeconds int `json:"ssl_issue_after_seconds"`
	// SSLIssueAfterCollects is how many collects answer "being processed"
	// before the certificate is issued.
	SSLIssueAfterCollects int `json:"ssl_issue_after_collects"`
	// CollectNotReadyCode is the code of the not-ready collect answer: 0
	// ("Being processed by Sectigo", the default) or -183.
	CollectNotReadyCode int `json:"collect_not_ready_code"`
	// StrictACMEDelete refuses to delete pending ACME accounts, as SCM did
	// in 2020 (scm-api.md §6.7).
	StrictACMEDelete bool `json:"strict_acme_delete"`
	// DomainDetailsOmitDescription leaves description out of the domain details, as SCM's documented
	// read (§4.3) does: a module must then report the description as unknown, not as empty.
	DomainDetailsOmitDescription bool `json:"domain_details_omit_description"`
	// TokenLifetimeSeconds is how long an OAuth2 access token issued from
	// now on is valid, on the business clock (0: DefaultTokenLifetime).
	TokenLifetimeSeconds int `json:"token_lifetime_seconds"`
}

// DefaultKnobs returns the friendly defaults.
func DefaultKnobs() Knobs {
	return Knobs{DCVMode: DCVModeAuto, DCVValidityDays: 397,
		TokenLifetimeSeconds: int(DefaultTokenLifetime / time.Second)}
}

// tokenLifetime is TokenLifetimeSeconds as a duration. Zero is the default so
// that a Knobs literal written before the knob existed still works.
func (k Knobs) tokenLifetime() time.Duration {
	if k.TokenLifetimeSeconds <= 0 {
		return DefaultTokenLifetime
	}
	return time.Duration(k.TokenLifetimeSeconds) * time.Second
}

// Validate reports a knob value the emulator cannot honour.
func (k Knobs) Validate() error {
	modes := []string{DCVModeAuto, DCVModeDNS, DCVModeHTTP, DCVModeNever}
	switch {
	case !slices.Contains(modes, k.DCVMode):
		return fmt.Errorf("dcv_mode %q is not one of %v", k.DCVMode, modes)
	case k.DCVAutoPolls < 0 || k.SSLIssueAfterSeconds < 0 || k.SSLIssueAfterCollects < 0 ||
		k.TokenLifetimeSeconds < 0:
		return fmt.Errorf("dcv_auto_polls, ssl_issue_after_seconds, ssl_issue_after_collects and " +
			"token_lifetime_seconds must be >= 0")
	case k.DCVValidityDays <= 0:
		return fmt.Errorf("dcv_validity_days must be > 0")
	case k.CollectNotReadyCode != 0 && k.CollectNotReadyCode != -183:
		return fmt.Errorf("collect_not_ready_code must be 0 or -183")
	case k.DCVMode == DCVModeDNS && k.DNSServer == "":
		return fmt.Errorf("dcv_mode dns needs dns_server")
	case k.DCVMode == DCVModeHTTP && k.HTTPAddr == "":
		return fmt.Errorf("dcv_mode http needs http_addr")
	}
	return nil
}
