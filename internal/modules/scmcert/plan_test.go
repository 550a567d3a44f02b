package scmcert

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

var planNow = time.Date(2026, time.November, 22, 12, 0, 0, 0, time.UTC)

// issuedFor makes a certificate for key's public key valid from notBefore for days.
func issuedFor(t *testing.T, key any, notBefore time.Time, days int) *issuedCert {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "www.example.com"},
		NotBefore: notBefore, NotAfter: notBefore.AddDate(0, 0, days)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key, ecKey)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &issuedCert{Leaf: certutil.NewCert(c)}
}

func order(id int, status scm.SSLStatus) *scm.Certificate {
	return &scm.Certificate{ID: id, Status: status}
}

func TestPlan_present(t *testing.T) {
	t.Parallel()
	keys(t)
	csr, err := certutil.ParseCSR([]byte(csrPEM(t, ecKey, "www.example.com")))
	require.NoError(t, err)
	fresh := issuedFor(t, ecKey.Public(), planNow.AddDate(0, 0, -10), 199)
	late := issuedFor(t, ecKey.Public(), planNow.AddDate(0, 0, -180), 199)
	otherKey := issuedFor(t, ecKey2.Public(), planNow.AddDate(0, 0, -10), 199)
	renewed := &scm.Certificate{ID: 5001, Status: "Issued", Renewed: true}
	tests := []struct {
		desc        string
		w           want
		o           observed
		wantOp      op
		wantReason  string
		wantRule    string // renewal.rule; "" when nothing is renewed
		wantByEnrol bool
		wantWarn    string
	}{
		{desc: "nothing yet: enroll, which is no renewal", o: observed{}, wantOp: opEnroll, wantReason: "no issued or pending"},
		{desc: "the newest order was revoked: enroll a replacement", o: observed{Orders: []*scm.Certificate{order(5001, "Revoked")}},
			wantOp: opEnroll, wantReason: "certificate 5001 is revoked, and no other", wantRule: ruleRevoked},
		{desc: "pending order: wait, never enroll again", o: observed{Orders: []*scm.Certificate{order(5001, "Applied")},
			Current: order(5001, "Applied")}, wantOp: opNone, wantReason: "order 5001 is Applied: waiting for issuance"},
		{desc: "Issued but not collectable yet: wait", o: observed{Orders: []*scm.Certificate{order(5001, "Issued")},
			Current: order(5001, "Issued")}, wantOp: opNone, wantReason: "order 5001 is Issued in SCM, but SCM does not hand out its certificate yet"},
		{desc: "issued, outside the window", o: observed{Current: order(5001, "Issued"), Issued: fresh},
			wantOp: opNone, wantReason: "189.0 days left; renewal is due after 2027-03-25T19:55:12Z, when less than 33% of the lifetime of 199.0 days (65.7 days)"},
		{desc: "inside a third of the lifetime: renew", o: observed{Current: order(5001, "Issued"), Issued: late},
			wantOp: opRenew, wantReason: "19.0 days left, less than 33% of the lifetime of 199.0 days (65.7 days)", wantRule: "remaining_percentage"},
		{desc: "a wider remaining_days renews sooner", w: want{Renewal: certutil.RenewalPolicy{Percentage: 33, Days: 190}},
			o: observed{Current: order(5001, "Issued"), Issued: fresh}, wantOp: opRenew,
			wantReason: "189.0 days left, fewer than remaining_days (190)", wantRule: "remaining_days"},
		{desc: "a smaller share with remaining_days: the days renew", w: want{Renewal: certutil.RenewalPolicy{Percentage: 5, Days: 30}},
			o: observed{Current: order(5001, "Issued"), Issued: late}, wantOp: opRenew, wantRule: "remaining_days"},
		{desc: "remaining_days as long as the lifetime is not applied, and said so", w: want{Renewal: certutil.RenewalPolicy{Percentage: 33, Days: 199}},
			o: observed{Current: order(5001, "Issued"), Issued: fresh}, wantOp: opNone, wantReason: "renewal is due after",
			wantWarn: "remaining_days (199) is not shorter than the certificate's lifetime of 199 days, so it is not applied to this certificate: every fresh certificate would be due at once"},
		{desc: "force renews a fresh certificate", w: want{Force: true}, o: observed{Current: order(5001, "Issued"), Issued: fresh},
			wantOp: opRenew, wantReason: "force=true", wantRule: ruleForce},
		{desc: "another key renews", o: observed{Current: order(5001, "Issued"), Issued: otherKey},
			wantOp: opRenew, wantReason: "another key", wantRule: ruleCSRKey},
		{desc: "expired renews", o: observed{Current: order(5001, "Expired"), Issued: issuedFor(t, ecKey.Public(), planNow.AddDate(0, 0, -400), 199)},
			wantOp: opRenew, wantReason: "expired on", wantRule: "expired"},
		{desc: "expiry is named before force", w: want{Force: true}, o: observed{Current: order(5001, "Expired"),
			Issued: issuedFor(t, ecKey.Public(), planNow.AddDate(0, 0, -400), 199)}, wantOp: opRenew, wantRule: "expired"},
		{desc: "an order renewed before renews by enroll", o: observed{Current: renewed, Issued: late},
			wantOp: opRenew, wantByEnrol: true, wantRule: "remaining_percentage"},
		{desc: "declined newest order: warn and enroll", o: observed{Orders: []*scm.Certificate{order(5002, "Declined")}},
			wantOp: opEnroll, wantWarn: "the newest order for these names, 5002, is Declined in SCM"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			w := tc.w
			w.Present, w.CSR = true, csr
			if w.Renewal.Percentage == 0 {
				w.Renewal.Percentage = certutil.DefaultRemainingPercentage
			}
			d, err := plan(&w, &tc.o, planNow)
			require.NoError(t, err)
			assert.Equal(t, tc.wantOp, d.Op)
			assert.Contains(t, d.Reason, tc.wantReason)
			assert.Equal(t, tc.wantRule, d.Renewal.Rule)
			assert.Equal(t, tc.wantRule != "", d.Renewal.Needed)
			assert.NotEmpty(t, d.Renewal.Reason)
			assert.Equal(t, tc.wantByEnrol, d.RenewByEnroll)
			assert.Equal(t, nilIfEmptyS(tc.wantWarn), d.Warnings)
		})
	}
}

