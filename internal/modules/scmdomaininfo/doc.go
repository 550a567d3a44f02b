// Package scmdomaininfo is the scm_domain_info module: the domains of Sectigo Certificate Manager with
// their state, delegations, DCV status, DCV method and DCV expiry (with days_left), filtered by names or
// patterns, organization, an expiry window, or "not validated".
//
// It is read-only. It reads through small interfaces that hold list and get methods only, so a write
// does not compile here; it never reports changed and behaves the same in check mode. Facts come from
// paged listings (one per kind of fact, 200 rows a page); per-domain reads happen only with
// details=true, for the facts no listing carries.
package scmdomaininfo
