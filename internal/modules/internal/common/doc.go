// Package common holds what every module of the collection shares: the SCM connection options (their
// spec and how they become an *scm.Client and a deadline), name resolution for organizations and
// departments, and a bounded parallel runner that keeps results in input order.
//
// It never writes to stdout and never decides whether a module changes anything.
package common
