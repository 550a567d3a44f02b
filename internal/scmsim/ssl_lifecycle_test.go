package scmsim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (e *env) details(id int) sslDetails {
	e.t.Helper()
	var d sslDetails
	r := e.do("GET", "/ssl/v1/"+itoa(id), nil)
	r.requireStatus(e.t, 200)
	r.decode(e.t, &d)
	return d
}

func TestSSL_IssueAfterCollects(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.setKnobs(func(k *Knobs) { k.SSLIssueAfterCollects = 2 })
	e.validDomain("slow.example.com")
	id := e.enroll("slow.example.com", "")
	assert.Equal(t, sslApplied, e.details(id).Status)
	path := "/ssl/v1/collect/" + itoa(id) + "/x509CO"
	for i := 0; i < 2; i++ {
		eb := e.do("GET", path, nil).requireErr(t, 400, 0)
		assert.Equal(t, "Being processed by Sectigo", eb.Description)
		assert.False(t, e.lastEntry().Mutating)
	}
	e.do("GET", path, nil).requireStatus(t, 200)
	assert.Equal(t, sslIssued, e.details(id).Status)
}

func TestSSL_NotReadyCodeKnob(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.setKnobs(func(k *Knobs) { k.SSLIssueAfterCollects, k.CollectNotReadyCode = 1, -183 })
	e.validDomain("code.example.com")
	id := e.enroll("code.example.com", "")
	e.do("GET", "/ssl/v1/collect/"+itoa(id), nil).requireErr(t, 400, -183)
}

func TestSSL_IssueAfterSeconds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.setKnobs(func(k *Knobs) { k.SSLIssueAfterSeconds = 30 })
	e.validDomain("timed.example.com")
	id := e.enroll("timed.example.com", "")
	e.do("GET", "/ssl/v1/collect/"+itoa(id), nil).requireErr(t, 400, 0)
	e.clock.Advance(29 * time.Second)
	assert.Equal(t, sslApplied, e.details(id).Status)
	e.clock.Advance(time.Second)
	assert.Equal(t, sslIssued, e.details(id).Status, "a read settles the order")
}

func TestSSL_ApprovalFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.setKnobs(func(k *Knobs) { k.SSLApproval = true })
	e.validDomain("appr.example.com")
	a := e.enroll("a.appr.example.com", "")
	b := e.enroll("b.appr.example.com", "")
	assert.Equal(t, sslRequested, e.details(a).Status)
	e.do("GET", "/ssl/v1/collect/"+itoa(a), nil).requireErr(t, 400, 0)

	r := e.do("POST", "/ssl/v1/approve/"+itoa(a), map[string]string{"message": "ok"})
	r.requireStatus(t, 204)
	assert.Empty(t, r.body)
	d := e.details(a)
	assert.Equal(t, sslIssued, d.Status)
	assert.Equal(t, "03/10/2026", d.Approved)
	e.do("POST", "/ssl/v1/approve/"+itoa(a), map[string]string{"message": "again"}).requireErr(t, 400, -1112)

	e.do("POST", "/ssl/v1/decline/"+itoa(b), map[string]string{"message": "no"}).requireStatus(t, 204)
	assert.Equal(t, sslDeclined, e.details(b).Status)
	e.do("GET", "/ssl/v1/collect/"+itoa(b), nil).requireErr(t, 400, -183)
	e.do("POST", "/ssl/v1/decline/"+itoa(b), map[string]string{"message": "no"}).requireErr(t, 400, -1112)
}

