package acmeuserdomains

import (
	"context"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Params are the module's options, decoded from the task's arguments.
type Params struct {
	common.Connection
	acmeaccount.Ref
	AccountID *int     `json:"account_id"`
	Domains   []string `json:"domains"`
	State     string   `json:"state"`
	Exclusive bool     `json:"exclusive"`
}

// Spec is the module's argument spec; plugins/modules/acme_user_domains.py documents it and a test
// keeps the two in step.
var Spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"account_id":      {Type: ansible.TypeInt},
		"name":            {Type: ansible.TypeStr},
		"acme_server":     {Type: ansible.TypeStr},
		"organization":    {Type: ansible.TypeStr},
		"department":      {Type: ansible.TypeStr},
		"organization_id": {Type: ansible.TypeInt, Aliases: []string{"org_id"}},
		"domains":         {Type: ansible.TypeList, Elements: ansible.TypeStr, Required: true},
		"state":           {Type: ansible.TypeStr, Default: "present", Choices: []any{"present", "absent"}},
		"exclusive":       {Type: ansible.TypeBool, Default: false},
	},
	MutuallyExclusive: [][]string{
		{"account_id", "name"}, {"account_id", "acme_server"}, {"account_id", "organization"},
		{"account_id", "department"}, {"account_id", "organization_id"},
		{"organization_id", "organization"}, {"organization_id", "department"},
	},
	RequiredOneOf:    [][]string{{"account_id", "name"}},
	RequiredTogether: [][]string{{"name", "acme_server"}},
}.Merge(common.ConnectionSpec())

// Module is the acme_user_domains module.
var Module = ansible.Module[Params]{
	Name:              "acme_user_domains",
	Spec:              Spec,
	SupportsCheckMode: true,
	SupportsDiff:      true,
	Run:               common.Explained(run),
}

func run(ctx context.Context, env *ansible.Env, p Params) (*ansible.Result, error) {
	w, err := desire(p)
	if err != nil {
		return nil, err
	}
	ctx, cancel := p.Deadline(ctx)
	defer cancel()
	client, err := p.Client(env)
	if err != nil {
		return nil, err
	}
	r := newRunner(client.ACME, common.NewOrgs(client.Organizations), env)
	o, err := r.observe(ctx, w)
	if err != nil {
		return nil, err
	}
	pl := makePlan(w, o.Domains)
	if pl.empty() || env.CheckMode {
		return buildResult(env, o, pl, predicted(o.Domains, pl)), nil
	}
	out, err := r.apply(ctx, o, pl)
	return buildResult(env, o, plan{Add: out.Added, Remove: out.Removed}, out.After), err
}
