// Package bind runs a throw-away BIND named on 127.0.0.1 for tests that need a real DNS server: an
// authoritative server for a few zones that accept TSIG-signed (hmac-sha256) dynamic updates, plus an
// nsupdate helper to publish and remove records, and a resolver that asks only that server.
//
// Each Start gets its own directory (config, zones, journals, log) and a free port of its own, and is
// stopped by its process id when the test ends. When named or nsupdate is missing the test is skipped,
// or fails when SCMKIT_REQUIRE_BIND=1 (CI sets it, so a missing package cannot pass silently).
//
// It must never listen anywhere but 127.0.0.1, recurse, or send a packet off the machine, and never
// stop a named it did not start.
package bind
