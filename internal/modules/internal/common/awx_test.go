package common

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// awxCredentialType is the part of an AWX credential type definition the collection relies on.
type awxCredentialType struct {
	Name   string `yaml:"name"`
	Kind   string `yaml:"kind"`
	Inputs struct {
		Fields []struct {
			ID     string `yaml:"id"`
			Secret bool   `yaml:"secret"`
		} `yaml:"fields"`
		Required []string `yaml:"required"`
	} `yaml:"inputs"`
	Injectors struct {
		File map[string]string `yaml:"file"`
		Env  map[string]string `yaml:"env"`
	} `yaml:"injectors"`
}

// TestAWXCredentialTypes checks extensions/awx/credential_types.yml against the modules: every variable
// it injects is an environment fallback of a connection option, every template names an input, the
// secrets are marked secret, and the values injected make the task log in the way the type is named for.
func TestAWXCredentialTypes(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../../../extensions/awx/credential_types.yml")
	require.NoError(t, err)
	var doc struct {
		Types []awxCredentialType `yaml:"scmkit_credential_types"`
	}
	require.NoError(t, yaml.Unmarshal(data, &doc))
	require.Len(t, doc.Types, 3)

	fallback := map[string]string{} // SCM_X → scm_x
	for name, o := range ConnectionSpec().Options {
		for _, env := range o.EnvFallback {
			fallback[env] = name
		}
	}
	var modes []string
	for _, ct := range doc.Types {
		t.Run(ct.Name, func(t *testing.T) {
			mode := checkAWXType(t, ct, fallback)
			modes = append(modes, mode)
		})
	}
	slices.Sort(modes)
	assert.Equal(t, []string{AuthClientCert, AuthOAuth2, AuthPassword}, modes, "one type per way to log in")
}

var awxTemplate = regexp.MustCompile(`^\{\{ (tower\.filename\.)?([a-z_]+) \}\}$`)

// checkAWXType returns the mode the type's injected environment selects.
func checkAWXType(t *testing.T, ct awxCredentialType, fallback map[string]string) string {
	t.Helper()
	assert.Equal(t, "cloud", ct.Kind)
	ids := map[string]bool{}
	for _, f := range ct.Inputs.Fields {
		ids[f.ID] = true
		if f.ID == "scm_password" || f.ID == "scm_client_secret" || f.ID == "scm_client_key" {
			assert.True(t, f.Secret, "%s must be a secret input", f.ID)
		}
	}
	for _, r := range ct.Inputs.Required {
		assert.True(t, ids[r], "required %s is not an input", r)
	}
	env := map[string]string{} // option → a value standing for what AWX injects
	for name, tmpl := range ct.Injectors.Env {
		option, known := fallback[name]
		require.True(t, known, "%s is not an environment fallback of any connection option", name)
		if name == "SCM_AUTH" {
			env[option] = tmpl
			continue
		}
		m := awxTemplate.FindStringSubmatch(tmpl)
		require.NotNil(t, m, "%s: %q is not a plain template", name, tmpl)
		if m[1] != "" {
			_, ok := ct.Injectors.File["template."+m[2]]
			assert.True(t, ok, "%s names file template %s, which the type does not define", name, m[2])
			tmpl = ct.Injectors.File["template."+m[2]]
			m = awxTemplate.FindStringSubmatch(tmpl)
			require.NotNil(t, m)
		}
		assert.True(t, ids[m[2]], "%s injects %s, which is not an input", name, m[2])
		env[option] = "value of " + m[2]
	}
	c := Connection{Auth: env["scm_auth"], CustomerURI: env["scm_customer_uri"], Login: env["scm_login"],
		Password: env["scm_password"], ClientCert: env["scm_client_cert"], ClientKey: env["scm_client_key"],
		ClientID: env["scm_client_id"], ClientSecret: env["scm_client_secret"], TokenURL: DefaultTokenURL}
	mode, err := c.authMode()
	require.NoError(t, err, "the injected environment must be a complete login")
	assert.Equal(t, env["scm_auth"], mode)
	return mode
}
