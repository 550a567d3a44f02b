package acmeuser

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
	State     string `json:"state"`
	EABFile   string `json:"eab_file"`
	ReturnEAB bool   `json:"return_eab"`
}

// Spec is the module's argument spec; plugins/modules/acme_user.py documents it and a test keeps the
// two in step.
var Spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"name":            {Type: ansible.TypeStr, Required: true},
		"acme_server":     {Type: ansible.TypeStr, Required: true},
		"organization":    {Type: ansible.TypeStr},
		"department":      {Type: ansible.TypeStr},
		"organization_id": {Type: ansible.TypeInt, Aliases: []string{"org_id"}},
		"state":           {Type: ansible.TypeStr, Default: "present", Choices: []any{"present", "absent"}},
		"eab_file":        {Type: ansible.TypePath},
		"return_eab":      {Type: ansible.TypeBool, Default: false},
	},
	MutuallyExclusive: [][]string{{"organization_id", "organization"}, {"organization_id", "department"}},
	RequiredOneOf:     [][]string{{"organization", "department", "organization_id"}},
}.Merge(common.ConnectionSpec())

// Module is the acme_user module.
var Module = ansible.Module[Params]{
	Name:              "acme_user",
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
	pl := makePlan(w, o)
	if pl.empty() || env.CheckMode {
		return buildResult(env, w, o, pl, done{}), nil
	}
	d, err := r.apply(ctx, w, o, pl)
	return buildResult(env, w, o, pl, d), err
}
