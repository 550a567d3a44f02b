package scmsim

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/scmsim/dnscheck"
)

// dcvCheckTimeout bounds one DNS or HTTP check, so a status call never hangs
// on a server that does not answer.
const dcvCheckTimeout = 3 * time.Second

// dcvChecker decides whether a submitted order's record or file is in place
// (the dns and http modes).
type dcvChecker interface {
	check(ctx context.Context, k Knobs, o DCVOrder) bool
}

// netChecker uses dnscheck against the servers the knobs name. In dns mode
// only CNAME and TXT orders are checked, in http mode only HTTP and HTTPS;
// other methods stay pending until an admin validates them.
type netChecker struct {
	log *slog.Logger
}

func (n netChecker) check(ctx context.Context, k Knobs, o DCVOrder) bool {
	c := dnscheck.Checker{DNSServer: k.DNSServer, HTTPAddr: k.HTTPAddr, Timeout: dcvCheckTimeout}
	var err error
	switch {
	case k.DCVMode == DCVModeDNS && o.Mode == "CNAME":
		err = c.CheckCNAME(ctx, strings.TrimSuffix(o.Host, "."), strings.TrimSuffix(o.Point, "."))
	case k.DCVMode == DCVModeDNS && o.Mode == "TXT":
		err = c.CheckTXT(ctx, strings.TrimSuffix(o.Host, "."), o.Point)
	case k.DCVMode == DCVModeHTTP && (o.Mode == "HTTP" || o.Mode == "HTTPS"):
		err = c.CheckHTTP(ctx, o.URL, o.FirstLine, o.SecondLine)
	default:
		return false
	}
	if err != nil && !errors.Is(err, dnscheck.ErrNotFound) && !errors.Is(err, dnscheck.ErrMismatch) {
		n.log.Warn("dcv check failed", "mode", o.Mode, "err", err)
	}
	return err == nil
}
