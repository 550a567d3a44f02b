package scmcertinfo

import (
	"context"
	"time"

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

// Module is the scm_cert_info module.
var Module = newModule(time.Now)

// newModule binds the module to a clock: days_left is counted from now(), and tests pin it.
func newModule(now func() time.Time) ansible.Module[Params] {
	return ansible.Module[Params]{
		Name:              "scm_cert_info",
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
	if err := r.resolve(ctx, &f); err != nil {
		return nil, err
	}
	ids, err := r.candidates(ctx, f)
	if err != nil {
		return nil, err
	}
	certs, readErr := r.details(ctx, ids, now())
	certs = f.keep(certs)
	if p.IncludePEM {
		readErr = joinErr(readErr, r.collect(ctx, certs))
	}
	return buildResult(certs, r.orgs, p.IncludePEM), readErr
}
