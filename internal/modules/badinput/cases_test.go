package badinput

import (
	"strings"
)

// Shorthands for the options most cases share.
var (
	org       = map[string]any{"delegations": []any{map[string]any{"organization": "Demo University", "department": "Web"}}}
	acct      = map[string]any{"name": "web01", "acme_server": "Sectigo OV ACME (demo)", "organization": "Demo University"}
	long63    = strings.Repeat("a", 63)
	longLabel = strings.Repeat("a", 64) + ".example"
	longName  = strings.Join([]string{long63, long63, long63, long63}, ".") + ".example" // 263 characters
)

func with(base map[string]any, kv ...any) map[string]any {
	over := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		over[kv[i].(string)] = kv[i+1]
	}
	return merge(base, over)
}

// certBase is a valid scm_cert task; cases change one thing.
func certBase() map[string]any {
	return map[string]any{
		"common_name": "www.example.com", "subject_alt_names": []any{"example.com"}, "profile": "OV Multi-Domain",
		"organization": "Demo University", "department": "Web", "custom_fields": map[string]any{"costCenter": "1"},
		"csr": csr("rsa2048", "www.example.com", "example.com"),
	}
}

// cases is the table. want names the option and the problem.
func cases() []badCase {
	var all []badCase
	all = append(all, optionCases()...)
	all = append(all, nameCases()...)
	all = append(all, objectCases()...)
	all = append(all, certCases()...)
	all = append(all, connectionCases()...)
	all = append(all, fileCases()...)
	return all
}

