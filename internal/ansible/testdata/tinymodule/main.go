// Command tinymodule is a test fixture for the ansible runtime: a multi-call
// executable with two small modules. When run under the name "single" it
// serves only "hello" through ansible.Main. binary_test.go builds and runs
// it the way Ansible does.
package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/scmkit/sectigo/internal/ansible"
)

type params struct {
	Name     string `json:"name"`
	Password string `json:"password"`
	Mode     string `json:"mode"`
}

var spec = ansible.Spec{Options: map[string]ansible.Option{
	"name":     {Required: true},
	"password": {NoLog: true},
	"mode":     {Choices: []any{"ok", "fail", "panic"}, Default: "ok"},
}}

func module(name string) ansible.Module[params] {
	return ansible.Module[params]{
		Name:              name,
		Spec:              spec,
		SupportsCheckMode: true,
		Run: func(_ context.Context, _ *ansible.Env, p params) (*ansible.Result, error) {
			switch p.Mode {
			case "fail":
				return nil, errors.New("login refused for " + p.Password)
			case "panic":
				panic("boom")
			}
			return &ansible.Result{Changed: true, Msg: name + " " + p.Name + " (" + p.Password + ")"}, nil
		},
	}
}

func main() {
	if filepath.Base(os.Args[0]) == "single" {
		ansible.Main(module("hello"))
	}
	ansible.MainMulti(module("hello"), module("bye"))
}
