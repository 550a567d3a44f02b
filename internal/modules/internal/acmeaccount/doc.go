// Package acmeaccount is what the acme_user and acme_user_domains modules share about SCM ACME
// accounts: the options that name an account (name + ACME server + organization), resolving an
// acme_server value (a server name or a directory URL) through SCM's server listing, and finding the
// one account a name identifies. A Lookup holds the resolvers and the finder one module run uses.
//
// SCM has no unique key for an account: two accounts may share a name, a server and an organization.
// Find therefore reports such a tie as an error listing the ids instead of picking one.
//
// It only reads. It never creates, changes or deletes anything, and it never puts an EAB HMAC key in an
// error, a trace or a return value other than the account itself; every key it sees is handed to the
// caller's secret registry (Env.AddSecret) at once.
package acmeaccount
