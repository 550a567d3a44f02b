// Package acmeuserinfo is the acme_user_info module: the Sectigo Public ACME accounts of SCM, per ACME
// server and organization, with their status, the domains mapped to each and those domains' validUntil
// (with days_left), and on request the DCV status of every mapped domain and the SCM domains no listed
// account covers.
//
// It is read-only: it reads through interfaces that hold list calls only, so a write does not compile
// here; it never reports changed and behaves the same in check mode. It never returns an EAB HMAC key:
// SCM's account listing carries them, so every key read is registered as a secret (masked everywhere)
// and then dropped.
package acmeuserinfo
