// Package scmcert is the scm_cert module: an SSL certificate ordered from Sectigo Certificate Manager
// for a CSR the user supplies, kept issued and inside its renewal window, written to files, or
// revoked.
//
// It follows the collection's skeleton: desire (every parameter and the CSR checked before any
// request) → observe (reads only: the profile, the existing orders for the same identity, the issued
// certificate, the files on disk) → plan (pure: renewal by share of the lifetime or by days left,
// certutil.RenewalPolicy) → replan (the term checked against the profile and the day's validity cap,
// certutil.MaxValidity, and the CSR's key against the profile; then, when an order will be placed, the
// orderChecks, which may read: the custom fields) → apply (enroll, renew, revoke, write files; never in
// check mode) → buildResult (status issued only with the certificate in hand).
//
// What it must never do: send an enroll or renewal twice for one intent (an answer lost in transit is
// reconciled by reading SCM again, never by re-sending: an enrollment carries a marker derived from the
// CSR's public key in its comments, marker.go, by which this run or a later one finds and adopts it,
// adopt.go), enroll when an order for the same common name,
// names, profile and organization already exists (issued or pending), touch a private key (only the
// CSR is read), write a file in check mode or rewrite one whose content and attributes are already
// right, or put whole PEMs in a diff.
package scmcert
