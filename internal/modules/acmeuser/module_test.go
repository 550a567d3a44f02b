package acmeuser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scmsim"
)

const ovName = "Sectigo OV ACME (demo)"

// converge runs simtest.Converge (with diffs), checks that check mode predicted the actions, and that
// only the creating run returns the EAB key.
func converge(t *testing.T, sim *simtest.Sim, args map[string]any) (check1, apply1 ansibletest.Output) {
	t.Helper()
	r := simtest.Converge(t, sim, Module, args, ansibletest.Diff())
	assert.NotContains(t, r.Apply2, "eab_hmac_key", "only the creating run returns the key")
	assert.Equal(t, r.Check1["actions"], r.Apply1["actions"], "check mode predicted what the run did")
	return r.Check1, r.Apply1
}

// worldAccount returns the live account with that name from the emulator's world.
func worldAccount(t *testing.T, sim *simtest.Sim, name string) scmsim.ACMEAccount {
	t.Helper()
	var found []scmsim.ACMEAccount
	for _, a := range sim.World().ACMEAccounts {
		if a.Name == name && !a.Deleted {
			found = append(found, a)
		}
	}
	require.Len(t, found, 1, "accounts named %q", name)
	return found[0]
}

func TestModule_CreateWithEABFile(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	file := filepath.Join(t.TempDir(), "web01.ini")
	check, res := converge(t, sim, map[string]any{
		"name": "web01", "acme_server": ovName, "organization": "Demo University", "department": "Web", "eab_file": file,
	})
	acct := worldAccount(t, sim, "web01")

	assert.Equal(t, []any{"create ACME account web01", "write eab_file " + file}, res["actions"])
	assert.Equal(t, map[string]any{"state": "absent", "eab_file": "missing"}, diffOf(t, check)["before"])
	assert.NotContains(t, check, "eab_kid", "check mode cannot know the new account's kid")

	a := res["account"].(map[string]any)
	assert.EqualValues(t, acct.ID, a["id"])
	assert.Equal(t, "pending", a["status"])
	assert.Equal(t, sim.URL+"/acme/v2/OV", a["acme_server"])
	assert.Equal(t, sim.URL+"/acme/v2/OV", a["server"])
	assert.EqualValues(t, 1002, a["organization_id"])
	assert.Equal(t, acct.MacID, a["eab_kid"])
	assert.Equal(t, acct.MacID, res["eab_kid"])
	assert.Equal(t, acct.MacKey, res["eab_hmac_key"], "the creating run returns the key")

	diff, err := json.Marshal(diffOf(t, res))
	require.NoError(t, err)
	assert.NotContains(t, string(diff), acct.MacKey)
	assert.Contains(t, string(diff), acct.MacID)

	st, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	content, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, string(renderEAB(acct.ID, sim.URL+"/acme/v2/OV", acct.MacID, acct.MacKey)), string(content))
}

func TestModule_CheckModeWritesNoFile(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	file := filepath.Join(t.TempDir(), "eab.ini")
	args := sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001, "eab_file": file})
	require.False(t, ansibletest.Run(t, Module, args).Failed())
	require.NoError(t, os.Remove(file))

	res := ansibletest.Run(t, Module, args, ansibletest.CheckMode())
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, []any{"write eab_file " + file}, res["actions"])
	assert.NoFileExists(t, file)
}

func TestModule_FileRepaired(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	file := filepath.Join(t.TempDir(), "eab.ini")
	args := sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001, "eab_file": file})
	require.False(t, ansibletest.Run(t, Module, args).Failed())
	want, err := os.ReadFile(file)
	require.NoError(t, err)

	tests := []struct {
		desc   string
		tamper func() error
	}{
		{desc: "content changed", tamper: func() error { return os.WriteFile(file, []byte("server = x\n"), 0o600) }},
		{desc: "mode widened", tamper: func() error { return os.Chmod(file, 0o644) }},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			require.NoError(t, tc.tamper())
			mark := sim.Mark()
			res := ansibletest.Run(t, Module, args, ansibletest.Diff())
			require.False(t, res.Failed(), res.Msg())
			assert.Equal(t, []any{"write eab_file " + file}, res["actions"])
			assert.Equal(t, "out of date", diffOf(t, res)["before"].(map[string]any)["eab_file"])
			assert.Zero(t, sim.MutatingSince(mark))
			got, err := os.ReadFile(file)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
			st, err := os.Stat(file)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
		})
	}
}

func TestModule_ReturnEAB(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	args := sim.Conn(map[string]any{"name": "web", "acme_server": sim.URL + "/acme/v2/DV/", "organization": "Partner College"})
	require.True(t, ansibletest.Run(t, Module, args).Changed())
	acct := worldAccount(t, sim, "web")

	res := ansibletest.Run(t, Module, args, ansibletest.Verbosity(3))
	require.False(t, res.Failed(), res.Msg())
	assert.False(t, res.Changed())
	assert.NotContains(t, string(res.JSON()), acct.MacKey)
	assert.Equal(t, acct.MacID, res["eab_kid"])

	args["return_eab"] = true
	res = ansibletest.Run(t, Module, args, ansibletest.CheckMode())
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, acct.MacKey, res["eab_hmac_key"])
}

