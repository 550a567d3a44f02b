// Package acmedomain is the acme_domain module: SCM domains, their active state, their delegations to
// organizations and departments, and their wildcard twins, in a single form (one domain, at most two
// requests when nothing needs doing) and a list form (many domains, read through paged listings once
// per task).
//
// It follows the collection's skeleton: observe (reads only) → desire → plan (pure) → apply (writes,
// never in check mode) → result. A create that may have reached SCM is never sent again: the module
// observes once more and adopts what it finds.
package acmedomain
