package scmdomaininfo

import (
	"context"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Params are the module's options, decoded from the task's arguments.
type Params struct {
	common.Connection
	common.OrgRef
	Names                 []string `json:"names"`
	DCVExpiringWithinDays *int     `json:"dcv_expiring_within_days"`
	NotValidated          bool     `json:"not_validated"`
	Details               bool     `json:"details"`
}

// Spec is the module's argument spec; plugins/modules/scm_domain_info.py documents it and a test keeps
// the two in step.
var Spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"names":                    {Type: ansible.TypeList, Elements: ansible.TypeStr, Aliases: []string{"name"}},
		"organization":             {Type: ansible.TypeStr},
		"department":               {Type: ansible.TypeStr},
		"org_id":                   {Type: ansible.TypeInt, Aliases: []string{"organization_id"}},
		"dcv_expiring_within_days": {Type: ansible.TypeInt},
		"not_validated":            {Type: ansible.TypeBool, Default: false},
		"details":                  {Type: ansible.TypeBool, Default: false},
	},
	MutuallyExclusive: [][]string{{"org_id", "organization"}, {"org_id", "department"}},
}.Merge(common.ConnectionSpec())

// run reads the listings, joins them into one record per selected domain and keeps those the DCV
// filters select; with details it then reads each of them. Nothing is written, so check mode is the
// same run.
func run(ctx context.Context, s *common.Session, f filter) (*ansible.Result, error) {
	obs := newObserver(s)
	snap, err := obs.observe(ctx, f)
	if err != nil {
		return nil, err
	}
	doms := f.keep(assemble(snap, common.Dates{Env: s.Env, Now: s.Clock.Now()}))
	if f.details {
		if doms, err = obs.details(ctx, doms); err != nil {
			return nil, err
		}
	}
	return buildResult(doms, obs.orgs), nil
}

// steps are scm_domain_info's parts, run in order by the shared opening.
var steps = common.InfoSteps("scm_domain_info", Spec, desire, run)

// Module is the scm_domain_info module.
var Module = steps.Module(common.SystemClock)
