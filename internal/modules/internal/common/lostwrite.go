package common

// LostWriteAttempts is how often a module sends a write whose answer is lost every time (a timeout, a
// 5xx, a dropped connection) while SCM, read before each new attempt, shows it not applied. Only writes
// that cannot duplicate anything are sent again (DESIGN.md, invariant 3): a domain create (names are
// unique), a delegation add or approval, a DCV start, submit or clear, names added to an ACME account.
// The read before each attempt is what keeps the re-send from being blind.
const LostWriteAttempts = 3
