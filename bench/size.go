package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// sizeResult is what the collection weighs on disk and what a module weighs in memory.
type sizeResult struct {
	Binaries     []binarySize `json:"binaries"`
	TarballBytes int64        `json:"tarball_bytes"`
	TarballLimit int64        `json:"tarball_limit_bytes"`
	PeakRSS      []rss        `json:"peak_rss"`
	RSSLimitMB   float64      `json:"rss_limit_mb"`
	Problems     []string     `json:"problems,omitempty"`
}

type binarySize struct {
	Platform string `json:"platform"`
	Bytes    int64  `json:"bytes"`
}

type rss struct {
	Step  string  `json:"step"`
	Phase string  `json:"phase"`
	MB    float64 `json:"max_rss_mb"`
}

const (
	galaxyLimit = 20 << 20 // Galaxy refuses larger collection tarballs
	rssLimitMB  = 30.0
)

// sizes reads the multi-call executables `make collection` built and the tarball, and takes the peak
// RSS of the 500-domain module runs from the requests benchmark.
func (b *bench) sizes(req *requestsResult) (*sizeResult, error) {
	return sizesOf(b.opts.tarball, b.opts.bindir, req)
}

func sizesOf(tarball, bindir string, req *requestsResult) (*sizeResult, error) {
	res := &sizeResult{TarballLimit: galaxyLimit, RSSLimitMB: rssLimitMB}
	matches, err := filepath.Glob(filepath.Join(bindir, "scmkit_*"))
	if err != nil {
		return nil, err
	}
	slices.Sort(matches)
	for _, m := range matches {
		fi, err := os.Stat(m) // scmkit_<platform> links to the executable (see the Makefile's EXEDIR)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		res.Binaries = append(res.Binaries, binarySize{Platform: strings.TrimPrefix(filepath.Base(m), "scmkit_"), Bytes: fi.Size()})
	}
	if len(res.Binaries) == 0 {
		return nil, fmt.Errorf("no scmkit_* executables in %s; run make collection first", bindir)
	}
	fi, err := os.Stat(tarball)
	if err != nil {
		return nil, err
	}
	res.TarballBytes = fi.Size()
	if res.TarballBytes >= galaxyLimit {
		res.Problems = append(res.Problems, fmt.Sprintf("tarball is %.1f MB, Galaxy's limit is 20 MB", mb(res.TarballBytes)))
	}
	res.PeakRSS = largeRuns(req)
	for _, r := range res.PeakRSS {
		if r.MB > rssLimitMB {
			res.Problems = append(res.Problems, fmt.Sprintf("%s (%s) peaked at %.1f MB", r.Step, r.Phase, r.MB))
		}
	}
	return res, nil
}

// largeRuns picks the runs that handle the whole inventory at once.
func largeRuns(req *requestsResult) []rss {
	var out []rss
	if req == nil {
		return nil
	}
	for _, r := range slices.Concat(req.Converge, req.Rerun) {
		if r.Module == "acme_domain" || r.Module == "acme_user_domains" {
			out = append(out, rss{Step: r.Step, Phase: r.Phase, MB: r.MaxRSSMB})
		}
	}
	return out
}

func mb(n int64) float64 { return round(float64(n)/(1<<20), 2) }
