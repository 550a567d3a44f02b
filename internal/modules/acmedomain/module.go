package acmedomain

import (
	"context"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Params are the module's options, decoded from the task's arguments.
type Params struct {
	common.Connection
	Name             string            `json:"name"`
	Domains          []Entry           `json:"domains"`
	Description      *string           `json:"description"`
	Active           bool              `json:"active"`
	Delegations      []DelegationParam `json:"delegations"`
	PurgeDelegations bool              `json:"purge_delegations"`
	IncludeWildcard  bool              `json:"include_wildcard"`
	Approve          bool              `json:"approve"`
	State            string            `json:"state"`
}

// Entry is one element of the list form; unset fields inherit the task-level value.
type Entry struct {
	Name            string            `json:"name"`
	Description     *string           `json:"description"`
	Active          *bool             `json:"active"`
	Delegations     []DelegationParam `json:"delegations"`
	IncludeWildcard *bool             `json:"include_wildcard"`
	State           *string           `json:"state"`
}

// DelegationParam is one delegation as the user writes it.
type DelegationParam struct {
	common.OrgRef
	CertTypes []string `json:"cert_types"`
}

var delegationOptions = map[string]ansible.Option{
	"organization": {Type: ansible.TypeStr},
	"department":   {Type: ansible.TypeStr},
	"org_id":       {Type: ansible.TypeInt, Aliases: []string{"organization_id"}},
	"cert_types": {Type: ansible.TypeList, Elements: ansible.TypeStr, Default: []any{"SSL"},
		Choices: []any{"SSL", "SMIME", "CodeSign"}},
}

var delegationsOption = ansible.Option{
	Type: ansible.TypeList, Elements: ansible.TypeDict, Options: delegationOptions,
	RequiredOneOf: [][]string{{"organization", "department", "org_id"}},
}

var states = []any{"present", "absent"}

// Spec is the module's argument spec; plugins/modules/acme_domain.py documents it and a test keeps
// the two in step.
var Spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"name": {Type: ansible.TypeStr, Aliases: []string{"domain"}},
		"domains": {Type: ansible.TypeList, Elements: ansible.TypeDict, Options: map[string]ansible.Option{
			"name":             {Type: ansible.TypeStr, Required: true},
			"description":      {Type: ansible.TypeStr},
			"active":           {Type: ansible.TypeBool},
			"delegations":      delegationsOption,
			"include_wildcard": {Type: ansible.TypeBool},
			"state":            {Type: ansible.TypeStr, Choices: states},
		}},
		"description":       {Type: ansible.TypeStr},
		"active":            {Type: ansible.TypeBool, Default: true},
		"delegations":       delegationsOption,
		"purge_delegations": {Type: ansible.TypeBool, Default: false},
		"include_wildcard":  {Type: ansible.TypeBool, Default: false},
		"approve":           {Type: ansible.TypeBool, Default: false},
		"state":             {Type: ansible.TypeStr, Default: "present", Choices: states},
	},
	MutuallyExclusive: [][]string{{"name", "domains"}},
	RequiredOneOf:     [][]string{{"name", "domains"}},
}.Merge(common.ConnectionSpec())

// run observes through an observer that holds only readers, plans, and hands the writer to apply
// alone, outside check mode.
func run(ctx context.Context, s *common.Session, t *task) (*ansible.Result, error) {
	obs := newObserver(s)
	cur, pl, err := obs.observeAndPlan(ctx, t)
	if err == nil && !pl.empty() && obs.orgs.FromHints() {
		// Decided with the organization tree the controller remembered: decide again with the tree read
		// live, before anything is written (or reported as a change in check mode).
		if err = obs.orgs.Live(ctx); err == nil {
			cur, pl, err = obs.observeAndPlan(ctx, t)
		}
	}
	if err != nil {
		return nil, err
	}
	if pl.empty() || s.Env.CheckMode {
		return buildResult(s.Env, t.single, pl, cur, nil, obs.orgs), nil
	}
	out := newApplier(s, t.single).apply(ctx, pl, cur)
	return buildResult(s.Env, t.single, pl, cur, out, obs.orgs), applyErr(out)
}

// steps are acme_domain's parts, run in order by the shared opening.
var steps = common.WriteSteps("acme_domain", Spec, desire, run)

// Module is the acme_domain module.
var Module = steps.Module(common.SystemClock)
