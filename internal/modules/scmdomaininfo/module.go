package scmdomaininfo

import (
	"context"
	"time"

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

// Module is the scm_domain_info module.
var Module = newModule(time.Now)

// newModule binds the module to a clock: days_left is counted from now(), and tests pin it.
func newModule(now func() time.Time) ansible.Module[Params] {
	return ansible.Module[Params]{
		Name:              "scm_domain_info",
		Spec:              Spec,
		SupportsCheckMode: true, // nothing is ever written, so check mode is the same run
		Run: func(ctx context.Context, env *ansible.Env, p Params) (*ansible.Result, error) {
			return run(ctx, env, p, now)
		},
	}
}

func run(ctx context.Context, env *ansible.Env, p Params, now func() time.Time) (*ansible.Result, error) {
	f, err := desire(p)
	if err != nil {
		return nil, err
	}
	ctx, cancel := p.Deadline(ctx)
	defer cancel()
	client, err := p.Client(env)
	if err != nil {
		return nil, err
	}
	r := newReader(client, p, env)
	snap, err := r.observe(ctx, f)
	if err != nil {
		return nil, err
	}
	doms := f.keep(assemble(snap, now(), env))
	if p.Details {
		if doms, err = r.details(ctx, doms); err != nil {
			return nil, err
		}
	}
	return buildResult(doms, r.orgs), nil
}
