package scmsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Ids of the default world. They are fixed so that tests and playbooks can
// name them.
const (
	DemoOrgID      = 1001
	DemoWebDeptID  = 1002
	DemoITDeptID   = 1003
	PartnerOrgID   = 1004
	ProfileOVMulti = 101
	ProfileEVMulti = 102
	ProfileOVSingl = 103
	ProfileNoRenew = 104
)

// The default world's API key (README.md, "OAuth2 (API keys)").
const (
	DemoClientID     = "demo-client"
	DemoClientSecret = "demo-client-secret"
)

// First ids handed out for objects that clients create.
const (
	firstDomainID  = 2001
	firstSSLID     = 5001
	firstACMEID    = 7001
	firstClientID  = 9001
	firstOrderID   = 100001
	defaultCustURI = "demo"
)

// rsaKeys returns a fresh list each time so that profiles never share (and
// mutate) one backing array.
func rsaKeys() []string { return []string{"2048", "3072", "4096"} }

// DefaultWorld returns the world the emulator starts with when no seed file is
// given (README.md, "Default world").
func DefaultWorld() *World {
	w := &World{
		CustomerURI: defaultCustURI,
		Admins: []Admin{
			{Login: "mrao", Password: "mrao-secret", Role: RoleMRAO},
			{Login: "rao", Password: "rao-secret", Role: RoleRAOSSL, Orgs: []int{DemoOrgID}},
		},
		APIClients: []APIClient{
			{ID: DemoClientID, Secret: DemoClientSecret, Admin: "mrao"},
		},
		Organizations: defaultOrgs(),
		Profiles:      defaultProfiles(),
		CustomFields: []CustomField{
			{ID: 201, Name: "costCenter", Mandatory: true},
			{ID: 202, Name: "ticket", Mandatory: false},
		},
		ACMEServers: defaultACMEServers(),
	}
	w.fillDefaults()
	return w
}

func defaultOrgs() []Organization {
	all := []string{"SSL", "SMIME", "CodeSign"}
	return []Organization{
		{ID: DemoOrgID, Name: "Demo University", CertTypes: all, Country: "US", City: "Springfield",
			Departments: []Department{
				{ID: DemoWebDeptID, Name: "Web", CertTypes: []string{"SSL"}},
				{ID: DemoITDeptID, Name: "IT", CertTypes: all},
			}},
		{ID: PartnerOrgID, Name: "Partner College", CertTypes: all, Country: "US", City: "Shelbyville"},
	}
}

func defaultProfiles() []Profile {
	ec := func() []string { return []string{"P-256", "P-384"} }
	return []Profile{
		{ID: ProfileOVMulti, Name: "OV Multi-Domain", Description: "Organization validated, up to 250 names",
			Terms: []int{90, 180, 199, 365}, KeyTypes: map[string][]string{"RSA": rsaKeys(), "EC": ec()},
			ValidationType: "OV"},
		{ID: ProfileEVMulti, Name: "EV Multi-Domain", Description: "Extended validation, multiple names",
			Terms: []int{365, 180}, KeyTypes: map[string][]string{"RSA": rsaKeys()},
			ValidationType: "EV", MandatoryFields: []string{"costCenter"}},
		{ID: ProfileOVSingl, Name: "OV Single", Description: "Organization validated, one name",
			Terms: []int{199, 365}, KeyTypes: map[string][]string{"EC": {"P-256"}, "RSA": rsaKeys()},
			ValidationType: "OV"},
		{ID: ProfileNoRenew, Name: "OV Legacy (no renew)", Description: "Cannot be renewed by id",
			Terms: []int{365}, KeyTypes: map[string][]string{"RSA": rsaKeys(), "EC": ec()},
			ValidationType: "OV", NoRenew: true},
	}
}

