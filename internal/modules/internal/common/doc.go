// Package common holds what every module of the collection shares: the module skeleton (Steps: the one
// opening, from the options to a client, a deadline and the module's own run), the SCM connection
// options, the reconciling of writes whose answer was lost, name resolution for organizations and
// departments, listings read once per run, the clock, and a bounded parallel runner that keeps results
// in input order.
//
// It never writes to stdout and never decides whether a module changes anything.
package common
