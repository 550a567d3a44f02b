// Package dnsname normalises and validates the domain names that users write
// in playbooks, so that every module compares names with SCM in one canonical
// form and rejects a bad name before it sends any request.
//
// The canonical form is lower-case ASCII without a trailing dot, with
// internationalised labels converted to punycode A-labels (IDNA2008, lookup
// profile). A name must have at least one dot, because SCM refuses single-label
// names. A wildcard is allowed only when the caller asks for it, and only as the
// whole left-most label ("*.example.org").
//
// Names the user gives go through Normalize, NormalizeWith or NormalizeList,
// which reject a bad name with its reason. Names SCM returns go through
// Lenient, which brings them to the same canonical form when it can and never
// fails, so that a name SCM holds but this package would refuse cannot make a
// module fail.
//
// The package is pure: it must never resolve names, touch the network or keep
// state between calls. Its only dependency outside the standard library is
// golang.org/x/net/idna.
package dnsname
