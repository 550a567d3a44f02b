#!/usr/bin/env python3
"""Checks for tests/reliability/soak.sh.

  soak_check.py failures RUN.json      the failed tasks of one ansible-playbook run (json callback) as
                                       "task<TAB>clear|UNCLEAR<TAB>message" lines; exit 0
  soak_check.py world WORLD.json PLAYBOOK
                                       compare scmsim's world (GET /admin/world) with what the playbook's
                                       vars declare; print what is duplicated, missing or unexpected and
                                       exit 1 if anything is
  soak_check.py union WORLD.json ACCOUNT NAME...
                                       the account's domains must be exactly NAME...; exit 1 otherwise

A failure message is "clear" when it says what happened (it names an SCM operation, an option or a
state) and that running again is safe; RERUN_SAFE checks the second part.
"""
import json
import re
import sys

import yaml

# What a message must say when a run fails under faults: that a re-run is safe.
RERUN_SAFE = re.compile(r"re-?run|run (it |the task |the playbook )?again", re.IGNORECASE)


def failures(path):
    with open(path) as f:
        doc = json.load(f)
    out = []
    for play in doc.get("plays", []):
        for task in play.get("tasks", []):
            name = task["task"]["name"]
            for host, res in task.get("hosts", {}).items():
                items = res.get("results") if isinstance(res.get("results"), list) else [res]
                for r in items:
                    if r.get("failed"):
                        label = name if r is res else "%s (%s)" % (name, r.get("item", {}).get("name", "?"))
                        out.append((label, str(r.get("msg", "")).replace("\n", " ")))
    return out


def declared(playbook):
    with open(playbook) as f:
        v = yaml.safe_load(f)[0]["vars"]
    return v


def world_problems(world, v):
    problems = []
    names = [d["name"] for d in world.get("domains", [])]
    want = sorted(set(v["soak_domains"]) | {"*." + d for d in v["soak_domains"]})
    problems += ["duplicate domain %s (%d entries)" % (n, names.count(n)) for n in sorted(set(names)) if names.count(n) > 1]
    problems += ["missing domain %s" % n for n in want if n not in names]
    problems += ["unexpected domain %s" % n for n in sorted(set(names) - set(want))]
    for d in world.get("domains", []):
        if not any(g.get("status") == "ACTIVE" for g in d.get("delegations", [])):
            problems.append("domain %s has no ACTIVE delegation" % d["name"])
    dcv = {r["domain"]: r.get("status") for r in world.get("dcv", [])}
    for d in v["soak_domains"]:
        base = next((b for b in sorted(dcv, key=len) if d == b or d.endswith("." + b)), None)
        if base is None or dcv[base] != "VALIDATED":
            problems.append("domain %s is not VALIDATED (%s)" % (d, dcv.get(base, "no DCV record")))
    accounts = [a for a in world.get("acme_accounts", []) if a["name"] == v["soak_account"]]
    problems += ["unexpected ACME account %s" % a["name"] for a in world.get("acme_accounts", []) if a["name"] != v["soak_account"]]
    if len(accounts) > 1:
        problems.append("duplicate ACME accounts named %s: ids %s" % (v["soak_account"], [a["id"] for a in accounts]))
    elif not accounts:
        problems.append("missing ACME account %s" % v["soak_account"])
    for a in accounts:
        have = sorted(d["name"] for d in a.get("domains", []))
        if have != sorted(v["soak_account_names"]):
            problems.append("ACME account %s maps %s, want %s" % (a["name"], have, sorted(v["soak_account_names"])))
    problems += cert_problems(world.get("certificates", []), v["soak_certs"])
    return problems


def cert_problems(certs, want):
    problems = []
    for c in want:
        sans = sorted(set(c["subject_alt_names"]) - {c["common_name"]})
        same = [x for x in certs if x["common_name"] == c["common_name"] and sorted(set(x.get("sans", [])) - {c["common_name"]}) == sans]
        if len(same) == 0:
            problems.append("missing certificate %s" % c["common_name"])
        elif len(same) > 1:
            problems.append("duplicate certificate orders for %s: ids %s" % (c["common_name"], [x["id"] for x in same]))
        problems += ["certificate %d (%s) is %s, not Issued" % (x["id"], x["common_name"], x["status"]) for x in same if x["status"] != "Issued"]
    if len(certs) != len(want):
        problems.append("%d certificate orders in SCM, %d declared" % (len(certs), len(want)))
    return problems


def main(argv):
    if argv[1] == "failures":
        for task, msg in failures(argv[2]):
            print("%s\t%s\t%s" % (task, "clear" if RERUN_SAFE.search(msg) else "UNCLEAR", msg))
        return 0
    with open(argv[2]) as f:
        world = json.load(f)
    if argv[1] == "union":
        accounts = [a for a in world.get("acme_accounts", []) if a["name"] == argv[3]]
        have = sorted(d["name"] for a in accounts for d in a.get("domains", []))
        print("accounts named %s: %d; domains: %d (want %d)" % (argv[3], len(accounts), len(have), len(set(argv[4:]))))
        missing = sorted(set(argv[4:]) - set(have))
        extra = sorted(set(have) - set(argv[4:]))
        for n in missing:
            print("missing from the union: %s" % n)
        for n in extra:
            print("not declared: %s" % n)
        return 0 if len(accounts) == 1 and not missing and not extra and len(have) == len(set(have)) else 1
    problems = world_problems(world, declared(argv[3]))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
