package scmsim

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// cliConfig is what the command line (and SCMSIM_* variables) configure.
type cliConfig struct {
	listen, adminListen           string
	caOut, seed, state            string
	pidFile, readyFile, adminFile string
	plainHTTP, acmeRealValidation bool
	verbose                       bool
	bulk                          *BulkSeed
	knobs                         Knobs
	faults                        Faults
}

// envPrefix: every flag -some-name can also be set as SCMSIM_SOME_NAME; a flag
// on the command line wins over the variable.
const envPrefix = "SCMSIM_"

func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseFlags reads SCMSIM_* variables first, then the arguments.
func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (*cliConfig, error) {
	cfg := &cliConfig{knobs: DefaultKnobs(), faults: DefaultFaults()}
	fs := flag.NewFlagSet("scmsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defineFlags(fs, cfg)
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(envName(f.Name)); v != "" && envErr == nil {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s=%q: %w", envName(f.Name), v, err)
			}
		}
	})
	if envErr != nil {
		return nil, envErr
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if err := cfg.knobs.Validate(); err != nil {
		return nil, err
	}
	return cfg, cfg.faults.Validate()
}

func defineFlags(fs *flag.FlagSet, c *cliConfig) {
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8443", "SCM API and ACME address (port 0: any free port)")
	fs.StringVar(&c.adminListen, "admin-listen", "127.0.0.1:8444", "admin API address, loopback only (empty: off)")
	fs.StringVar(&c.caOut, "ca-out", "", "write the CA bundle (PEM, mode 0644) here before serving")
	fs.StringVar(&c.seed, "seed", "", "world to start from (YAML or JSON); default: the built-in demo world")
	fs.StringVar(&c.state, "state", "", "state file: loaded at start if present, rewritten after every change (0600)")
	fs.BoolVar(&c.plainHTTP, "plain-http", false, "serve plain HTTP instead of TLS")
	fs.StringVar(&c.pidFile, "pid-file", "", "write the process id here")
	fs.StringVar(&c.readyFile, "ready-file", "", "write the API URL here once listening")
	fs.StringVar(&c.adminFile, "admin-ready-file", "", "write the admin URL here once listening")
	fs.BoolVar(&c.acmeRealValidation, "acme-real-validation", false, "make the ACME server validate challenges")
	fs.BoolVar(&c.verbose, "verbose", false, "log debug messages")
	fs.Var(bulkFlag{&c.bulk}, "seed-bulk",
		"add bulk domains and certificates to the seed, e.g. domains=5000,certs=20000[,seed=N]")
	defineKnobFlags(fs, &c.knobs)
	defineFaultFlags(fs, &c.faults)
}

func defineKnobFlags(fs *flag.FlagSet, k *Knobs) {
	fs.StringVar(&k.DNSServer, "dns-server", "", "DNS server (host:port) for dcv-mode dns")
	fs.StringVar(&k.HTTPAddr, "http-addr", "", "address (host:port) for dcv-mode http file fetches")
	fs.StringVar(&k.DCVMode, "dcv-mode", k.DCVMode, "DCV validation: auto, dns, http or never")
	fs.IntVar(&k.DCVAutoPolls, "dcv-delay", 0, "auto mode: status polls before a submitted DCV validates")
	fs.IntVar(&k.DCVValidityDays, "dcv-validity-days", k.DCVValidityDays, "days a DCV validation lasts")
	fs.BoolVar(&k.DelegationApproval, "delegation-approval", false, "new delegations need approval")
	fs.BoolVar(&k.SSLApproval, "ssl-approval", false, "enrolled certificates need approval")
	fs.IntVar(&k.SSLIssueAfterCollects, "issue-after", 0, "collects answered 'being processed' before issuance")
	fs.IntVar(&k.SSLIssueAfterSeconds, "issue-after-seconds", 0, "seconds after enroll before issuance")
	fs.IntVar(&k.CollectNotReadyCode, "collect-not-ready-code", 0, "code of the not-ready collect answer: 0 or -183")
	fs.BoolVar(&k.StrictACMEDelete, "strict-acme-delete", false, "refuse to delete pending ACME accounts")
	fs.Var((*secondsFlag)(&k.TokenLifetimeSeconds), "token-lifetime",
		"OAuth2 access token lifetime (seconds, or a duration such as 5m)")
}

func defineFaultFlags(fs *flag.FlagSet, f *Faults) {
	fs.Float64Var(&f.FailRate, "fail-rate", 0, "probability of 503 + Retry-After")
	fs.Float64Var(&f.RateLimitRate, "rate-limit", 0, "probability of 429 + Retry-After")
	fs.Float64Var(&f.RateLimitRPS, "rate-limit-rps", 0, "token-bucket limit in requests per second (0: off)")
	fs.IntVar(&f.RetryAfterSeconds, "retry-after", f.RetryAfterSeconds, "Retry-After seconds on injected 503/429")
	fs.Var((*msFlag)(&f.LatencyMS), "latency", "latency per request (ms, or a duration such as 250ms)")
	fs.Var((*msFlag)(&f.JitterMS), "jitter", "random extra latency up to this (ms or duration)")
	fs.Float64Var(&f.DropAfterCommitRate, "drop-after-commit", 0, "probability of closing the connection after a change")
	fs.Uint64Var(&f.Seed, "fault-seed", 0, "seed of the fault generator")
}

// bulkFlag is -seed-bulk (ParseBulkSeed); nil until given.
type bulkFlag struct{ p **BulkSeed }

func (f bulkFlag) String() string {
	if f.p == nil || *f.p == nil {
		return ""
	}
	b := *f.p
	return fmt.Sprintf("domains=%d,certificates=%d,seed=%d", b.Domains, b.Certificates, b.Seed)
}

func (f bulkFlag) Set(v string) error {
	b, err := ParseBulkSeed(v)
	if err != nil {
		return err
	}
	*f.p = &b
	return nil
}

// secondsFlag is a second count given as "300" or as a duration ("5m").
type secondsFlag int

func (f *secondsFlag) String() string { return strconv.Itoa(int(*f)) }

func (f *secondsFlag) Set(v string) error {
	if n, err := strconv.Atoi(v); err == nil {
		*f = secondsFlag(n)
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("want seconds or a duration: %w", err)
	}
	*f = secondsFlag(d / time.Second)
	return nil
}

// msFlag is a millisecond count given as "250" or as a duration ("250ms").
type msFlag int

func (m *msFlag) String() string { return strconv.Itoa(int(*m)) }

func (m *msFlag) Set(v string) error {
	if n, err := strconv.Atoi(v); err == nil {
		*m = msFlag(n)
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("want milliseconds or a duration: %w", err)
	}
	*m = msFlag(d.Milliseconds())
	return nil
}
