// Package certutil holds the certificate arithmetic of the scm_cert module:
// reading a CSR (PEM or bare base64 DER) and describing its names and key in
// the shape SCM profiles use, reading issued certificates, putting SCM's chain
// bundles into leaf-first order, deciding when a certificate is due for
// renewal (by share of its lifetime or by days left), and the longest validity
// a public TLS certificate may have on a given day (ballot SC-081).
//
// It is pure and uses the standard library only. It must never talk to the
// network, read the clock (callers pass "now", so renewal decisions can be
// tested at any date), or parse, hold or print private keys: a CSR and a
// certificate carry only public keys, PEM blocks of other types are skipped
// unparsed, and errors name a stray block's type, never its contents.
package certutil
