// Package scmsim is an in-memory emulator of the Sectigo Certificate Manager
// (SCM) REST API, with an embedded ACME server, a separate admin API, fault
// injection and a request journal. Every Ansible-level test, the demo and the
// benchmarks run against it, so its behaviour follows
// shared/reference/scm-api.md; where that reference is uncertain the choice is
// recorded in README.md.
//
// It is test-only and is not a Sectigo implementation. It must never import
// internal/scm: it keeps its own wire structs so that a wrong JSON tag in the
// client cannot hide by being wrong on both sides. It holds no package-level
// mutable state, never logs a password, an EAB HMAC key, an API client secret
// or an access token, and its admin API is meant for loopback listeners only.
package scmsim
