// Package dnscheck performs the lookups behind the scmsim emulator's real
// domain control validation: the CNAME or TXT record of a DCV host at one
// configured DNS server, and the HTTP validation file at one configured
// address.
//
// It is test-only and uses the standard library only. It must never fall back
// to the system resolver or dial the host named in a URL: every DNS query goes
// to Checker.DNSServer and every HTTP connection to Checker.HTTPAddr, so a test
// cannot reach a real network by accident.
package dnscheck
