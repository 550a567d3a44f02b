// Package acmeuser is the acme_user module: an SCM ACME account (name + ACME server + organization)
// and the EAB credentials certbot needs to register with it, returned to the task or written to a
// certbot-ready file.
//
// It follows the collection's skeleton: desire (input checked before any request) → observe (reads
// only) → plan (pure) → apply (writes, never in check mode) → result. An account create that may have
// reached SCM is never sent again: SCM does not keep account names unique, so the module lists the
// organization's accounts once more and adopts the one account of that name that observe did not see,
// and fails, sending nothing, when there is none or more than one.
//
// It must never let the EAB HMAC key out except where the user asked for it: the key is registered as
// a secret in every run that reads it, so it is masked in messages, diffs, traces and data, and it is
// only returned (unmasked, through Result.Revealed) by the run that created the account or with
// return_eab. The eab_file holding it is written with mode 0600, atomically, and never in check mode.
package acmeuser
