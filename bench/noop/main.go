// Command noop is the protocol floor of the benchmark: a binary Ansible module built on the same
// runtime (internal/ansible) as the collection's modules, with the same connection options and their
// environment fallbacks, that makes no SCM request. 50 tasks of it measure what ansible-playbook and
// the binary-module protocol cost on their own.
package main

import (
	"context"

	"github.com/scmkit/sectigo/internal/ansible"
)

type params struct {
	Name          string `json:"name"`
	URL           string `json:"scm_url"`
	CustomerURI   string `json:"scm_customer_uri"`
	Login         string `json:"scm_login"`
	Password      string `json:"scm_password"`
	ValidateCerts bool   `json:"scm_validate_certs"`
	CAPath        string `json:"scm_ca_path"`
	Timeout       int    `json:"scm_timeout"`
	MaxParallel   int    `json:"scm_max_parallel"`
}

// spec mirrors the collection's connection options (internal/modules/internal/common, which this
// command may not import), so validation costs the same as in a real module.
var spec = ansible.Spec{
	Options: map[string]ansible.Option{
		"name":               {Type: ansible.TypeStr},
		"scm_url":            {Type: ansible.TypeStr, Required: true, EnvFallback: []string{"SCM_URL"}},
		"scm_customer_uri":   {Type: ansible.TypeStr, Required: true, EnvFallback: []string{"SCM_CUSTOMER_URI"}},
		"scm_login":          {Type: ansible.TypeStr, Required: true, EnvFallback: []string{"SCM_LOGIN"}},
		"scm_password":       {Type: ansible.TypeStr, NoLog: true, EnvFallback: []string{"SCM_PASSWORD"}},
		"scm_validate_certs": {Type: ansible.TypeBool, Default: true},
		"scm_ca_path":        {Type: ansible.TypePath, EnvFallback: []string{"SCM_CA_PATH"}},
		"scm_timeout":        {Type: ansible.TypeInt, Default: 120},
		"scm_max_parallel":   {Type: ansible.TypeInt, Default: 5},
	},
}

func main() {
	ansible.Main(ansible.Module[params]{
		Name:              "noop",
		Spec:              spec,
		SupportsCheckMode: true,
		Run: func(context.Context, *ansible.Env, params) (*ansible.Result, error) {
			return &ansible.Result{}, nil
		},
	})
}
