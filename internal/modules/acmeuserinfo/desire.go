package acmeuserinfo

import (
	"errors"
	"fmt"
	"strings"

	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// filter is what the task asks for, checked before any request.
type filter struct {
	name     string // exact account name
	server   string // acme_server as given
	org      common.OrgRef
	status   scm.ACMEAccountStatus
	coverage bool
}

func desire(p Params) (filter, error) {
	status, _ := scm.ParseACMEAccountStatus(p.Status) // the spec's choices are SCM's statuses
	f := filter{name: strings.TrimSpace(p.Name), server: strings.TrimSpace(p.ACMEServer), status: status,
		coverage: p.Coverage, org: common.OrgRef{Organization: p.Organization, Department: p.Department, OrgID: p.OrganizationID}}
	switch {
	case p.OrganizationID < 0:
		return f, fmt.Errorf("organization_id: %d is not an id", p.OrganizationID)
	case p.Name != "" && f.name == "":
		return f, errors.New("name: the account name must not be blank")
	case p.ACMEServer != "" && f.server == "":
		return f, errors.New("acme_server: give the ACME server's name or directory URL")
	}
	return f, nil
}
