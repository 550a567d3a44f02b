package scmcert

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
)

// TestModule_BadInputWritesNothing: every mistake fails with a message that names the parameter,
// and nothing is written to SCM (most fail before any request at all).
func TestModule_BadInputWritesNothing(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	dir := t.TempDir()
	base := baseArgs(t, dir)
	sslID := id(runOK(t, m, sim, base)["ssl_id"])
	tests := []struct {
		desc      string
		args      map[string]any
		wantMsg   string
		noRequest bool
	}{
		{desc: "CSR names differ", args: with(base, "subject_alt_names", []any{"mail.example.com"}), noRequest: true,
			wantMsg: "csr: the CSR's names differ from common_name + subject_alt_names: only in the CSR: example.com; only in the task: mail.example.com"},
		{desc: "CSR common name differs", args: with(base, "common_name", "example.com", "subject_alt_names", []any{"www.example.com"}),
			noRequest: true, wantMsg: "csr: the CSR's common name is www.example.com, but common_name is example.com"},
		{desc: "CSR unparseable", args: with(base, "csr", "not a csr"), noRequest: true, wantMsg: "csr: csr: not PEM or base64 DER"},
		{desc: "CSR file missing", args: with(without(base, "csr"), "csr_path", filepath.Join(dir, "nope.csr")), noRequest: true,
			wantMsg: "csr_path: open " + filepath.Join(dir, "nope.csr")},
		{desc: "invalid SAN", args: with(base, "subject_alt_names", []any{"ok.example.com", "bad..example.com"}), noRequest: true,
			wantMsg: `subject_alt_names[1]: invalid domain name "bad..example.com": empty label`},
		{desc: "term not in profile", args: with(base, "term", 366), wantMsg: `term: 366 days is not a term of profile "OV Multi-Domain"; its terms are 90, 180, 199, 365`},
		{desc: "key not allowed", args: with(base, "profile", "OV Single", "csr", csrPEM(t, ecKeyP384, "www.example.com", "example.com")),
			wantMsg: `csr: the CSR's key (EC P-384) is not allowed by profile "OV Single", which takes EC P-256, RSA 2048/3072/4096`},
		{desc: "mandatory custom field missing", args: with(base, "common_name", "new.example.com", "subject_alt_names", nil,
			"csr", csrPEM(t, ecKey, "new.example.com"), "custom_fields", map[string]any{"ticket": "x"}),
			wantMsg: "custom_fields: SCM requires the mandatory custom field(s) costCenter for an order"},
		{desc: "unknown custom field", args: with(base, "force", true, "custom_fields", map[string]any{"costCentre": "x"}),
			wantMsg: "custom_fields: SCM has no custom field costCentre; its fields are costCenter, ticket"},
		{desc: "unknown profile", args: with(base, "profile", "DV Wildcard"),
			wantMsg: `profile: "DV Wildcard" is not among the profiles this organization may order: OV Multi-Domain (101), EV Multi-Domain (102)`},
		{desc: "unknown organization", args: with(base, "organization", "Nowhere", "department", nil), wantMsg: `organization "Nowhere" not found`},
		{desc: "bad mode", args: with(base, "mode", "rw-r--r--"), noRequest: true, wantMsg: `mode: "rw-r--r--" is not an octal mode`},
		{desc: "mode without files", args: with(without(base, "path", "chain_path", "fullchain_path"), "mode", "0600"), noRequest: true,
			wantMsg: "mode, owner and group apply to path, chain_path and fullchain_path, and none is given"},
		{desc: "same file twice", args: with(base, "chain_path", base["path"]), noRequest: true, wantMsg: "chain_path: " + base["path"].(string) + " is already given as path"},
		{desc: "unknown owner", args: with(base, "owner", "no-such-user-here"), noRequest: true, wantMsg: "owner: user: unknown user no-such-user-here"},
		{desc: "ssl_id of another certificate", args: with(base, "ssl_id", sslID, "profile", "OV Single"),
			wantMsg: "ssl_id 5001 is another certificate than the task describes: profile 101, not 103"},
		{desc: "unknown ssl_id", args: with(base, "ssl_id", 999), wantMsg: "ssl_id: certificate 999 does not exist or is not visible to this admin"},
		{desc: "revoke without identity", args: map[string]any{"state": "revoked", "common_name": "www.example.com"}, noRequest: true,
			wantMsg: "state=revoked needs ssl_id, or common_name, profile and one of organization, department or org_id"},
		{desc: "present without CSR", args: without(base, "csr"), noRequest: true, wantMsg: "state is present but any of the following are missing: csr, csr_path"},
		{desc: "comments too long for the marker", args: with(base, "comments", strings.Repeat("x", 999)), noRequest: true,
			wantMsg: "comments: 1025 characters, with the marker " + markerFor(t, rsaKey) + " the module appends to find the " +
				"order again; SCM takes at most 1024, so shorten them by 1"},
		{desc: "wait without time", args: with(base, "wait", true, "wait_timeout", 0), noRequest: true, wantMsg: "wait_timeout must be a positive number of seconds"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			mark := sim.Mark()
			res := ansibletest.Run(t, m, sim.Conn(tc.args))
			require.True(t, res.Failed(), "expected a failure")
			assert.Contains(t, res.Msg(), tc.wantMsg)
			assert.Zero(t, sim.MutatingSince(mark), "nothing written")
			if tc.noRequest {
				assert.Empty(t, sim.JournalSince(mark), "failed before any request")
			}
		})
	}
}

func TestModule_WrongPasswordIsMasked(t *testing.T) {
	t.Parallel()
	sim := startSim(t)
	m, _ := module(sim)
	res := ansibletest.Run(t, m, sim.Conn(with(baseArgs(t, t.TempDir()), "scm_password", "s3cret-wrong")))
	require.True(t, res.Failed())
	assert.EqualValues(t, -16, res["scm_code"])
	assert.NotContains(t, string(res.JSON()), "s3cret-wrong")
}
