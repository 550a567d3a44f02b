package ansibletest_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
)

type params struct {
	Name     string `json:"name"`
	Password string `json:"password"`
	Fail     bool   `json:"fail"`
}

// probe records the Env it ran with and echoes its input.
func probe(seen **ansible.Env) ansible.Module[params] {
	return ansible.Module[params]{
		Name: "probe",
		Spec: ansible.Spec{Options: map[string]ansible.Option{
			"name": {Required: true}, "password": {NoLog: true}, "fail": {Type: ansible.TypeBool},
		}},
		SupportsCheckMode: true,
		SupportsDiff:      true,
		Run: func(_ context.Context, env *ansible.Env, p params) (*ansible.Result, error) {
			*seen = env
			env.Tracef("traced %s", p.Password)
			env.Warn("careful")
			res := &ansible.Result{
				Changed: !env.CheckMode,
				Msg:     "hello " + p.Name + " " + p.Password,
				Diff:    &ansible.Diff{Before: "", After: p.Name},
				Data:    map[string]any{"id": 42, "html": "<b>&</b>"},
			}
			if p.Fail {
				return res, errors.New("it broke")
			}
			return res, nil
		},
	}
}

func TestRun_defaults(t *testing.T) {
	t.Parallel()
	var env *ansible.Env
	out := ansibletest.Run(t, probe(&env), map[string]any{"name": "n", "password": "hunter22"})
	require.NotNil(t, env)
	assert.False(t, env.CheckMode)
	assert.False(t, env.Diff)
	assert.Equal(t, 0, env.Verbosity)
	assert.Equal(t, "probe", env.ModuleName)
	assert.Equal(t, "2.14.18", env.Version)
	info, err := os.Stat(env.TmpDir)
	require.NoError(t, err, "TmpDir exists")
	assert.True(t, info.IsDir())

	assert.True(t, out.Changed())
	assert.False(t, out.Failed())
	assert.False(t, out.Skipped())
	assert.Equal(t, "hello n ********", out.Msg())
	assert.Equal(t, []string{"careful"}, out.Warnings())
	assert.InDelta(t, 42, out["id"], 0)
	assert.NotContains(t, out, "diff")
	assert.NotContains(t, out, "trace")
	assert.Equal(t, "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", out.ModuleArgs()["password"])
}

func TestRun_options(t *testing.T) {
	t.Parallel()
	var env *ansible.Env
	out := ansibletest.Run(t, probe(&env), map[string]any{"name": "n", "password": "hunter22"},
		ansibletest.CheckMode(), ansibletest.Diff(), ansibletest.Verbosity(3), ansibletest.NoLog(),
		ansibletest.ModuleName("scmkit.sectigo.probe"), ansibletest.Internal("_ansible_version", "2.99"))
	require.NotNil(t, env)
	assert.True(t, env.CheckMode)
	assert.True(t, env.Diff)
	assert.True(t, env.NoLog)
	assert.Equal(t, 3, env.Verbosity)
	assert.Equal(t, "scmkit.sectigo.probe", env.ModuleName)
	assert.Equal(t, "2.99", env.Version)

	assert.False(t, out.Changed())
	assert.Equal(t, map[string]any{"before": "", "after": "n"}, out["diff"])
	assert.Equal(t, []any{"traced ********"}, out["trace"])
}

func TestRun_failure(t *testing.T) {
	t.Parallel()
	var env *ansible.Env
	out := ansibletest.Run(t, probe(&env), map[string]any{"name": "n", "fail": "yes"})
	assert.True(t, out.Failed())
	assert.True(t, out.Changed(), "partial progress is kept")
	assert.Equal(t, "it broke", out.Msg())

	out = ansibletest.Run(t, probe(&env), map[string]any{})
	assert.True(t, out.Failed())
	assert.Equal(t, "missing required arguments: name", out.Msg())
}

func TestOutput_JSON(t *testing.T) {
	t.Parallel()
	var env *ansible.Env
	out := ansibletest.Run(t, probe(&env), map[string]any{"name": "n", "password": "hunter22"})
	raw, _ := ansible.Execute(t.Context(), []byte(`{"name": "n", "password": "hunter22", "_ansible_tmpdir": null}`), probe(&env))
	assert.Equal(t, string(raw[:len(raw)-1]), string(out.JSON()), "same encoding as the runtime")
	assert.Contains(t, string(out.JSON()), `"html":"<b>&</b>"`)
	assert.NotContains(t, string(out.JSON()), "hunter22")
}

func TestOutput_emptyHelpers(t *testing.T) {
	t.Parallel()
	var o ansibletest.Output
	assert.False(t, o.Changed())
	assert.Empty(t, o.Msg())
	assert.Empty(t, o.Warnings())
	assert.Nil(t, o.ModuleArgs())
	assert.Equal(t, "null", string(o.JSON()))
}
