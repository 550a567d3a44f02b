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

// run reads the account's names through an observer that holds only readers and plans one add and
// one removal at most; outside check mode the applier alone gets the writer. After a real run the
// result reports what SCM did, which another run's writes meanwhile may make differ from the plan.
func run(ctx context.Context, s *common.Session, w want) (*ansible.Result, error) {
	obs := newObserver(s)
	o, err := obs.observe(ctx, w)
	if err != nil {
		return nil, err
	}
	pl := plan(w, o.Domains)
	if !pl.empty() && obs.accounts.FromHints() {
		// The account was found with a remembered organization tree or server listing: find it again
		// with both read live before anything is written to it.
		if err := obs.accounts.Live(ctx); err != nil {
			return nil, err
		}
		if o, err = obs.observe(ctx, w); err != nil {
			return nil, err
		}
		pl = plan(w, o.Domains)
	}
	if pl.empty() || s.Env.CheckMode {
		return buildResult(s.Env, o, pl, predicted(o.Domains, pl)), nil
	}
	out, err := newApplier(s).apply(ctx, o, pl)
	return buildResult(s.Env, o, Plan{Add: out.Added, Remove: out.Removed}, out.After), err
}

// steps are acme_user_domains's parts, run in order by the shared opening.
var steps = common.WriteSteps("acme_user_domains", Spec, desire, run)

// Module is the acme_user_domains module.
var Module = steps.Module(common.SystemClock)
