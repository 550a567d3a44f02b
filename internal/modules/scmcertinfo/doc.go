// Package scmcertinfo is the scm_cert_info module: SSL certificates of Sectigo Certificate Manager found
// by ssl_id, common name, SAN, serial number, status, profile or organization, with their expiry date
// and days_left, optionally only those expiring within a window, and optionally their PEM (leaf first,
// then the chain).
//
// It is read-only. It reads through an interface that holds list, get and collect calls only, so a
// write does not compile here; it never reports changed and behaves the same in check mode. It never
// collects a certificate that is not issued: on SCM a collect of a pending order counts towards its
// issuance, and the module must not move anything forward.
package scmcertinfo
