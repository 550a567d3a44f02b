package main

import (
	"fmt"
	"strings"
)

// The benchmark's inventory: N domains in the list form (wildcard twins off), one ACME account mapped
// to all of them, and DCV for the first dcvCount. Organizations and servers are given by name, as
// playbooks usually do, so the fixed lookups that names cost are counted too.
const (
	orgName    = "Demo University"
	orgID      = 1001
	acmeServer = "Sectigo OV ACME (demo)"
	account    = "bench"
)

func domainName(i int) string { return fmt.Sprintf("d%03d.bench.example", i) }

func domainNames(from, to int) []string {
	out := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, domainName(i))
	}
	return out
}

// step is one task of the inventory.
type step struct {
	Name   string
	Module string
	Args   map[string]any
	// Creates is what the first converge must write, by call, and nothing more.
	Creates map[string]int
	// MinReads is the fewest reads an idempotent re-run can make, as a sum with its parts named.
	MinReads func(w *world) (int, string)
}

func inventory(n, dcv int) []step {
	names := domainNames(0, n)
	entries := make([]map[string]any, n)
	for i, name := range names {
		entries[i] = map[string]any{"name": name}
	}
	ref := map[string]any{"name": account, "acme_server": acmeServer, "organization": orgName}
	return []step{
		{Name: fmt.Sprintf("acme_domain, %d domains (list form)", n), Module: "acme_domain",
			Args:    map[string]any{"domains": entries, "delegations": []map[string]any{{"organization": orgName}}},
			Creates: map[string]int{"POST /api/domain/v1": n},
			MinReads: func(w *world) (int, string) {
				d := len(w.Domains)
				return sum(
					part{1, "organization lookup"}, part{pages(d), "domains"}, part{pages(0), "suspended"},
					part{pages(0), "awaiting approval"}, part{pages(d), "delegated to the org"}, part{pages(d), "DCV list"})
			}},
		{Name: "acme_user (the account)", Module: "acme_user", Args: ref,
			Creates: map[string]int{"POST /api/acme/v2/account": 1},
			MinReads: func(w *world) (int, string) {
				return sum(part{1, "organization lookup"}, part{1, "ACME servers"}, part{pages(len(w.ACMEAccounts)), "accounts"})
			}},
		{Name: fmt.Sprintf("acme_user_domains, %d names", n), Module: "acme_user_domains",
			Args:    merge(ref, map[string]any{"domains": names}),
			Creates: map[string]int{"POST /api/acme/v2/account/{id}/domain": 1},
			MinReads: func(w *world) (int, string) {
				return sum(part{1, "organization lookup"}, part{pages(len(w.ACMEAccounts)), "accounts"}, part{pages(n), "account's domains"})
			}},
		{Name: fmt.Sprintf("scm_dcv, %d domains (cname, submit)", dcv), Module: "scm_dcv",
			Args: map[string]any{"domains": names[:dcv], "method": "cname", "submit": true},
			Creates: map[string]int{"POST /api/dcv/v1/validation/start/domain/cname": dcv,
				"POST /api/dcv/v1/validation/submit/domain/cname": dcv},
			MinReads: func(w *world) (int, string) { return sum(part{pages(len(w.Domains)), "DCV list"}) }},
	}
}

type part struct {
	n    int
	what string
}

// sum adds parts and spells the sum out, e.g. "1 organization lookup + 3 domains".
func sum(parts ...part) (int, string) {
	total := 0
	words := make([]string, len(parts))
	for i, p := range parts {
		total += p.n
		words[i] = fmt.Sprintf("%d %s", p.n, p.what)
	}
	return total, strings.Join(words, " + ")
}

func merge(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
