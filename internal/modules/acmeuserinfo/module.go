package acmeuserinfo

import (
	"context"
	"time"

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

// Module is the acme_user_info module.
var Module = newModule(time.Now)

// newModule binds the module to a clock: days_left is counted from now(), and tests pin it.
func newModule(now func() time.Time) ansible.Module[Params] {
	return ansible.Module[Params]{
		Name:              "acme_user_info",
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
	accts, err := r.accounts(ctx, &f)
	if err != nil {
		return nil, err
	}
	snap, err := r.mapped(ctx, accts, p.Coverage)
	if err != nil {
		return nil, err
	}
	return buildResult(assemble(snap, now(), env), snap, r.orgs), nil
}