func defaultACMEServers() []ACMEServer {
	return []ACMEServer{
		{Key: "OV", Name: "Sectigo OV ACME (demo)", CAID: 301, CertValidationType: "OV",
			SingleProductID: 3011, MultiProductID: 3012, WCProductID: 3013},
		{Key: "DV", Name: "Sectigo DV ACME (demo)", CAID: 302, CertValidationType: "DV",
			SingleProductID: 3021, MultiProductID: 3022, WCProductID: 3023},
		{Key: "GEANTOV", Name: "GEANT OV ACME (demo)", CAID: 303, CertValidationType: "OV",
			SingleProductID: 3031, MultiProductID: 3032, WCProductID: 3033},
		{Key: "InCommonRSAOV", Name: "InCommon RSA OV ACME (demo)", CAID: 304, CertValidationType: "OV",
			SingleProductID: 3041, MultiProductID: 3042, WCProductID: 3043},
	}
}

// fillDefaults sets the id counters and normalises names, so that a seed file
// may leave them out.
func (w *World) fillDefaults() {
	if w.CustomerURI == "" {
		w.CustomerURI = defaultCustURI
	}
	n := &w.NextIDs
	n.Domain = max(n.Domain, firstDomainID)
	n.Certificate = max(n.Certificate, firstSSLID)
	n.ACMEAccount = max(n.ACMEAccount, firstACMEID)
	n.ACMEClient = max(n.ACMEClient, firstClientID)
	n.Order = max(n.Order, firstOrderID)
	for i := range w.Domains {
		d := &w.Domains[i]
		d.Name = strings.ToLower(d.Name)
		n.Domain = max(n.Domain, d.ID+1)
	}
	for _, c := range w.Certificates {
		n.Certificate = max(n.Certificate, c.ID+1)
	}
	for _, a := range w.ACMEAccounts {
		n.ACMEAccount = max(n.ACMEAccount, a.ID+1)
	}
}

// ParseWorld reads a world from JSON or YAML. YAML is converted to JSON first
// so that both formats use the same (JSON) field names.
func ParseWorld(data []byte) (*World, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("scmsim: seed: empty document")
	}
	if trimmed[0] != '{' {
		var doc any
		if err := yaml.Unmarshal(trimmed, &doc); err != nil {
			return nil, fmt.Errorf("scmsim: seed: yaml: %w", err)
		}
		converted, err := json.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("scmsim: seed: yaml to json: %w", err)
		}
		trimmed = converted
	}
	var w World
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("scmsim: seed: %w", err)
	}
	if err := w.validate(); err != nil {
		return nil, err
	}
	w.fillDefaults()
	return &w, nil
}

// validate catches seed mistakes that would otherwise surface as confusing
// API answers much later.
func (w *World) validate() error {
	if len(w.Admins) == 0 {
		return fmt.Errorf("scmsim: seed: no admins")
	}
	seen := map[int]string{}
	for _, o := range w.Organizations {
		if err := claimID(seen, o.ID, o.Name); err != nil {
			return err
		}
		for _, d := range o.Departments {
			if err := claimID(seen, d.ID, d.Name); err != nil {
				return err
			}
		}
	}
	for _, a := range w.Admins {
		if a.Role != RoleMRAO && a.Role != RoleRAOSSL {
			return fmt.Errorf("scmsim: seed: admin %q: role %q is not MRAO or RAO_SSL", a.Login, a.Role)
		}
	}
	return w.validateAPIClients()
}

func claimID(seen map[int]string, id int, name string) error {
	if id <= 0 {
		return fmt.Errorf("scmsim: seed: organization %q has no positive id", name)
	}
	if prev, ok := seen[id]; ok {
		return fmt.Errorf("scmsim: seed: id %d used by %q and %q", id, prev, name)
	}
	seen[id] = name
	return nil
}

// clone returns a deep copy, so that snapshots never alias live state.
func (w *World) clone() *World {
	data, err := json.Marshal(w)
	if err != nil {
		panic(fmt.Sprintf("scmsim: clone world: %v", err)) // all fields are plain data
	}
	var c World
	if err := json.Unmarshal(data, &c); err != nil {
		panic(fmt.Sprintf("scmsim: clone world: %v", err))
	}
	return &c
}
