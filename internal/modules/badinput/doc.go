// Package badinput holds the cross-module bad-input table (issue 8): every one of the five modules is
// given options it must refuse — unknown or mistyped options, conflicts, invalid domain names, unknown
// SCM objects, bad CSRs, unreachable or untrusted servers, wrong credentials, missing permissions and
// unwritable files — against an in-process scmsim. Each case must fail with a message that names the
// option and the problem, and scmsim's journal must show that nothing was written.
//
// The package has no non-test code and must never gain any: it exists only so the table can use the
// module-internal simtest harness.
package badinput
