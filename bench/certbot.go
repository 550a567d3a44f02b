package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// certbotResult is the time from nothing to a first certificate through an SCM ACME account.
type certbotResult struct {
	Skipped       string  `json:"skipped,omitempty"`
	AcmeUserMS    float64 `json:"acme_user_ms"`
	DomainsMS     float64 `json:"acme_user_domains_ms"`
	CertbotMS     float64 `json:"certbot_ms"`
	PlaybookSec   float64 `json:"playbook_seconds"`
	CertificateOK bool    `json:"certificate_saved"`
}

const certbotDomain = "certbot.bench.example"

// certbot runs one playbook: acme_user writes certbot's EAB file, acme_user_domains maps the name,
// and certbot registers with the EAB and obtains a certificate from scmsim's ACME server (whose
// challenges always pass, so certbot runs --manual with a no-op hook).
func (b *bench) certbot(ctx context.Context) (*certbotResult, error) {
	path, err := exec.LookPath("certbot")
	if err != nil {
		return &certbotResult{Skipped: "certbot is not installed (apt-get install certbot)"}, nil
	}
	dir := filepath.Join(b.work, "certbot")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	// The SCM domain the account may issue for (not timed; unchanged if it exists).
	if _, err := b.runModule(ctx, "acme_domain", map[string]any{"name": certbotDomain,
		"delegations": []map[string]any{{"organization": orgName}}}); err != nil {
		return nil, err
	}
	run, err := b.runPlaybook(ctx, "certbot", b.certbotTasks(path, dir))
	if err != nil {
		return nil, err
	}
	res := &certbotResult{PlaybookSec: round(run.Wall.Seconds(), 2)}
	for _, t := range run.Tasks {
		switch t.Task {
		case "acme_user":
			res.AcmeUserMS = round(t.Seconds*1000, 0)
		case "acme_user_domains":
			res.DomainsMS = round(t.Seconds*1000, 0)
		case "certbot":
			res.CertbotMS = round(t.Seconds*1000, 0)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "config", "live", certbotDomain, "cert.pem")); err != nil {
		return res, fmt.Errorf("certbot saved no certificate: %w", err)
	}
	res.CertificateOK = true
	return res, nil
}

// certbotTasks are the playbook's tasks; certbot keeps its config, work and logs under dir.
func (b *bench) certbotTasks(certbot, dir string) []map[string]any {
	eab := filepath.Join(dir, "eab.ini")
	ref := map[string]any{"name": "certbot-bench", "acme_server": acmeServer, "organization": orgName}
	return []map[string]any{
		{"name": "acme_user", "scmkit.sectigo.acme_user": merge(ref, map[string]any{"eab_file": eab})},
		{"name": "acme_user_domains", "scmkit.sectigo.acme_user_domains": merge(ref, map[string]any{"domains": []string{certbotDomain}})},
		{"name": "certbot", "ansible.builtin.command": map[string]any{"argv": []string{certbot, "--config", eab,
			"certonly", "--non-interactive", "--agree-tos", "--register-unsafely-without-email",
			"--manual", "--preferred-challenges", "http", "--manual-auth-hook", "/bin/true",
			"--config-dir", filepath.Join(dir, "config"), "--work-dir", filepath.Join(dir, "work"),
			"--logs-dir", filepath.Join(dir, "logs"), "-d", certbotDomain}},
			"environment": map[string]any{"REQUESTS_CA_BUNDLE": b.sim.ca, "HOME": dir,
				"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}},
	}
}
