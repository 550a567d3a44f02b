package scmcertinfo

import (
	"context"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// Params are the module's options, decoded from the task's arguments.
type Params struct {
	common.Connection
	common.OrgRef
	SSLID              int      `json:"ssl_id"`
	CommonName         string   `json:"common_name"`
	SAN                string   `json:"subject_alternative_name"`
	SerialNumber       string   `json:"serial_number"`
	Status             []string `json:"status"`
	Profile            string   `json:"profile"`
	ProfileID          int      `json:"profile_id"`
	ExpiringWithinDays *int     `json:"expiring_within_days"`
	IncludePEM         bool     `json:"include_pem"`
}

// Spec is the module's argument spec; plugins/modules/scm_cert_info.py documents it and a test keeps
// the two in step.
var Spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"ssl_id":                   {Type: ansible.TypeInt, Aliases: []string{"id"}},
		"common_name":              {Type: ansible.TypeStr, Aliases: []string{"cn"}},
		"subject_alternative_name": {Type: ansible.TypeStr, Aliases: []string{"san"}},
		"serial_number":            {Type: ansible.TypeStr, Aliases: []string{"serial"}},
		"status":                   {Type: ansible.TypeList, Elements: ansible.TypeStr},
		"profile":                  {Type: ansible.TypeStr},
		"profile_id":               {Type: ansible.TypeInt},
		"organization":             {Type: ansible.TypeStr},
		"department":               {Type: ansible.TypeStr},
		"org_id":                   {Type: ansible.TypeInt, Aliases: []string{"organization_id"}},
		"expiring_within_days":     {Type: ansible.TypeInt},
		"include_pem":              {Type: ansible.TypeBool, Default: false},
	},
	MutuallyExclusive: [][]string{{"profile", "profile_id"}, {"org_id", "organization"}, {"org_id", "department"}},
}.Merge(common.ConnectionSpec())

// run finds the candidates, reads their details, keeps the ones every filter selects and, with
// include_pem, collects them. A certificate that cannot be read or collected fails the task, but the
// others are still reported. Nothing is written, so check mode is the same run.
func run(ctx context.Context, s *common.Session, f filter) (*ansible.Result, error) {
	obs := newObserver(s)
	ids, err := obs.observe(ctx, &f)
	if err != nil {
		return nil, err
	}
	certs, readErr := obs.details(ctx, ids, common.Dates{Env: s.Env, Now: s.Clock.Now()})
	certs = f.keep(certs)
	if f.withPEM {
		readErr = joinErr(readErr, obs.collect(ctx, certs))
	}
	return buildResult(certs, obs.orgs, f.withPEM), readErr
}

// steps are scm_cert_info's parts, run in order by the shared opening.
var steps = common.InfoSteps("scm_cert_info", Spec, desire, run)

// Module is the scm_cert_info module.
var Module = steps.Module(common.SystemClock)
