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
	common.CAAOptions
	Domain       string   `json:"domain"`
	Domains      []string `json:"domains"`
	Method       string   `json:"method"`
	Email        string   `json:"email"`
	State        string   `json:"state"`
	MinDaysValid *int     `json:"min_days_valid"` // nil: defaultMinDays on the run's day
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
		"min_days_valid": {Type: ansible.TypeInt}, // default: defaultMinDays, on the module's clock
		"submit":         {Type: ansible.TypeBool, Default: false},
		"wait":           {Type: ansible.TypeBool, Default: false},
		"wait_timeout":   {Type: ansible.TypeInt, Default: 600},
	},
	MutuallyExclusive: [][]string{{"domain", "domains"}},
	RequiredOneOf:     [][]string{{"domain", "domains"}},
	RequiredIf:        []ansible.RequiredIf{{Key: "state", Value: "present", Requirements: []string{"method"}}},
}.Merge(common.ConnectionSpec()).Merge(common.CAASpec())

// run applies the CA/Browser Forum rules of the day (before any request), reads the DCV list and, for
// orders under way, the status call, then plans. Outside check mode the applier, alone holding the
// writer, sends the plan; the wait that may follow only reads.
func run(ctx context.Context, s *common.Session, t *task) (*ansible.Result, error) {
	if err := t.onDay(s.Clock.Now(), s.Env.Warn); err != nil {
		return nil, err
	}
	obs := newObserver(s)
	items, err := obs.observe(ctx, t)
	if err != nil {
		return nil, err
	}
	if err := obs.replan(ctx, t, items); err != nil {
		return nil, err
	}
	// After the plan, which says which items start or submit a validation, and before the check-mode
	// return, so that check mode reports a CAA record set that would make the validation pointless.
	if err := t.CAA.CheckCAA(ctx, s.Env, validatedNames(items)); err != nil {
		return nil, err
	}
	if s.Env.CheckMode {
		return buildResult(s.Env, t, items), nil
	}
	applyErr := newApplier(s, t).apply(ctx, items)
	var waitErr error
	if t.Wait && applyErr == nil {
		waitErr = newPoller(s, t).wait(ctx, items)
	}
	return buildResult(s.Env, t, items), errors.Join(applyErr, waitErr)
}

// steps are scm_dcv's parts, run in order by the shared opening.
var steps = common.WriteSteps("scm_dcv", Spec, desire, run)

// Module is the scm_dcv module.
var Module = steps.Module(common.SystemClock)
