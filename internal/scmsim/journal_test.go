package scmsim

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJournal_Mutating pins the per-endpoint decision: state changes count,
// reads and failures do not, whatever the HTTP method.
func TestJournal_Mutating(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.validDomain("jrn.example.com")
	id := e.enroll("jrn.example.com", "")
	mark := e.sim.Mark()
	steps := []struct {
		desc   string
		method string
		path   string
		body   any
		want   bool
	}{
		{desc: "list", method: "GET", path: "/domain/v1", want: false},
		{desc: "dcv status is a POST that reads", method: "POST", path: "/dcv/v2/validation/status", body: dom("jrn.example.com"), want: false},
		{desc: "dcv sync", method: "POST", path: "/dcv/v1/validation/sync", body: dom("jrn.example.com"), want: false},
		{desc: "collect", method: "GET", path: "/ssl/v1/collect/" + itoa(id), want: false},
		{desc: "failed enroll", method: "POST", path: "/ssl/v1/enroll", body: map[string]any{"orgId": 1001}, want: false},
		{desc: "count", method: "HEAD", path: "/ssl/v1", want: false},
		{desc: "create domain", method: "POST", path: "/domain/v1", body: domainBody("new.example.net", DemoOrgID), want: true},
		{desc: "start dcv", method: "POST", path: "/dcv/v1/validation/start/domain/cname", body: dom("new.example.net"), want: true},
		{desc: "same start again", method: "POST", path: "/dcv/v1/validation/start/domain/cname", body: dom("new.example.net"), want: false},
		{desc: "revoke", method: "POST", path: "/ssl/v1/revoke/" + itoa(id), body: map[string]string{"reason": "x"}, want: true},
	}
	for _, st := range steps {
		e.do(st.method, st.path, st.body)
		assert.Equal(t, st.want, e.lastEntry().Mutating, st.desc)
	}
	assert.Equal(t, 3, e.sim.MutatingSince(mark))
	assert.Len(t, e.sim.JournalSince(mark), len(steps))
}

func TestJournal_EntriesAndAdmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.do("GET", "/domain/v1?name=x&password=hunter2", nil)
	entry := e.lastEntry()
	assert.Equal(t, "/api/domain/v1", entry.Path)
	q, err := url.ParseQuery(entry.Query)
	require.NoError(t, err)
	assert.Equal(t, "x", q.Get("name"))
	assert.Equal(t, "REDACTED", q.Get("password"))
	assert.Equal(t, 200, entry.Status)
	assert.Equal(t, faultNone, entry.Fault)
	assert.Equal(t, e.clock.Now(), entry.Time)

	e.do("GET", "/organization/v1", nil)
	var all []JournalEntry
	e.adminDo("GET", "/admin/journal", nil).decode(t, &all)
	require.Len(t, all, 2)
	var later []JournalEntry
	e.adminDo("GET", "/admin/journal?since=1", nil).decode(t, &later)
	require.Len(t, later, 1)
	assert.Equal(t, 2, later[0].Seq)
	assert.Equal(t, 204, e.adminDo("DELETE", "/admin/journal", nil).status)
	assert.Empty(t, e.sim.Journal())
	assert.Equal(t, 2, e.sim.Counters().Requests, "counters survive a journal reset")
	e.do("GET", "/organization/v1", nil)
	assert.Equal(t, 3, e.lastEntry().Seq, "sequence numbers keep growing")
}

func TestEndpoints(t *testing.T) {
	t.Parallel()
	eps := Endpoints()
	for _, want := range []string{"GET /domain/v1", "POST /ssl/v1/enroll", "GET /ssl/v1/collect/{id}/{format}",
		"POST /dcv/v2/validation/status", "DELETE /acme/v2/account/{id}/domain", "GET /organization/v1/managedBy/{role}"} {
		assert.Contains(t, eps, want)
	}
	seen := map[string]bool{}
	for _, ep := range eps {
		assert.False(t, seen[ep], "registered twice: %s", ep)
		seen[ep] = true
	}
}