// optionCases: unknown options, wrong types, conflicts and missing requirements.
func optionCases() []badCase {
	return []badCase{
		{desc: "unknown option", module: "acme_domain", args: with(org, "name", "a.example", "colour", "red"), want: []string{"colour", "Unsupported parameters"}, offline: true},
		{desc: "unknown option", module: "acme_user", args: with(acct, "eab_kid", "x"), want: []string{"eab_kid", "Unsupported parameters"}, offline: true},
		{desc: "unknown option", module: "acme_user_domains", args: with(acct, "domains", []any{"a.example"}, "purge", true), want: []string{"purge", "Unsupported parameters"}, offline: true},
		{desc: "unknown option", module: "scm_dcv", args: map[string]any{"domain": "a.example", "method": "cname", "ttl": 60}, want: []string{"ttl", "Unsupported parameters"}, offline: true},
		{desc: "unknown option", module: "scm_cert", args: with(certBase(), "key_size", 4096), want: []string{"key_size", "Unsupported parameters"}, offline: true},
		{desc: "bool of wrong type", module: "acme_domain", args: with(org, "name", "a.example", "active", "maybe"), want: []string{"active", "bool"}, offline: true},
		{desc: "int of wrong type", module: "acme_user_domains", args: map[string]any{"account_id": "seven", "domains": []any{"a.example"}}, want: []string{"account_id", "int"}, offline: true},
		{desc: "list of wrong type", module: "acme_user_domains", args: with(acct, "domains", map[string]any{"a.example": true}), want: []string{"domains", "list"}, offline: true},
		{desc: "int of wrong type", module: "scm_dcv", args: map[string]any{"domain": "a.example", "method": "cname", "wait_timeout": "soon"}, want: []string{"wait_timeout", "int"}, offline: true},
		{desc: "int of wrong type", module: "scm_cert", args: with(certBase(), "term", "a year"), want: []string{"term", "int"}, offline: true},
		{desc: "dict of wrong type", module: "scm_cert", args: with(certBase(), "custom_fields", []any{"costCenter"}), want: []string{"custom_fields", "dict"}, offline: true},
		{desc: "bool of wrong type", module: "acme_user", args: with(acct, "return_eab", "sometimes"), want: []string{"return_eab", "bool"}, offline: true},
		{desc: "choice not allowed", module: "acme_domain", args: with(org, "name", "a.example", "state", "gone"), want: []string{"state", "gone"}, offline: true},
		{desc: "choice not allowed", module: "scm_dcv", args: map[string]any{"domain": "a.example", "method": "pigeon"}, want: []string{"method", "pigeon"}, offline: true},
		{desc: "choice not allowed", module: "scm_cert", args: map[string]any{"ssl_id": 5001, "state": "revoked", "revoke_reason": "boredom"}, want: []string{"revoke_reason", "boredom"}, offline: true},
		{desc: "name and domains together", module: "acme_domain", args: with(org, "name", "a.example", "domains", []any{map[string]any{"name": "b.example"}}), want: []string{"name", "domains", "mutually exclusive"}, offline: true},
		{desc: "organization and organization_id together", module: "acme_user", args: with(acct, "organization_id", 1001), want: []string{"organization_id", "organization", "mutually exclusive"}, offline: true},
		{desc: "account_id and name together", module: "acme_user_domains", args: with(acct, "account_id", 7001, "domains", []any{"a.example"}), want: []string{"account_id", "name", "mutually exclusive"}, offline: true},
		{desc: "domain and domains together", module: "scm_dcv", args: map[string]any{"domain": "a.example", "domains": []any{"b.example"}, "method": "cname"}, want: []string{"domain", "domains", "mutually exclusive"}, offline: true},
		{desc: "csr and csr_path together", module: "scm_cert", args: with(certBase(), "csr_path", "/etc/hostname"), want: []string{"csr", "csr_path", "mutually exclusive"}, offline: true},
		{desc: "exclusive with state=absent", module: "acme_user_domains", args: with(acct, "domains", []any{"a.example"}, "state", "absent", "exclusive", true), want: []string{"exclusive", "state=present"}, offline: true},
		{desc: "email with method cname", module: "scm_dcv", args: map[string]any{"domain": "a.example", "method": "cname", "email": "admin@a.example"}, want: []string{"email", "method=email"}, offline: true},
		{desc: "neither name nor domains", module: "acme_domain", args: org, want: []string{"name", "domains", "one of"}, offline: true},
		{desc: "new domain without delegations", module: "acme_domain", args: map[string]any{"name": "a.example"}, want: []string{"name", "no delegations are given"}},
		{desc: "no acme_server", module: "acme_user", args: with(acct, "acme_server", nil), want: []string{"acme_server", "missing"}, offline: true},
		{desc: "name without acme_server", module: "acme_user_domains", args: map[string]any{"name": "web01", "domains": []any{"a.example"}}, want: []string{"name", "acme_server"}, offline: true},
		{desc: "no domains", module: "acme_user_domains", args: acct, want: []string{"domains", "missing"}, offline: true},
		{desc: "no method", module: "scm_dcv", args: map[string]any{"domain": "a.example"}, want: []string{"method"}, offline: true},
		{desc: "email method without email", module: "scm_dcv", args: map[string]any{"domain": "a.example", "method": "email", "submit": true}, want: []string{"email", "required"}, offline: true},
		{desc: "no profile", module: "scm_cert", args: with(certBase(), "profile", nil), want: []string{"profile", "missing"}, offline: true},
		{desc: "no CSR", module: "scm_cert", args: with(certBase(), "csr", nil), want: []string{"csr", "csr_path", "missing"}, offline: true},
		{desc: "negative wait_timeout", module: "scm_cert", args: with(certBase(), "wait", true, "wait_timeout", -5), want: []string{"wait_timeout", "positive"}, offline: true},
		{desc: "negative min_days_valid", module: "scm_dcv", args: map[string]any{"domain": "a.example", "method": "cname", "min_days_valid": -1}, want: []string{"min_days_valid", "0 or more"}, offline: true},
		{desc: "empty account name", module: "acme_user", args: with(acct, "name", "  "), want: []string{"name", "empty"}, offline: true},
		{desc: "account name with a newline", module: "acme_user", args: with(acct, "name", "web01\nweb02"), want: []string{"name", "control characters"}, offline: true},
		{desc: "zero account_id", module: "acme_user_domains", args: map[string]any{"account_id": 0, "domains": []any{"a.example"}}, want: []string{"account_id", "not an account id"}, offline: true},
	}
}

