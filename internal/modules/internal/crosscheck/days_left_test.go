package crosscheck

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/ansible/ansibletest"
	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/modules/scmcert"
	"github.com/scmkit/sectigo/internal/modules/scmcertinfo"
	"github.com/scmkit/sectigo/internal/modules/scmdcv"
	"github.com/scmkit/sectigo/internal/modules/scmdomaininfo"
	"github.com/scmkit/sectigo/internal/scmsim"
)

// days_left has one definition in every module: calendar days (UTC) from today to the expiry date.
// The pairs below report the same certificate and the same DCV expiry, one from the module that
// manages it and one from the info module.
//
// The modules run as the executables build them, on the real clock: each binds its clock with an
// unexported constructor in its own package, out of reach from here. The clock that is pinned is the
// emulator's, to 00:00 UTC today, so that the certificate expires at midnight UTC and the DCV expiry
// is a date, which also means midnight. At any later time of day (that is, at every moment this test
// can run) a count of whole 24-hour periods gives one day less than the calendar count, as at 23:00
// with an expiry at midnight, so a module that counts the old way disagrees with its info module.
func TestDaysLeft_sameInEveryModule(t *testing.T) {
	t.Parallel()
	today := utcDay(time.Now())
	sim := simtest.Start(t, scmsim.Options{Now: func() time.Time { return today }})
	const dcvDays = 100
	term := longestTerm([]int{90, 180, 199, 365}, certutil.MaxValidityDays(today)) // OV Multi-Domain's terms
	w := sim.World()
	ssl := []scmsim.Delegation{{OrgID: scmsim.DemoOrgID, CertTypes: []string{"SSL"}, Status: "ACTIVE"}}
	w.Domains = append(w.Domains, scmsim.Domain{ID: 2001, Name: "example.com", Created: today, Delegations: ssl},
		scmsim.Domain{ID: 2002, Name: "*.example.com", Created: today, Delegations: ssl})
	w.NextIDs.Domain = 2003
	w.DCV = append(w.DCV, scmsim.DCVRecord{Domain: "example.com", Status: "VALIDATED", Method: "CNAME_CSR_HASH",
		Validated: today.AddDate(0, 0, dcvDays-397), Expires: today.AddDate(0, 0, dcvDays)})
	require.NoError(t, sim.Seed(w))

	t.Run("scm_cert and scm_cert_info", func(t *testing.T) {
		args := map[string]any{
			"common_name": "www.example.com", "profile": "OV Multi-Domain", "organization": "Demo University",
			"department": "Web", "term": term, "csr": csr(t, "www.example.com"),
			"custom_fields": map[string]any{"costCenter": "CC-1"},
		}
		enrolled := run(t, sim, scmcert.Module, args)
		require.Equal(t, "issued", enrolled["status"], "the emulator issues at once")
		expiry := today.AddDate(0, 0, term)
		require.Equal(t, expiry.Format(time.RFC3339), enrolled["not_after"], "expires at midnight UTC")

		managed, info, want := onOneDay(expiry, func() (ansibletest.Output, ansibletest.Output) {
			return run(t, sim, scmcert.Module, args, ansibletest.CheckMode()),
				simtest.RunInfo(t, sim, scmcertinfo.Module, map[string]any{"ssl_id": enrolled["ssl_id"]})
		})
		require.Equal(t, "none", managed["action"], managed["reason"])
		certs := simtest.Rows(t, info, "certificates")
		require.Len(t, certs, 1)
		assert.Equal(t, certs[0]["days_left"], managed["days_left"], "scm_cert and scm_cert_info disagree")
		assert.Equal(t, want, managed["days_left"], "scm_cert counts calendar days")
	})

	t.Run("scm_dcv and scm_domain_info", func(t *testing.T) {
		managed, info, want := onOneDay(today.AddDate(0, 0, dcvDays), func() (ansibletest.Output, ansibletest.Output) {
			return run(t, sim, scmdcv.Module, map[string]any{"domain": "example.com", "method": "cname"},
					ansibletest.CheckMode()),
				simtest.RunInfo(t, sim, scmdomaininfo.Module, map[string]any{"names": []any{"example.com"}})
		})
		require.False(t, managed.Changed(), "validated for %d more days: nothing to do", dcvDays)
		dcv, ok := managed["domain"].(map[string]any)
		require.True(t, ok, "domain is a dict: %v", managed["domain"])
		doms := simtest.Rows(t, info, "domains")
		require.Len(t, doms, 1)
		assert.Equal(t, doms[0]["days_left"], dcv["days_left"], "scm_dcv and scm_domain_info disagree")
		assert.Equal(t, want, dcv["days_left"], "scm_dcv counts calendar days")
	})
}

// onOneDay runs both modules through read and returns their outputs with the calendar days (UTC) from
// the day they ran to expiry, as a JSON number. Two runs on either side of midnight UTC may rightly
// differ by a day, so read is run again when the date changed while it ran.
func onOneDay(expiry time.Time, read func() (ansibletest.Output, ansibletest.Output)) (a, b ansibletest.Output, days float64) {
	for {
		day := utcDay(time.Now())
		a, b = read()
		if utcDay(time.Now()).Equal(day) {
			return a, b, float64(int(expiry.Sub(day).Hours() / 24))
		}
	}
}

// run runs a module that may change something and fails the test when the task failed.
func run[P any](t *testing.T, sim *simtest.Sim, m ansible.Module[P], args map[string]any, opts ...ansibletest.Opt) ansibletest.Output {
	t.Helper()
	res := ansibletest.Run(t, m, sim.Conn(args), opts...)
	require.False(t, res.Failed(), res.Msg())
	return res
}

// longestTerm is the longest of terms a public certificate issued today may have (ballot SC-081).
func longestTerm(terms []int, capDays int) int {
	best := 0
	for _, t := range terms {
		if t <= capDays && t > best {
			best = t
		}
	}
	return best
}

func utcDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func csr(t *testing.T, cn string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: cn}, DNSNames: []string{cn}}, key)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}