// TestModule_KeyMaskedElsewhere: the HMAC key is registered as a secret in every run that reads it,
// so it is masked anywhere but eab_hmac_key, here in an account name that happens to contain it.
func TestModule_KeyMaskedElsewhere(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	key := "Zm9vYmFyLWhtYWMta2V5LXRoYXQtaXMtbG9uZy1lbm91Z2gtdG8tYmUtcmVhbGlzdGlj"
	w := sim.World()
	w.ACMEAccounts = append(w.ACMEAccounts, scmsim.ACMEAccount{ID: 7100, Name: "acct-" + key, ServerKey: "OV",
		OrgID: 1001, Status: "pending", CertValidationType: "OV", MacID: "kid-masking-test-00001", MacKey: key})
	require.NoError(t, sim.Seed(w))

	args := sim.Conn(map[string]any{"name": "acct-" + key, "acme_server": ovName, "organization_id": 1001, "return_eab": true})
	res := ansibletest.Run(t, Module, args)
	require.False(t, res.Failed(), res.Msg())
	assert.Equal(t, key, res["eab_hmac_key"], "revealed where asked for")
	assert.Equal(t, "acct-********", res["account"].(map[string]any)["name"])
	assert.Equal(t, "acct-********", res.ModuleArgs()["name"])
}

func TestModule_Absent(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	file := filepath.Join(t.TempDir(), "eab.ini")
	args := map[string]any{"name": "gone", "acme_server": ovName, "organization_id": 1001, "eab_file": file}
	require.True(t, ansibletest.Run(t, Module, sim.Conn(args)).Changed())
	id := worldAccount(t, sim, "gone").ID
	require.FileExists(t, file)

	args["state"] = "absent"
	check, res := converge(t, sim, args)
	assert.Equal(t, "present", diffOf(t, check)["before"].(map[string]any)["state"])
	assert.Equal(t, map[string]any{"state": "absent", "eab_file": "missing"}, diffOf(t, check)["after"])
	assert.Equal(t, []any{"delete ACME account " + itoa(id), "remove eab_file " + file}, res["actions"])
	assert.Equal(t, map[string]any{}, res["account"])
	assert.NoFileExists(t, file)
	for _, a := range sim.World().ACMEAccounts {
		assert.True(t, a.Deleted, "account %d", a.ID)
	}
}

func TestModule_Ambiguous(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	args := sim.Conn(map[string]any{"name": "twin", "acme_server": ovName, "organization_id": 1001})
	// SCM itself allows duplicates; made here through the API, not through the module.
	w := sim.World()
	for _, id := range []int{7201, 7202} {
		w.ACMEAccounts = append(w.ACMEAccounts, scmsim.ACMEAccount{ID: id, Name: "twin", ServerKey: "OV", OrgID: 1001,
			Status: "pending", CertValidationType: "OV", MacID: "kid-twin-" + itoa(id), MacKey: "key-twin-" + itoa(id) + "-0123456789"})
	}
	require.NoError(t, sim.Seed(w))
	for _, state := range []string{"present", "absent"} {
		args["state"] = state
		mark := sim.Mark()
		res := ansibletest.Run(t, Module, args)
		require.True(t, res.Failed(), state)
		assert.Contains(t, res.Msg(), "is ambiguous: SCM has 2 such accounts (ids 7201, 7202)")
		assert.Zero(t, sim.MutatingSince(mark))
	}
}

func TestModule_BadInputWritesNothing(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	dir := t.TempDir()
	tests := []struct {
		desc    string
		args    map[string]any
		wantMsg string
	}{
		{desc: "unknown server lists the valid ones", args: map[string]any{"acme_server": "OV"},
			wantMsg: `acme_server: "OV" is not an ACME server of this SCM instance; valid values (a name or its URL): "Sectigo OV ACME (demo)"`},
		{desc: "unknown organization", args: map[string]any{"organization": "Nope", "organization_id": nil},
			wantMsg: `organization "Nope" not found`},
		{desc: "eab_file in a missing directory", args: map[string]any{"eab_file": filepath.Join(dir, "no", "f")},
			wantMsg: "eab_file: directory " + filepath.Join(dir, "no") + " does not exist"},
		{desc: "eab_file is a directory", args: map[string]any{"eab_file": dir}, wantMsg: "is a directory"},
		{desc: "blank name", args: map[string]any{"name": " "}, wantMsg: "name: the account name must not be empty"},
		{desc: "organization and organization_id", args: map[string]any{"organization": "Demo University"},
			wantMsg: "parameters are mutually exclusive: organization_id|organization"},
		{desc: "no organization", args: map[string]any{"organization_id": nil},
			wantMsg: "one of the following is required: organization, department, organization_id"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			args := map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1001}
			for k, v := range tc.args {
				args[k] = v
			}
			mark := sim.Mark()
			res := ansibletest.Run(t, Module, sim.Conn(args))
			require.True(t, res.Failed())
			assert.Contains(t, res.Msg(), tc.wantMsg)
			assert.Zero(t, sim.MutatingSince(mark))
		})
	}
}

func TestModule_PermissionError(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	args := sim.Conn(map[string]any{"name": "web", "acme_server": ovName, "organization_id": 1004,
		"scm_login": "rao", "scm_password": "rao-secret"})
	res := ansibletest.Run(t, Module, args)
	require.True(t, res.Failed())
	assert.EqualValues(t, -3, res["scm_code"], res.Msg())
	assert.Contains(t, res.Msg(), "organization 1004")
}

func itoa(n int) string { return strconv.Itoa(n) }

// diffOf returns the result's diff, which must be there.
func diffOf(t *testing.T, o ansibletest.Output) map[string]any {
	t.Helper()
	d, ok := o["diff"].(map[string]any)
	require.True(t, ok, "no diff in %s", o.JSON())
	return d
}
