// Package acmedomain is the acme_domain module: SCM domains, their active state, their delegations to
// organizations and departments, and their wildcard twins, in a single form (one domain, at most two
// requests when nothing needs doing) and a list form (many domains, read through paged listings once
// per task).
//
// It is the worked example of the collection's skeleton (DESIGN.md): desire → observe (an observer of
// readers only) → plan (pure), replan → apply (the one writer, never in check mode) → result. A create
// whose answer was lost is sent again only after a read shows no such domain (common.LostWrite).
package acmedomain
