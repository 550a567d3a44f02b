// Package scmdcv is the scm_dcv module: domain control validation (DCV) of SCM domains by CNAME,
// DNS TXT, HTTP, HTTPS or email. It starts a validation where one is needed, hands back what the DNS
// or web automation must publish (records ready for community.general.nsupdate, a file to serve, or
// the candidate addresses), submits it, and can wait until SCM reports the domain validated.
//
// Names map to the domain SCM validates: a wildcard to its base, a subdomain to the SCM domain with the
// fewest labels above it (SCM validates only high-level domains and answers -723 otherwise). The
// statuses of every domain in a task come from one paged read of SCM's DCV list; the status call is
// made only for domains with an order under way, for its instructions.
//
// It follows the collection's skeleton: desire → observe (reads only) → plan (pure) → apply (writes,
// never in check mode) → wait → result. It must never send a DCV start or submit in check mode, never
// restart an order that is already under way with the same method, and never send a start or submit
// again after an answer that may have been lost: it reads the status instead and adopts what it finds.
package scmdcv