func nilIfEmptyS(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func TestPlan_revoked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc       string
		sslID      int
		orders     []*scm.Certificate
		wantIDs    []int
		wantReason string
		wantWarn   int
		wantErr    string
	}{
		{desc: "every issued order is revoked", orders: []*scm.Certificate{order(5003, "Issued"), order(5002, "Revoked"), order(5001, "Issued")},
			wantIDs: []int{5003, 5001}, wantReason: "revoke 5003, 5001 (keyCompromise)"},
		{desc: "already revoked: nothing", orders: []*scm.Certificate{order(5001, "Revoked")}, wantReason: "no issued certificate"},
		{desc: "nothing found: nothing", wantReason: "no issued certificate"},
		{desc: "expired found by name is left alone", orders: []*scm.Certificate{order(5001, "Expired")}},
		{desc: "expired named by ssl_id is revoked", sslID: 5001, orders: []*scm.Certificate{order(5001, "Expired")}, wantIDs: []int{5001}},
		{desc: "pending found by name: warning", orders: []*scm.Certificate{order(5002, "Applied"), order(5001, "Issued")},
			wantIDs: []int{5001}, wantWarn: 1},
		{desc: "pending named by ssl_id: error", sslID: 5001, orders: []*scm.Certificate{order(5001, "Requested")},
			wantErr: "certificate 5001 is Requested: SCM revokes only issued certificates"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			d, err := plan(&want{SSLID: tc.sslID, RevokeReason: "keyCompromise"}, &observed{Orders: tc.orders}, planNow)
			if tc.wantErr != "" {
				require.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantIDs, nilIfEmpty(orderIDs(d.Revoke)))
			assert.Equal(t, len(tc.wantIDs) > 0, d.Op == opRevoke)
			assert.Contains(t, d.Reason, tc.wantReason)
			assert.Len(t, d.Warnings, tc.wantWarn)
		})
	}
}

func nilIfEmpty(s []int) []int {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestActionOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		d       decision
		out     *outcome
		written []string
		want    string
	}{
		{desc: "check mode enroll", d: decision{Op: opEnroll}, want: "enrolled"},
		{desc: "enroll that failed", d: decision{Op: opEnroll}, out: &outcome{}, want: "none"},
		{desc: "renewal placed", d: decision{Op: opRenew}, out: &outcome{Ordered: true}, want: "renewed"},
		{desc: "revoked", d: decision{Op: opRevoke}, out: &outcome{Revoked: []int{1}}, want: "revoked"},
		{desc: "files only", out: &outcome{}, written: []string{"/a"}, want: "collected"},
		{desc: "nothing", out: &outcome{}, want: "none"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, actionOf(tc.d, tc.out, tc.written))
		})
	}
}
