package main

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pagination minimum of each inventories run, spelled out (the counts scmsim's journal showed
// for 20,000 bulk domains: 306, 303 and, with no ACME account, 203 for acme_user_info).
func TestInventories_minimum(t *testing.T) {
	t.Parallel()
	n, how := domainInfoMin(20000)
	assert.Equal(t, 306, n)
	assert.Equal(t, "1 organizations + 100 domains + 100 DCV + 1 suspended + 1 awaiting approval + "+
		"100 delegated to Demo University + 3 delegated to Web, IT, Partner College", how)
	n, _ = certInfoMin(500)
	assert.Equal(t, 1+3+500, n)
	n, _ = acmeDomainMin(20000)
	assert.Equal(t, 303, n)
	n, how = reportMin(500, 354)
	assert.Equal(t, (1+2+354)+15+(1+2+3+3), n)
	assert.Equal(t, "357 scm_cert_info + 15 scm_domain_info + 9 acme_user_info", how)
	assert.Equal(t, 62*300.0, boundMS(306), "ceil(306 ÷ 5) round trips of 300 ms")
	assert.Equal(t, 300.0, boundMS(1))
}

func invRun(name string, objects int, wallMS, rssMB float64) inventoryRun {
	return inventoryRun{Run: name, Objects: objects, WallMS: wallMS, MaxRSSMB: rssMB}
}

func TestInventories_growth(t *testing.T) {
	t.Parallel()
	sizes := []inventorySize{
		{Runs: []inventoryRun{invRun("a", 500, 100, 15)}},
		{Runs: []inventoryRun{invRun("a", 5000, 550, 24)}},   // 100 ms and 2 MB per 1,000 more
		{Runs: []inventoryRun{invRun("a", 20000, 2800, 54)}}, // 150 ms and 2 MB per 1,000 more
	}
	g := growthOf(sizes)
	assert.Equal(t, []growth{{Run: "a", Steps: []slope{{500, 5000, 100, 2}, {5000, 20000, 150, 2}}, TimeRatio: 1.5, RSSRatio: 1}}, g)

	inv := &inventoriesResult{Sizes: sizes, Growth: g, BoundTolerance: 1.5, GrowthTolerance: 1.5, RSSLimitMB: 64,
		LatencyMS: 300, Parallel: 5}
	for i := range inv.Sizes {
		r := &inv.Sizes[i].Runs[0]
		r.Requests, r.MinRequests = 10, 10
	}
	ts := inventoryTargets(inv)
	assert.Len(t, ts, 5)
	assert.True(t, ts[0].Met, "requests")
	assert.False(t, ts[2].Met, "no run at the latency: nothing checked is not a pass")
	assert.True(t, ts[3].Met, "54 MB")
	assert.True(t, ts[4].Met, "1.5x is within 1.5x: %s", ts[4].Detail)

	inv.Sizes[2].Runs[0].MaxRSSMB = 70
	inv.Sizes[2].Runs[0].Requests = 11
	inv.Sizes[2].Runs[0].Latency = &slowed{WallMS: 5000, BoundMS: 3000, Ratio: 1.67}
	ts = inventoryTargets(inv)
	assert.Equal(t, "a at 20000: 11, minimum 10", ts[0].Detail)
	assert.False(t, ts[2].Met)
	assert.Equal(t, "a at 20000 1.67x", ts[2].Detail)
	assert.False(t, ts[3].Met)
}

// TestInventories_timeAgain: the wall time without latency is the median of wallRuns runs, so one slow
// run does not bend the cost-growth line; a failed run is reported, not repeated.
func TestInventories_timeAgain(t *testing.T) {
	t.Parallel()
	walls := []time.Duration{4 * time.Second, 1200 * time.Millisecond}
	r := inventoryRun{Run: "a", Objects: 2000}
	require.NoError(t, r.timeAgain(time.Second, nil, func() (time.Duration, error) {
		w := walls[0]
		walls = walls[1:]
		return w, nil
	}))
	assert.Equal(t, []float64{1000, 4000, 1200}, r.WallRunsMS)
	assert.Equal(t, 1200.0, r.WallMS, "the median, not the slow run")
	assert.Equal(t, 600.0, r.PerKMS)

	failed := inventoryRun{Run: "b", Objects: 1000}
	require.NoError(t, failed.timeAgain(time.Second, errors.New("module failed"), func() (time.Duration, error) {
		t.Fatal("a failed run is not repeated")
		return 0, nil
	}))
	assert.Equal(t, 1000.0, failed.WallMS)

	flaky := inventoryRun{Run: "c", Objects: 1000}
	err := flaky.timeAgain(time.Second, nil, func() (time.Duration, error) { return 0, errors.New("boom") })
	assert.ErrorContains(t, err, "c: run 2 of 3 without latency: boom")
}
