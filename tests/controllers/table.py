#!/usr/bin/env python3
"""Print the controller matrix as a check x controller table and say whether it passed.

    table.py OUT CONTROLLER... -- REQUIRED...

OUT/<controller>/results holds one "NAME STATUS SECONDS" line per check (STATUS is PASS, FAIL or SKIP);
OUT/<controller>/describe holds the controller's versions. REQUIRED names checks every controller must
report, or, as CONTROLLER:NAME, checks one controller must report. Exits 1 when a check failed, or
when a required check is missing or was skipped.
"""
import os
import sys


def read_results(path):
    rows = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    rows[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else '')
    except OSError:
        pass
    return rows


def cell(result):
    if result is None:
        return '-'
    status, secs = result
    return '%s %ss' % (status, secs) if secs else status


def main(argv):
    sep = argv.index('--')
    out, controllers, required = argv[1], argv[2:sep], argv[sep + 1:]
    results = {c: read_results(os.path.join(out, c, 'results')) for c in controllers}
    names = []
    for r in required:
        n = r.split(':', 1)[-1]
        if n not in names:
            names.append(n)
    for c in controllers:
        for n in results[c]:
            if n not in names:
                names.append(n)

    problems = []
    for r in required:
        wanted_on = [r.split(':', 1)[0]] if ':' in r else controllers
        n = r.split(':', 1)[-1]
        for c in wanted_on:
            if c not in results:
                continue
            got = results[c].get(n)
            if got is None or got[0] != 'PASS':
                problems.append('%s on %s: %s' % (n, c, 'did not run' if got is None else got[0]))
    for c in controllers:
        for n, (status, _) in results[c].items():
            if status == 'FAIL' and '%s on %s: FAIL' % (n, c) not in problems:
                problems.append('%s on %s: FAIL' % (n, c))

    width = max(len(n) for n in names + ['check'])
    col = max([len(c) for c in controllers] + [12])
    print()
    for c in controllers:
        try:
            with open(os.path.join(out, c, 'describe')) as f:
                print(f.read().strip())
        except OSError:
            pass
    print()
    print('%-*s  %s' % (width, 'check', '  '.join('%-*s' % (col, c) for c in controllers)))
    for n in names:
        print('%-*s  %s' % (width, n, '  '.join('%-*s' % (col, cell(results[c].get(n))) for c in controllers)))
    print()
    if problems:
        print('matrix: FAILED: ' + '; '.join(problems))
        return 1
    print('matrix: every check passed on %s' % ', '.join(controllers))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
