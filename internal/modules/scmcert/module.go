package scmcert

import (
	"context"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Params are the module's options, decoded from the task's arguments.
type Params struct {
	common.Connection
	common.CAAOptions
	Organization        string         `json:"organization"`
	Department          string         `json:"department"`
	OrgID               int            `json:"org_id"`
	State               string         `json:"state"`
	SSLID               int            `json:"ssl_id"`
	CommonName          string         `json:"common_name"`
	SubjectAltNames     []string       `json:"subject_alt_names"`
	Profile             string         `json:"profile"`
	Term                int            `json:"term"`
	CSR                 string         `json:"csr"`
	CSRPath             string         `json:"csr_path"`
	CustomFields        map[string]any `json:"custom_fields"`
	ExternalRequester   string         `json:"external_requester"`
	Comments            string         `json:"comments"`
	RemainingDays       int            `json:"remaining_days"`
	RemainingPercentage int            `json:"remaining_percentage"`
	Force               bool           `json:"force"`
	Wait                bool           `json:"wait"`
	WaitTimeout         int            `json:"wait_timeout"`
	Path                string         `json:"path"`
	ChainPath           string         `json:"chain_path"`
	FullchainPath       string         `json:"fullchain_path"`
	Mode                any            `json:"mode"`
	Owner               string         `json:"owner"`
	Group               string         `json:"group"`
	RevokeReason        string         `json:"revoke_reason"`
}

// revokeReasons maps the RFC 5280 reason names users write to the codes SCM accepts (0, 1, 3, 4, 5).
var revokeReasons = map[string]int{
	"unspecified": 0, "keyCompromise": 1, "affiliationChanged": 3, "superseded": 4, "cessationOfOperation": 5,
}

// Spec is the module's argument spec; plugins/modules/scm_cert.py documents it and a test keeps the
// two in step.
var Spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"state":                {Type: ansible.TypeStr, Default: "present", Choices: []any{"present", "revoked"}},
		"ssl_id":               {Type: ansible.TypeInt},
		"common_name":          {Type: ansible.TypeStr},
		"subject_alt_names":    {Type: ansible.TypeList, Elements: ansible.TypeStr},
		"profile":              {Type: ansible.TypeStr},
		"term":                 {Type: ansible.TypeInt},
		"organization":         {Type: ansible.TypeStr},
		"department":           {Type: ansible.TypeStr},
		"org_id":               {Type: ansible.TypeInt, Aliases: []string{"organization_id"}},
		"csr":                  {Type: ansible.TypeStr},
		"csr_path":             {Type: ansible.TypePath},
		"custom_fields":        {Type: ansible.TypeDict},
		"external_requester":   {Type: ansible.TypeStr},
		"comments":             {Type: ansible.TypeStr},
		"remaining_days":       {Type: ansible.TypeInt},
		"remaining_percentage": {Type: ansible.TypeInt, Default: certutil.DefaultRemainingPercentage},
		"force":                {Type: ansible.TypeBool, Default: false},
		"wait":                 {Type: ansible.TypeBool, Default: false},
		"wait_timeout":         {Type: ansible.TypeInt, Default: 300},
		"path":                 {Type: ansible.TypePath},
		"chain_path":           {Type: ansible.TypePath},
		"fullchain_path":       {Type: ansible.TypePath, Aliases: []string{"full_chain_path"}},
		"mode":                 {Type: ansible.TypeRaw},
		"owner":                {Type: ansible.TypeStr},
		"group":                {Type: ansible.TypeStr},
		"revoke_reason": {Type: ansible.TypeStr, Default: "unspecified",
			Choices: []any{"unspecified", "keyCompromise", "affiliationChanged", "superseded", "cessationOfOperation"}},
	},
	MutuallyExclusive: [][]string{{"csr", "csr_path"}, {"org_id", "organization"}, {"org_id", "department"}},
	RequiredIf: []ansible.RequiredIf{
		{Key: "state", Value: "present", Requirements: []string{"common_name", "profile"}},
		{Key: "state", Value: "present", Requirements: []string{"csr", "csr_path"}, AnyOf: true},
		{Key: "state", Value: "present", Requirements: []string{"organization", "department", "org_id"}, AnyOf: true},
	},
}.Merge(common.ConnectionSpec()).Merge(common.CAASpec())

// run observes through an observer that holds only readers, plans, and hands the writer to apply
// alone, outside check mode (where out stays nil and the result is the prediction). The result's
// days_left counts from the end of the run.
func run(ctx context.Context, s *common.Session, w *want) (*ansible.Result, error) {
	obs := newObserver(s)
	o, err := obs.observe(ctx, w)
	if err != nil {
		return nil, err
	}
	d, err := obs.replan(ctx, w, o, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	var out *outcome
	if !s.Env.CheckMode {
		out, err = newApplier(s, w).apply(ctx, o, d)
	}
	return buildResult(s.Env, w, o, d, out, s.Clock.Now()), err
}

// steps are scm_cert's parts, run in order by the shared opening.
var steps = common.WriteSteps("scm_cert", Spec, desire, run)

// Module is the scm_cert module.
var Module = steps.Module(common.SystemClock)
