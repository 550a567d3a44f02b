// Package acmesrv is the ACME side of the scmsim emulator: pebble (v2.10.1,
// MPL-2.0, imported unmodified as a library) behind a thin http.Handler that
// adds what Sectigo's ACME service does and pebble does not: EAB keys minted
// at run time by the SCM side, a per-account identifier policy
// (rejectedIdentifier for names not mapped to the SCM ACME account), and a
// callback when a client registers.
//
// It is test-only and is not a Sectigo implementation. It must never verify a
// JWS itself in a way that replaces pebble's checks: it only peeks at the
// base64url fields it needs and hands every request it accepts to pebble
// unchanged. It never imports internal/scm or internal/scmsim; the emulator
// talks to it through Policy.
package acmesrv
