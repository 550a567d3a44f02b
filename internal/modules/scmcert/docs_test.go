package scmcert

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/modules/internal/doccheck"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// TestDocs_matchSpec keeps plugins/modules/scm_cert.py (what ansible-doc shows) in step with Spec
// (what the module validates): names, types, required, defaults, choices, aliases.
func TestDocs_matchSpec(t *testing.T) {
	t.Parallel()
	doc, err := doccheck.Load("../../..", Module.Name)
	require.NoError(t, err)
	assert.Equal(t, Module.Name, doc.Module)
	assert.NotEmpty(t, doc.ShortDescription)
	assert.Empty(t, doccheck.Compare(doc.Options, Spec.Options))
}

// TestDocs_returnCoversResult: every key the module returns, in every kind of run (enrolled, pending,
// collected, renewed, revoked, check mode), is documented in RETURN, and so is every key of renewal.
func TestDocs_returnCoversResult(t *testing.T) {
	t.Parallel()
	var ret map[string]struct {
		Contains map[string]any `yaml:"contains"`
	}
	require.NoError(t, doccheck.ParseVar(filepath.Join("../../..", "plugins", "modules", Module.Name+".py"), "RETURN", &ret))

	sim := startSim(t)
	setKnobs(t, sim, func(k *scmsim.Knobs) { k.SSLApproval = true })
	m, clk := module(sim)
	args := baseArgs(t, t.TempDir())
	var outs []ansibletest.Output
	run := func(a map[string]any, opts ...ansibletest.Opt) ansibletest.Output {
		out := runOK(t, m, sim, a, append(opts, ansibletest.Diff())...)
		outs = append(outs, out)
		return out
	}
	run(args, ansibletest.CheckMode())
	sslID := id(run(args)["ssl_id"]) // pending
	require.NoError(t, sim.IssueCertificate(sslID, nil))
	run(without(args, "term")) // collected, term chosen
	clk.shift(180 * 24 * time.Hour)
	run(args, ansibletest.CheckMode())
	renewed := run(args)
	require.NoError(t, sim.IssueCertificate(id(renewed["ssl_id"]), nil))
	run(args)
	run(map[string]any{"ssl_id": id(renewed["ssl_id"]), "state": "revoked"}, ansibletest.CheckMode())
	run(map[string]any{"ssl_id": id(renewed["ssl_id"]), "state": "revoked"})

	standard := []string{"changed", "failed", "msg", "warnings", "diff", "invocation", "trace", "deprecations"}
	seen, seenRenewal := map[string]bool{}, map[string]bool{}
	for _, out := range outs {
		for k, v := range out {
			if slices.Contains(standard, k) {
				continue
			}
			seen[k] = true
			if k == "renewal" {
				for rk := range v.(map[string]any) {
					seenRenewal[rk] = true
				}
			}
		}
	}
	for k := range seen {
		assert.Contains(t, ret, k, "result key %s is not documented in RETURN", k)
	}
	assert.Equal(t, slices.Sorted(maps.Keys(ret["renewal"].Contains)), slices.Sorted(maps.Keys(seenRenewal)),
		"renewal's keys and RETURN's renewal.contains")
	for _, k := range []string{"term", "term_chosen", "renewal", "renewed_by", "previous_ssl_id", "revoked_ids", "certificate"} {
		assert.True(t, seen[k], "the runs above return %s", k)
	}
}
