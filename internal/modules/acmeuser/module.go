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

// run finds the account and reads the file through an observer that holds only readers, plans, and
// outside check mode hands the writer to apply alone. After a lost create answer, apply reads SCM again
// through plain functions of its own reader, comparing with the ids observe saw.
func run(ctx context.Context, s *common.Session, w want) (*ansible.Result, error) {
	obs := newObserver(s)
	o, err := obs.observe(ctx, w)
	if err != nil {
		return nil, err
	}
	pl := plan(w, o)
	if !pl.empty() && obs.accounts.FromHints() {
		// Decided with a remembered organization tree or server listing: decide again from both read live.
		if err := obs.accounts.Live(ctx); err != nil {
			return nil, err
		}
		if o, err = obs.observe(ctx, w); err != nil {
			return nil, err
		}
		pl = plan(w, o)
	}
	if pl.empty() || s.Env.CheckMode {
		return buildResult(s.Env, w, o, pl, done{}), nil
	}
	d, err := newApplier(s).apply(ctx, w, o, pl)
	return buildResult(s.Env, w, o, pl, d), err
}

// steps are acme_user's parts, run in order by the shared opening.
var steps = common.WriteSteps("acme_user", Spec, desire, run)

// Module is the acme_user module.
var Module = steps.Module(common.SystemClock)