func TestSSL_Renew(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("ren.example.com")
	id := e.enroll("ren.example.com", "www.ren.example.com")

	var out struct {
		SSLID int `json:"sslId"`
	}
	r := e.do("POST", "/ssl/v1/renewById/"+itoa(id), `""`)
	r.requireStatus(t, 200)
	r.decode(t, &out)
	assert.Greater(t, out.SSLID, id)
	old, fresh := e.details(id), e.details(out.SSLID)
	assert.True(t, old.Renewed)
	assert.Equal(t, "03/10/2026", old.RenewedDate)
	assert.Equal(t, old.SubjectAlternativeNames, fresh.SubjectAlternativeNames)
	assert.NotEqual(t, old.SerialNumber, fresh.SerialNumber)
	assert.False(t, fresh.Renewed)
	e.do("POST", "/ssl/v1/renewById/"+itoa(id), nil).requireErr(t, 400, -105)

	t.Run("profile without renew", func(t *testing.T) {
		body := enrollBody(t, "nr.ren.example.com", ProfileNoRenew, 365, "")
		var er enrollResp
		e.do("POST", "/ssl/v1/enroll", body).decode(t, &er)
		e.do("POST", "/ssl/v1/renewById/"+itoa(er.SSLID), nil).requireErr(t, 400, -180)
	})
	t.Run("not issued", func(t *testing.T) {
		e.setKnobs(func(k *Knobs) { k.SSLApproval = true })
		pending := e.enroll("p.ren.example.com", "")
		e.do("POST", "/ssl/v1/renewById/"+itoa(pending), nil).requireErr(t, 400, -130)
		e.setKnobs(func(k *Knobs) { k.SSLApproval = false })
	})
	t.Run("by renewId", func(t *testing.T) {
		var er enrollResp
		e.do("POST", "/ssl/v1/enroll", enrollBody(t, "rid.ren.example.com", ProfileOVMulti, 90, "")).decode(t, &er)
		e.do("POST", "/ssl/v1/renew/"+er.RenewID, map[string]string{"csr": csrPEM(t, "rid.ren.example.com")}).requireStatus(t, 204)
		assert.True(t, e.details(er.SSLID).Renewed)
		e.do("POST", "/ssl/v1/renew/nope", nil).requireErr(t, 404, -124)
	})
	t.Run("expired DCV blocks renewal", func(t *testing.T) {
		third := e.enroll("dcv.ren.example.com", "")
		require.NoError(t, e.sim.ExpireDCV("ren.example.com"))
		e.do("POST", "/ssl/v1/renewById/"+itoa(third), nil).requireErr(t, 400, -107)
	})
}

func TestSSL_Replace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("rep.example.com")
	id := e.enroll("rep.example.com", "")
	before := e.details(id)
	path := "/ssl/v1/replace/" + itoa(id)
	e.do("POST", path, map[string]string{"csr": csrPEM(t, "rep.example.com")}).requireErr(t, 400, -7)
	e.do("POST", path, map[string]any{"csr": csrPEM(t, "rep.example.com"), "reason": "key rotated",
		"subjectAlternativeNames": []string{"new.rep.example.com"}}).requireStatus(t, 204)
	after := e.details(id)
	assert.Equal(t, sslIssued, after.Status)
	assert.NotEqual(t, before.SerialNumber, after.SerialNumber, "same id, new certificate")
	assert.Equal(t, []string{"rep.example.com", "new.rep.example.com"}, after.SubjectAlternativeNames)
	assert.Equal(t, "03/10/2026", after.Replaced)
	e.do("POST", path, map[string]any{"csr": csrPEM(t, "rep.example.com"), "reason": "x",
		"subjectAlternativeNames": []string{"www.elsewhere.test"}}).requireErr(t, 400, -1010)
}

