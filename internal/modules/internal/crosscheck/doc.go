// Package crosscheck holds tests that run modules against one emulator and check that they report the
// same object the same way: one days_left, one canonical form of a domain name. It has no code of its
// own.
package crosscheck
