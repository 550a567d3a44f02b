// Package simca is the certificate authority of the scmsim emulator: a root and
// an intermediate (ECDSA P-256, generated in milliseconds), the TLS certificates
// for the emulator's own listener and for client-certificate logins, CSR parsing
// with SCM's error codes, leaf issuance, and the collect formats SCM serves.
//
// It is test-only and is not a Sectigo implementation: certificates it issues
// are for loopback tests and must never be trusted outside them. It uses the
// standard library only and never imports internal/scm or internal/scmsim, so a
// mistake in the client cannot be mirrored here.
package simca
