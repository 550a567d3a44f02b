// Package caatest runs an in-process DNS server on 127.0.0.1 for tests of
// the CAA pre-check and of the modules that call it (scm_cert, scm_dcv).
//
// The server answers like an authoritative server for every name it holds
// records for: the records of the type asked, a CNAME (not chased, unless
// asked to) for any type at an alias, NODATA for a name that exists without
// them (an empty non-terminal included), NXDOMAIN otherwise. Failures are
// switched on per name: SERVFAIL, or no answer at all for timeouts. There
// is no wildcard synthesis, DNSSEC or zone cut: a record is served at exactly
// its owner name.
//
// Point the code under test at it with caa.NewResolver(srv.Addr). The
// package does not import caa, so caa's own tests can use it.
package caatest