func TestSSL_Revoke(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("rev.example.com")
	id := e.enroll("rev.example.com", "")
	path := "/ssl/v1/revoke/" + itoa(id)
	tests := []struct {
		desc     string
		body     any
		wantCode int
	}{
		{desc: "no reason", body: map[string]any{"reasonCode": 1}, wantCode: -7},
		{desc: "reason too long", body: map[string]any{"reason": string(make([]byte, 513))}, wantCode: -1601},
		{desc: "reason code 2", body: map[string]any{"reason": "x", "reasonCode": 2}, wantCode: -1601},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			e.do("POST", path, tc.body).requireErr(t, 400, tc.wantCode)
		})
	}
	r := e.do("POST", path, map[string]any{"reason": "compromised", "reasonCode": "1"})
	r.requireStatus(t, 204)
	d := e.details(id)
	assert.Equal(t, sslRevoked, d.Status)
	require.NotNil(t, d.ReasonCode)
	assert.Equal(t, 1, *d.ReasonCode)
	e.do("POST", path, map[string]any{"reason": "again"}).requireErr(t, 400, -159)
	e.do("GET", "/ssl/v1/collect/"+itoa(id), nil).requireErr(t, 400, -110)

	t.Run("by serial", func(t *testing.T) {
		other := e.enroll("s.rev.example.com", "")
		serial := e.details(other).SerialNumber
		e.do("POST", "/ssl/v1/revoke/serial/"+serial, map[string]any{"reason": "gone"}).requireStatus(t, 204)
		assert.Equal(t, sslRevoked, e.details(other).Status)
		e.do("POST", "/ssl/v1/revoke/serial/AA:BB", map[string]any{"reason": "gone"}).requireErr(t, 404, -5101)
	})
	t.Run("manual", func(t *testing.T) {
		third := e.enroll("m.rev.example.com", "")
		e.do("POST", "/ssl/v1/revoke/manual", map[string]any{"certId": third, "reasonCode": 5}).requireStatus(t, 204)
		assert.Equal(t, sslRevoked, e.details(third).Status)
	})
	t.Run("not issued", func(t *testing.T) {
		e.setKnobs(func(k *Knobs) { k.SSLApproval = true })
		pending := e.enroll("n.rev.example.com", "")
		e.do("POST", "/ssl/v1/revoke/"+itoa(pending), map[string]any{"reason": "x"}).requireErr(t, 400, -102)
	})
}

func TestSSL_UpdateAndDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("upd.example.com")
	id := e.enroll("upd.example.com", "")
	var d sslDetails
	e.do("PUT", "/ssl/v1", map[string]any{"sslId": id, "comments": "hello",
		"customFields": []map[string]string{{"name": "ticket", "value": "T-1"}}}).decode(t, &d)
	assert.Equal(t, "hello", d.Comments)
	assert.Equal(t, []NameValue{{Name: "ticket", Value: "T-1"}}, d.CustomFields)
	e.do("PUT", "/ssl/v1", map[string]any{"sslId": id, "term": 90}).requireErr(t, 400, -1601)
	e.do("PUT", "/ssl/v1", map[string]any{"sslId": 4}).requireErr(t, 404, -124)
	e.do("DELETE", "/ssl/v1/"+itoa(id), nil).requireErr(t, 400, -1)
}

func TestSSL_ExpiryByClock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("exp.example.com")
	id := e.enroll("exp.example.com", "")
	require.NoError(t, e.sim.IssueCertificate(id, &IssueOptions{DaysValid: 5}))
	assert.Equal(t, "03/15/2026", e.details(id).Expires)
	e.sim.SetClockOffset(6 * 24 * time.Hour)
	assert.Equal(t, sslExpired, e.details(id).Status)
	var items []sslListItem
	e.do("GET", "/ssl/v1?status=Expired", nil).decode(t, &items)
	require.Len(t, items, 1)
}

// TestSSL_CollectWithoutCertificate: an order in a state the emulator never sets itself (a seeded
// Init or Approved) has no certificate yet, and collect answers "being processed" as SCM does for
// any order not issued, instead of failing on the missing certificate.
func TestSSL_CollectWithoutCertificate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("init.example.com")
	w := e.sim.World()
	w.Certificates = append(w.Certificates,
		Certificate{ID: 5101, OrgID: DemoWebDeptID, ProfileID: 101, Term: 199, CSR: csrPEM(t, "init.example.com"),
			CommonName: "init.example.com", KeyType: "EC - P-256", Status: "Init"},
		Certificate{ID: 5102, OrgID: DemoWebDeptID, ProfileID: 101, Term: 199, CSR: csrPEM(t, "init.example.com"),
			CommonName: "init.example.com", KeyType: "EC - P-256", Status: "Approved"})
	require.NoError(t, e.sim.Seed(w))
	for _, id := range []int{5101, 5102} {
		eb := e.do("GET", "/ssl/v1/collect/"+itoa(id)+"?format=pem", nil).requireErr(t, 400, 0)
		assert.Equal(t, "Being processed by Sectigo", eb.Description)
	}
	assert.Equal(t, "Init", e.details(5101).Status)
}
