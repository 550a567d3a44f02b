package scmdcv

import (
	"context"
	"errors"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Params are the module's options, decoded from the task's arguments.
type Params struct {
	common.Connection
	Domain       string   `json:"domain"`
	Domains      []string `json:"domains"`
	Method       string   `json:"method"`
	Email        string   `json:"email"`
	State        string   `json:"state"`
	MinDaysValid int      `json:"min_days_valid"`
	Submit       bool     `json:"submit"`
	Wait         bool     `json:"wait"`
	WaitTimeout  int      `json:"wait_timeout"`
}

// Methods the module offers, as users write them.
const (
	methodCNAME = "cname"
	methodTXT   = "txt"
	methodHTTP  = "http"
	methodHTTPS = "https"
	methodEmail = "email"
)

// Spec is the module's argument spec; plugins/modules/scm_dcv.py documents it and a test keeps the two
// in step.
var Spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"domain":  {Type: ansible.TypeStr, Aliases: []string{"name"}},
		"domains": {Type: ansible.TypeList, Elements: ansible.TypeStr},
		"method": {Type: ansible.TypeStr,
			Choices: []any{methodCNAME, methodTXT, methodHTTP, methodHTTPS, methodEmail}},
		"email":          {Type: ansible.TypeStr},
		"state":          {Type: ansible.TypeStr, Default: "present", Choices: []any{"present", "absent"}},
		"min_days_valid": {Type: ansible.TypeInt, Default: 30},
		"submit":         {Type: ansible.TypeBool, Default: false},
		"wait":           {Type: ansible.TypeBool, Default: false},
		"wait_timeout":   {Type: ansible.TypeInt, Default: 600},
	},
	MutuallyExclusive: [][]string{{"domain", "domains"}},
	RequiredOneOf:     [][]string{{"domain", "domains"}},
	RequiredIf:        []ansible.RequiredIf{{Key: "state", Value: "present", Requirements: []string{"method"}}},
}.Merge(common.ConnectionSpec())

// Module is the scm_dcv module.
var Module = newModule(common.SystemClock)

// newModule binds the module to a clock, so tests can wait without sleeping.
func newModule(clk clock) ansible.Module[Params] {
	return ansible.Module[Params]{
		Name:              "scm_dcv",
		Spec:              Spec,
		SupportsCheckMode: true,
		SupportsDiff:      true,
		Run: common.Explained(func(ctx context.Context, env *ansible.Env, p Params) (*ansible.Result, error) {
			return run(ctx, env, p, clk)
		}),
	}
}

func run(ctx context.Context, env *ansible.Env, p Params, clk clock) (*ansible.Result, error) {
	t, err := desire(p)
	if err != nil {
		return nil, err
	}
	ctx, cancel := t.deadline(ctx, p.Connection)
	defer cancel()
	client, err := p.Client(env)
	if err != nil {
		return nil, err
	}
	r := &runner{dcv: client.DCV, t: t, env: env, clock: clk, parallel: p.MaxParallel}
	items, err := r.observe(ctx)
	if err != nil {
		return nil, err
	}
	pl, err := r.planWithStatus(ctx, items)
	if err != nil {
		return nil, err
	}
	if env.CheckMode {
		return buildResult(env, t, pl), nil
	}
	applyErr := r.apply(ctx, pl)
	var waitErr error
	if t.Wait && applyErr == nil {
		waitErr = r.wait(ctx, pl)
	}
	return buildResult(env, t, pl), errors.Join(applyErr, waitErr)
}
