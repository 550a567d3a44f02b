package acmeuserinfo

import (
	"context"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Params are the module's options, decoded from the task's arguments.
type Params struct {
	common.Connection
	Name           string `json:"name"`
	ACMEServer     string `json:"acme_server"`
	Organization   string `json:"organization"`
	Department     string `json:"department"`
	OrganizationID int    `json:"organization_id"`
	Status         string `json:"status"`
	Coverage       bool   `json:"coverage"`
}

// Spec is the module's argument spec; plugins/modules/acme_user_info.py documents it and a test keeps
// the two in step.
var Spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"name":            {Type: ansible.TypeStr},
		"acme_server":     {Type: ansible.TypeStr},
		"organization":    {Type: ansible.TypeStr},
		"department":      {Type: ansible.TypeStr},
		"organization_id": {Type: ansible.TypeInt, Aliases: []string{"org_id"}},
		"status":          {Type: ansible.TypeStr, Choices: []any{"pending", "valid"}},
		"coverage":        {Type: ansible.TypeBool, Default: false},
	},
	MutuallyExclusive: [][]string{{"organization_id", "organization"}, {"organization_id", "department"}},
}.Merge(common.ConnectionSpec())

// run reads the accounts and what they map, and joins them into the result. Nothing is written, so
// check mode is the same run.
func run(ctx context.Context, s *common.Session, f filter) (*ansible.Result, error) {
	obs := newObserver(s)
	snap, err := obs.observe(ctx, f)
	if err != nil {
		return nil, err
	}
	return buildResult(assemble(snap, common.Dates{Env: s.Env, Now: s.Clock.Now()}), obs.orgs), nil
}

// steps are acme_user_info's parts, run in order by the shared opening.
var steps = common.InfoSteps("acme_user_info", Spec, desire, run)

// Module is the acme_user_info module.
var Module = steps.Module(common.SystemClock)
