package acmeaccount

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Ref is how a task names an account. Module Params embed it, so the options sit at the top level of
// the task.
type Ref struct {
	Name           string `json:"name"`
	ACMEServer     string `json:"acme_server"`
	Organization   string `json:"organization"`
	Department     string `json:"department"`
	OrganizationID int    `json:"organization_id"`
}

// maxNameLength is SCM's limit on an account name (the emulator enforces the same).
const maxNameLength = 255

// Check validates the reference before any request; errors name the option.
func (r Ref) Check() error {
	name := strings.TrimSpace(r.Name)
	switch {
	case name == "":
		return errors.New("name: the account name must not be empty")
	case len(name) > maxNameLength:
		return fmt.Errorf("name: the account name is longer than %d characters", maxNameLength)
	case strings.ContainsFunc(name, unicode.IsControl):
		return errors.New("name: the account name must not contain control characters (such as a newline)")
	case strings.TrimSpace(r.ACMEServer) == "":
		return errors.New("acme_server: give the ACME server's name or directory URL")
	case r.OrganizationID < 0:
		return fmt.Errorf("organization_id: %d is not an id", r.OrganizationID)
	case r.OrganizationID == 0 && r.Organization == "" && r.Department == "":
		return errors.New("one of organization, department or organization_id is required with name")
	}
	return nil
}

// OrgRef is the organization part, for common.Orgs.
func (r Ref) OrgRef() common.OrgRef {
	return common.OrgRef{Organization: r.Organization, Department: r.Department, OrgID: r.OrganizationID}
}

// Key is a resolved reference: what identifies one account in SCM.
type Key struct {
	Name   string // trimmed
	Server string // the acme_server value as the user gave it (trimmed)
	OrgID  int
}

// Key returns the key of r for the organization id it resolved to.
func (r Ref) Key(orgID int) Key {
	return Key{Name: strings.TrimSpace(r.Name), Server: strings.TrimSpace(r.ACMEServer), OrgID: orgID}
}

// String describes the key for messages.
func (k Key) String() string {
	return fmt.Sprintf("ACME account %q on %q for organization %d", k.Name, k.Server, k.OrgID)
}
