package scmsim

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaults_Reject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc       string
		faults     Faults
		wantStatus int
		wantFault  string
	}{
		{desc: "503", faults: Faults{FailRate: 1, RetryAfterSeconds: 7}, wantStatus: 503, wantFault: fault503},
		{desc: "429", faults: Faults{RateLimitRate: 1, RetryAfterSeconds: 7}, wantStatus: 429, wantFault: fault429},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			require.NoError(t, e.sim.SetFaults(tc.faults))
			r := e.do("POST", "/domain/v1", domainBody("fault.example.com", DemoOrgID))
			r.requireErr(t, tc.wantStatus, map[int]int{503: -2, 429: -1}[tc.wantStatus])
			assert.Equal(t, "7", r.header.Get("Retry-After"))
			assert.Empty(t, e.sim.World().Domains, "the handler never ran")
			entry := e.lastEntry()
			assert.Equal(t, tc.wantFault, entry.Fault)
			assert.False(t, entry.Mutating)

			admin := e.adminDo("GET", "/admin/world", nil)
			assert.Equal(t, 200, admin.status, "no faults on the admin API")
			acme := e.doWith(e.client, "GET", "=/acme/v2/OV", nil, nil)
			assert.Equal(t, 200, acme.status, "no faults on ACME")
			c := e.sim.Counters()
			assert.Equal(t, 1, c.Requests)
			assert.Equal(t, 1, c.ByStatus[itoa(tc.wantStatus)])
		})
	}
}

// statuses runs n GETs and returns their statuses.
func statuses(e *env, n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, e.do("GET", "/organization/v1", nil).status)
	}
	return out
}

func TestFaults_SeedIsDeterministic(t *testing.T) {
	t.Parallel()
	f := Faults{FailRate: 0.3, RateLimitRate: 0.3, RetryAfterSeconds: 1, Seed: 42}
	a, b := newEnv(t), newEnv(t)
	require.NoError(t, a.sim.SetFaults(f))
	require.NoError(t, b.sim.SetFaults(f))
	first := statuses(a, 30)
	assert.Equal(t, first, statuses(b, 30))
	assert.Contains(t, first, 200)
	assert.Contains(t, first, 503)
	assert.Contains(t, first, 429)
	require.NoError(t, a.sim.SetFaults(f))
	assert.Equal(t, first, statuses(a, 30), "setting the faults again reseeds")
	c := a.sim.Counters()
	assert.Equal(t, 60, c.Requests)
	assert.Equal(t, c.ByStatus["503"], c.Faults.Unavailable)
	assert.Equal(t, c.ByStatus["429"], c.Faults.RateLimited)
}

func TestFaults_TokenBucket(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.NoError(t, e.sim.SetFaults(Faults{RateLimitRPS: 2, RetryAfterSeconds: 1}))
	assert.Equal(t, []int{200, 200, 429, 429}, statuses(e, 4))
	e.clock.Advance(500 * time.Millisecond)
	assert.Equal(t, []int{200, 429}, statuses(e, 2), "one token back after half a second")
	e.clock.Advance(10 * time.Second)
	assert.Equal(t, []int{200, 200, 429}, statuses(e, 3), "the burst is capped at the rate")
}

func TestFaults_Latency(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var slept []time.Duration
	sleep := func(_ context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		slept = append(slept, d)
		return nil
	}
	e := newEnv(t, func(o *Options) {
		o.Sleep = sleep
		o.Faults = &Faults{LatencyMS: 250, JitterMS: 100, Seed: 1}
	})
	statuses(e, 5)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, slept, 5)
	for _, d := range slept {
		assert.GreaterOrEqual(t, d, 250*time.Millisecond)
		assert.Less(t, d, 350*time.Millisecond)
	}
	assert.Equal(t, faultLatency, e.lastEntry().Fault)
	assert.Equal(t, 5, e.sim.Counters().Faults.Latency)
}

func TestFaults_DropAfterCommit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.NoError(t, e.sim.SetFaults(Faults{DropAfterCommitRate: 1}))
	e.do("GET", "/organization/v1", nil).requireStatus(t, 200)

	req, err := http.NewRequestWithContext(t.Context(), "POST", e.ts.URL+"/api/domain/v1",
		jsonReader(t, domainBody("drop.example.com", DemoOrgID)))
	require.NoError(t, err)
	for k, v := range map[string]string{"login": "mrao", "password": "mrao-secret", "customerUri": "demo",
		"Content-Type": "application/json"} {
		req.Header.Set(k, v)
	}
	res, err := e.client.Do(req)
	if err == nil {
		res.Body.Close()
	}
	require.Error(t, err, "the connection closes without a response")
	require.Len(t, e.sim.World().Domains, 1, "the write was applied")
	entry := e.lastEntry()
	assert.Equal(t, faultDrop, entry.Fault)
	assert.True(t, entry.Mutating)
	assert.Equal(t, 1, e.sim.Counters().Faults.Drops)

	e.do("POST", "/domain/v1", domainBody("drop.example.com", DemoOrgID)).requireErr(t, 400, -700)
	assert.Equal(t, faultNone, e.lastEntry().Fault, "a failed write changed nothing, so it is not dropped")
}

func TestFaults_Validate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		f       Faults
		wantErr bool
	}{
		{desc: "defaults", f: DefaultFaults()},
		{desc: "rate above one", f: Faults{FailRate: 1.5}, wantErr: true},
		{desc: "negative latency", f: Faults{LatencyMS: -1}, wantErr: true},
		{desc: "negative rps", f: Faults{RateLimitRPS: -2}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			if tc.wantErr {
				require.Error(t, tc.f.Validate())
				return
			}
			require.NoError(t, tc.f.Validate())
		})
	}
}

// FailNext fails exactly the next Count requests of one method and path, and nothing else.
func TestFaults_FailNext(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.NoError(t, e.sim.SetFaults(Faults{RetryAfterSeconds: 1, FailNext: &FailNext{Match: "POST /api/domain/v1", Count: 2}}))
	assert.Equal(t, 200, e.do("GET", "/domain/v1", nil).status, "another method or path is not counted")
	e.do("POST", "/domain/v1", domainBody("next.example.com", DemoOrgID)).requireErr(t, 503, -2)
	e.do("POST", "/domain/v1", domainBody("next.example.com", DemoOrgID)).requireErr(t, 503, -2)
	assert.Empty(t, e.sim.World().Domains, "the handler never ran")
	assert.Equal(t, 201, e.do("POST", "/domain/v1", domainBody("next.example.com", DemoOrgID)).status, "the third one passes")

	assert.Error(t, e.sim.SetFaults(Faults{FailNext: &FailNext{Match: "domain", Count: 1}}))
	assert.Error(t, e.sim.SetFaults(Faults{FailNext: &FailNext{Match: "POST /api/domain/v1", Count: -1}}))
}
