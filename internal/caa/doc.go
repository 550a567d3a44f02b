// Package caa is a pre-flight check of DNS Certification Authority
// Authorization (CAA, RFC 8659) records. scm_cert calls it before enrolling
// and scm_dcv before starting domain control validation, so that a CAA record
// set that does not authorise Sectigo fails the task at once, naming the
// record, the name it sits at and the record to add, instead of after all the
// DCV work when the CA itself refuses to issue.
//
// Check finds the relevant record set of each name the way RFC 8659 §3 says a
// CA does (the name itself, then each parent up to but not including the
// root, with the resolver following CNAMEs) and applies the issue, issuewild
// and critical-flag rules of §4. Everything but the lookups is pure, so the
// decisions are tested without a network.
//
// The check is advisory: the CA's own lookup is authoritative. This package
// therefore leans towards "allowed" where the CA's behaviour is not pinned
// down by the RFC (it knows Sectigo's older issuer domains, it ignores
// issue-value parameters), because a wrong refusal here would block work the
// CA would have accepted, while a wrong pass only delays the CA's refusal.
// It never turns a failed lookup into "allowed": SERVFAIL, REFUSED, timeouts
// and unreadable answers are errors naming the name and the server.
//
// DNSSEC: this package does not validate signatures; that is the CA's job.
// From 2026-03-15 CAs must validate DNSSEC for CAA lookups (CA/Browser Forum
// ballot SC-085). Queries go out without the CD bit, so a validating resolver
// answers SERVFAIL for a bogus zone, and that SERVFAIL is an error here, just
// as it would stop the CA.
package caa
