package scmsim

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestState_RoundTrip(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	e := newEnv(t, func(o *Options) { o.StatePath = path })
	e.validDomain("state.example.com")
	id := e.enroll("www.state.example.com", "")
	acct := e.createAccount("persisted", DemoOrgID)
	e.sim.SetClockOffset(48 * time.Hour)

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	again := newEnv(t, func(o *Options) { o.StatePath = path })
	before, after := e.sim.World(), again.sim.World()
	assert.Equal(t, before.Domains, after.Domains)
	assert.Equal(t, before.Certificates, after.Certificates)
	assert.Equal(t, before.ACMEAccounts, after.ACMEAccounts)
	assert.Equal(t, before.NextIDs, after.NextIDs)
	assert.Equal(t, e.sim.CA().RootPEM(), again.sim.CA().RootPEM(), "same CA keys")
	assert.Equal(t, e.sim.Now(), again.sim.Now(), "clock offset kept")

	again.do("GET", "/ssl/v1/collect/"+itoa(id)+"/x509CO", nil).requireStatus(t, 200)
	assert.Equal(t, e.account("v2", acct).MacKey, again.account("v2", acct).MacKey)
	next := again.createDomain("next.example.com")
	assert.Equal(t, firstDomainID+1, next, "ids continue")
}

func TestState_Corrupt(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o600))
	_, err := New(Options{StatePath: path})
	require.ErrorContains(t, err, "parse state")
	require.NoError(t, os.WriteFile(path, []byte(`{"version":99,"world":{}}`), 0o600))
	_, err = New(Options{StatePath: path})
	require.ErrorContains(t, err, "version 99")
}

func TestSeed_Parse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		doc     string
		wantErr string
	}{
		{desc: "yaml", doc: yamlSeed},
		{desc: "json", doc: `{"admins":[{"login":"a","password":"b","role":"MRAO"}],"organizations":[{"id":5,"name":"X"}]}`},
		{desc: "empty", doc: "  ", wantErr: "empty"},
		{desc: "no admins", doc: `{"organizations":[]}`, wantErr: "no admins"},
		{desc: "duplicate org id", doc: `{"admins":[{"login":"a","role":"MRAO"}],"organizations":[{"id":5,"name":"X"},{"id":5,"name":"Y"}]}`,
			wantErr: "id 5"},
		{desc: "unknown field", doc: `{"admins":[{"login":"a","role":"MRAO","x":1}]}`, wantErr: "unknown field"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			w, err := ParseWorld([]byte(tc.doc))
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, firstDomainID, w.NextIDs.Domain)
			assert.NotEmpty(t, w.CustomerURI)
		})
	}
}

func TestDefaultWorld(t *testing.T) {
	t.Parallel()
	w := DefaultWorld()
	require.NoError(t, w.validate())
	assert.Equal(t, "demo", w.CustomerURI)
	var names []string
	for _, p := range w.Profiles {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"OV Multi-Domain", "EV Multi-Domain", "OV Single", "OV Legacy (no renew)"}, names)
	assert.Empty(t, w.Domains)
	assert.Empty(t, w.Certificates)
	assert.Empty(t, w.ACMEAccounts)
}

func TestSeed_defaultWorldFile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("testdata", "default-world.yml"))
	require.NoError(t, err)
	w, err := ParseWorld(data)
	require.NoError(t, err)
	assert.Equal(t, DefaultWorld(), w)
}