// nameCases: invalid domain names and wildcard misuse, in every module that takes names.
func nameCases() []badCase {
	return []badCase{
		{desc: "empty label", module: "acme_domain", args: with(org, "name", "www..example.com"), want: []string{"name", "empty label"}, offline: true},
		{desc: "label over 63", module: "acme_domain", args: with(org, "name", longLabel), want: []string{"name", "63"}, offline: true},
		{desc: "name over 253", module: "acme_domain", args: with(org, "name", longName), want: []string{"name", "253"}, offline: true},
		{desc: "underscore", module: "acme_domain", args: with(org, "name", "my_host.example.com"), want: []string{"name", "_"}, offline: true},
		{desc: "IP address", module: "acme_domain", args: with(org, "name", "192.0.2.10"), want: []string{"name", "IP address"}, offline: true},
		{desc: "invalid IDN", module: "acme_domain", args: with(org, "name", "xn--a-ecp.example"), want: []string{"name", "xn--a-ecp.example"}, offline: true},
		{desc: "wildcard in the middle", module: "acme_domain", args: with(org, "name", "www.*.example.com"), want: []string{"name", "wildcard"}, offline: true},
		{desc: "list entry with empty label", module: "acme_domain", args: with(org, "domains", []any{map[string]any{"name": "ok.example"}, map[string]any{"name": ".bad.example"}}), want: []string{"domains[1]", "empty label"}, offline: true},
		{desc: "underscore", module: "acme_user_domains", args: with(acct, "domains", []any{"ok.example", "bad_name.example"}), want: []string{"domains[1]", "_"}, offline: true},
		{desc: "IP address", module: "acme_user_domains", args: with(acct, "domains", []any{"10.0.0.1"}), want: []string{"domains[0]", "IP address"}, offline: true},
		{desc: "double wildcard", module: "acme_user_domains", args: with(acct, "domains", []any{"*.*.example.com"}), want: []string{"domains[0]", "wildcard"}, offline: true},
		{desc: "label over 63", module: "scm_dcv", args: map[string]any{"domain": longLabel, "method": "cname"}, want: []string{"domain", "63"}, offline: true},
		{desc: "leading hyphen", module: "scm_dcv", args: map[string]any{"domains": []any{"ok.example", "-bad.example"}, "method": "cname"}, want: []string{"domains[1]", "hyphen"}, offline: true},
		{desc: "invalid IDN", module: "scm_dcv", args: map[string]any{"domain": "xn--zz.example", "method": "cname"}, want: []string{"domain", "xn--zz.example"}, offline: true},
		{desc: "empty label in common_name", module: "scm_cert", args: with(certBase(), "common_name", "www..example.com"), want: []string{"common_name", "empty label"}, offline: true},
		{desc: "IP address in subject_alt_names", module: "scm_cert", args: with(certBase(), "subject_alt_names", []any{"192.0.2.1"}), want: []string{"subject_alt_names[0]", "IP address"}, offline: true},
		{desc: "wildcard misuse in subject_alt_names", module: "scm_cert", args: with(certBase(), "subject_alt_names", []any{"www.*.example.com"}), want: []string{"subject_alt_names[0]", "wildcard"}, offline: true},
	}
}

// objectCases: SCM objects that do not exist (answered by reads, never by a write).
func objectCases() []badCase {
	return []badCase{
		{desc: "unknown organization", module: "acme_domain", args: map[string]any{"name": "a.example", "delegations": []any{map[string]any{"organization": "Nowhere University"}}}, want: []string{"delegations[0]", "Nowhere University", "not found"}},
		{desc: "unknown department", module: "acme_domain", args: map[string]any{"name": "a.example", "delegations": []any{map[string]any{"organization": "Demo University", "department": "Catering"}}}, want: []string{"delegations[0]", "Catering"}},
		{desc: "unknown organization", module: "acme_user", args: with(acct, "organization", "Nowhere University"), want: []string{"organization", "Nowhere University", "not found"}},
		{desc: "unknown ACME server", module: "acme_user", args: with(acct, "acme_server", "Let's Pretend ACME"), want: []string{"acme_server", "Let's Pretend ACME"}},
		{desc: "unknown ACME server", module: "acme_user_domains", args: with(acct, "acme_server", "Let's Pretend ACME", "domains", []any{"a.example"}), want: []string{"acme_server", "Let's Pretend ACME"}},
		{desc: "unknown account", module: "acme_user_domains", args: map[string]any{"account_id": 9999, "domains": []any{"a.example"}}, want: []string{"account_id", "9999"}},
		{desc: "domain unknown to SCM", module: "scm_dcv", args: map[string]any{"domain": "unknown.example", "method": "cname"}, want: []string{"unknown.example"}},
		{desc: "unknown profile", module: "scm_cert", args: with(certBase(), "profile", "DV Wildcard"), want: []string{"profile", "DV Wildcard"}},
		{desc: "unknown organization", module: "scm_cert", args: with(certBase(), "organization", "Nowhere University", "department", nil), want: []string{"organization", "Nowhere University", "not found"}},
		{desc: "unknown ssl_id", module: "scm_cert", args: map[string]any{"ssl_id": 999, "state": "revoked"}, want: []string{"ssl_id", "999"}},
	}
}

// certCases: CSRs and certificate terms SCM would refuse.
func certCases() []badCase {
	return []badCase{
		{desc: "CSR not PEM", module: "scm_cert", args: with(certBase(), "csr", "not a csr"), want: []string{"csr", "not PEM"}, offline: true},
		{desc: "CSR garbled", module: "scm_cert", args: with(certBase(), "csr", "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfzCCASUCAQAw\n-----END CERTIFICATE REQUEST-----\n"), want: []string{"csr"}, offline: true},
		{desc: "CSR SANs differ", module: "scm_cert", args: with(certBase(), "subject_alt_names", []any{"mail.example.com"}), want: []string{"csr", "differ", "mail.example.com"}, offline: true},
		{desc: "CSR common name differs", module: "scm_cert", args: with(certBase(), "csr", csr("rsa2048", "example.com", "www.example.com")), want: []string{"csr", "common name", "common_name"}, offline: true},
		{desc: "key too small", module: "scm_cert", args: with(certBase(), "csr", csr("rsa1024", "www.example.com", "example.com")), want: []string{"csr", "1024"}},
		{desc: "term not allowed", module: "scm_cert", args: with(certBase(), "term", 366), want: []string{"term", "366", "not a term"}},
	}
}

