// Package acmeuserdomains is the acme_user_domains module: the set of domain names an SCM ACME account
// may issue certificates for.
//
// Names are compared as a set after normalisation (case, trailing dot, IDN to punycode; "*.zone" is a
// name of its own). Everything missing is added in one request and everything extra (exclusive, or
// state=absent) is removed in one request; a mapping that is already right costs no write and, with the
// account given by organization_id or account_id, at most two reads.
//
// It must never compute a removal from a stale read except where the user asked for an exact set
// (exclusive): many hosts may add overlapping names to one account at the same time, and each of them
// must only ever add. A name SCM reports as "not added" or "not removed" is checked against a fresh
// read before it is reported as a failure, because another run may have done the work meanwhile.
package acmeuserdomains
