// Package ansibletest runs an ansible.Module in a test the way Ansible runs
// a binary module: the arguments are marshalled together with the
// controller's _ansible_* keys, passed to ansible.Execute, and the one JSON
// object it prints comes back as an Output.
//
// Run also checks the protocol on every call (exactly one JSON object, a
// boolean "changed", an "invocation", exit code 1 exactly when "failed"),
// so module tests get those checks for free.
//
// It is for tests only: it must never be imported by non-test code, and it
// never writes to stdout.
package ansibletest