// connectionCases: where SCM is, whether it is trusted, and who logs in.
func connectionCases() []badCase {
	return []badCase{
		{desc: "URL not http(s)", module: "acme_domain", args: with(org, "name", "a.example", "scm_url", "ftp://scm.example/api"), want: []string{"scm_url", "ftp"}, offline: true},
		{desc: "URL not a URL", module: "scm_dcv", args: map[string]any{"domain": "a.example", "method": "cname", "scm_url": "::not a url"}, want: []string{"scm_url"}, offline: true},
		{desc: "TLS: CA does not match", module: "acme_user", args: with(acct, "scm_ca_path", unrelatedCA), want: []string{"certificate", "scm_ca_path"}, offline: true},
		{desc: "TLS: CA file missing", module: "acme_user_domains", args: with(acct, "domains", []any{"a.example"}, "scm_ca_path", missingFile), want: []string{"scm_ca_path", "no-such-ca.pem"}, offline: true},
		{desc: "TLS: no CA given for a private CA", module: "scm_cert", args: with(certBase(), "scm_ca_path", remove), want: []string{"certificate", "scm_ca_path"}, offline: true},
		{desc: "nothing listens at the URL", module: "acme_domain", args: with(org, "name", "a.example", "scm_url", closedPortURL), want: []string{"connection refused", "scm_url"}},
		{desc: "wrong password (401 -16)", module: "acme_domain", args: with(org, "name", "a.example", "scm_password", "wrong-password"), want: []string{"401", "-16", "scm_login"}},
		{desc: "wrong password (401 -16)", module: "scm_cert", args: with(certBase(), "scm_password", "wrong-password"), want: []string{"401", "-16"}},
		{desc: "unknown login (401 -16)", module: "acme_user", args: with(acct, "scm_login", "nobody"), want: []string{"401", "-16"}},
		{desc: "RAO creates a domain for another organization (-3)", module: "acme_domain", args: map[string]any{"name": "a.example", "delegations": []any{map[string]any{"org_id": 1004}}, "scm_login": "rao", "scm_password": "rao-secret"}, want: []string{"-3", "scm_login"}},
		{desc: "RAO creates an ACME account for another organization (-3)", module: "acme_user", args: map[string]any{"name": "web01", "acme_server": "Sectigo OV ACME (demo)", "organization_id": 1004, "scm_login": "rao", "scm_password": "rao-secret"}, want: []string{"-3"}},
		{desc: "scm_timeout zero", module: "acme_user_domains", args: with(acct, "domains", []any{"a.example"}, "scm_timeout", 0), want: []string{"scm_timeout", "positive"}, offline: true},
		{desc: "scm_max_parallel too high", module: "acme_domain", args: with(org, "name", "a.example", "scm_max_parallel", 500), want: []string{"scm_max_parallel", "between 1 and 32"}, offline: true},
		{desc: "client cert without key", module: "scm_dcv", args: map[string]any{"domain": "a.example", "method": "cname", "scm_client_cert": "/etc/hostname"}, want: []string{"scm_client_cert", "scm_client_key"}, offline: true},
	}
}

// fileCases: files the module would write where nothing can be written.
func fileCases() []badCase {
	return []badCase{
		{desc: "eab_file below a file", module: "acme_user", args: with(acct, "eab_file", below("eab.ini")), want: []string{"eab_file", "not a directory"}, offline: true},
		{desc: "eab_file is a directory", module: "acme_user", args: with(acct, "eab_file", "/tmp"), want: []string{"eab_file", "directory"}, offline: true},
		{desc: "path below a file", module: "scm_cert", args: with(certBase(), "path", below("cert.pem")), want: []string{"path", "not a directory"}, offline: true},
		{desc: "fullchain_path in a missing directory", module: "scm_cert", args: with(certBase(), "fullchain_path", "/nonexistent-dir/chain.pem"), want: []string{"fullchain_path", "/nonexistent-dir"}, offline: true},
		{desc: "csr_path missing", module: "scm_cert", args: with(certBase(), "csr", nil, "csr_path", "/nonexistent-dir/www.csr"), want: []string{"csr_path", "/nonexistent-dir/www.csr"}, offline: true},
	}
}
