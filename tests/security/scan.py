#!/usr/bin/env python3
"""Scan what the secret-scan run captured (tests/security/secret_scan.sh) for leaked secrets.

  scan.py CAPTURE_DIR [PATH ...]
  scan.py --self-test      plant leaks in a fake capture and check that each is found

PATHs are more files to scan: ansible-runner's job events (artifacts/*/job_events/*.json, each read as a
task result is) and its job output (artifacts/*/stdout), from tests/controllers/runner.sh.

Secrets: every admin password, EAB HMAC key and API client secret scmsim held during the run, every OAuth2
access token it issued, and the body of every PEM private key found in the run's files
(callback_plugins/scmkit_capture.py collects them). Scanned: every
captured stdout and stderr (*.out, *.err), the Ansible log, every task result (results.jsonl) and every *.log file the
run wrote (logs/). A PEM private-key header in any of them is a hit too.

Allowed, and counted apart: an EAB HMAC key inside the result of an acme_user task that asked for it
(return_eab) or created the account (that result is the one place the user gets the key), and the same key
where -vvv prints that result under the task's header. Files the collection wrote that hold a secret (an EAB
key, a private key, an access token in the modules' token cache) must have mode 0600 (or stricter), and a
token cache's directory 0700: the others are listed as mode violations.
Exit 1 on any hit or mode violation; the last line is the summary.
"""
import glob
import json
import os
import re
import sys

MARKER = re.compile(r'-----BEGIN [A-Z ]*PRIVATE KEY-----')


# A PEM header the self-test plants; assembled so the repository holds no literal private-key marker.
PLANTED_KEY_HEADER = '-----BEGIN EC ' + 'PRIVATE KEY-----'

def load(cap):
    with open(os.path.join(cap, 'secrets.json')) as f:
        secrets = json.load(f)
    with open(os.path.join(cap, 'keys.json')) as f:
        keys = json.load(f)
    needles = [('password', p) for p in secrets['passwords']]
    needles += [('EAB HMAC key', k) for k in secrets['eab_keys']]
    needles += [('client secret', c) for c in secrets.get('client_secrets', [])]
    needles += [('access token', t) for t in secrets.get('access_tokens', [])]
    # PEM bodies are searched line by line: JSON and logs escape or re-wrap the newlines between lines.
    for body in keys:
        needles += [('private key', body[i:i + 64]) for i in range(0, len(body) - 63, 64)]
    return secrets, keys, needles


def is_ours(action, role):
    """A task of the collection: one of its modules, or a task of its certbot_eab role."""
    return (action or '').startswith('scmkit.sectigo.') or (role or '').split('.')[-1] == 'certbot_eab'


def allowed_result(entry):
    r = entry.get('result') or {}
    return entry.get('action', '').endswith('acme_user') and (entry.get('return_eab') or r.get('changed'))


TASK_HEADER = re.compile(r'^.*?TASK \[(.*?)\] \*+$', re.M)


def scan_text(name, text, needles, hits):
    for kind, needle in needles:
        n = text.count(needle)
        if n:
            hits.append((name, kind, n))
    n = len(MARKER.findall(text))
    if n:
        hits.append((name, 'PEM private key header', n))


def scan_output(name, text, needles, allowed_pairs, hits, allowed):
    """Scan printed output task by task: at -vvv a result is printed under its TASK header, so a key
    printed in the section of a task whose result was allowed to carry that key is allowed too."""
    bounds = [(m.start(), m.group(1)) for m in TASK_HEADER.finditer(text)] + [(len(text), None)]
    sections = [(0, text[:bounds[0][0]], None)] + [
        (start, text[start:bounds[i + 1][0]], task) for i, (start, task) in enumerate(bounds[:-1])]
    for _, part, task in sections:
        for key in [k for (t, k) in allowed_pairs if t == task]:
            allowed[0] += part.count(key)
            part = part.replace(key, '<allowed EAB key>')
        scan_text('%s [%s]' % (name, task or 'before the first task'), part, needles, hits)


def scan_results(path, needles, eab_keys, hits, allowed, owners):
    """Scan every task result; return the (task, key) pairs of the allowed results. owners collects, per
    task name, whether the task is the collection's own."""
    pairs = set()
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            entry = json.loads(line)
            owners[entry.get('task')] = owners.get(entry.get('task')) or is_ours(entry.get('action'), entry.get('role'))
            label = '%s:%d (%s)' % (os.path.basename(path), lineno, entry.get('task'))
            if allowed_result(entry):
                for k in eab_keys:
                    if k in line:
                        pairs.add((entry.get('task'), k))
                        allowed[0] += line.count(k)
                        line = line.replace(k, '<allowed EAB key>')
            scan_text(label, line, needles, hits)
    return pairs


def scan_events(paths, needles, eab_keys, hits, allowed, owners):
    """ansible-runner's job events (one JSON file each) and its job output. An event of an acme_user task
    whose result may carry its EAB key (allowed_result) may carry it; the (task, key) pairs are returned so
    the job output allows the same."""
    pairs = set()
    for path in sorted(p for p in paths if p.endswith('.json')):
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        event = json.loads(text)
        data = event.get('event_data') or {}
        res = data.get('res') if isinstance(data.get('res'), dict) else {}
        args = (res.get('invocation') or {}).get('module_args') or {}
        entry = {'action': data.get('task_action') or '', 'result': res, 'return_eab': args.get('return_eab') is True}
        task = data.get('task')
        if task:
            owners[task] = owners.get(task) or is_ours(entry['action'], data.get('role'))
        if allowed_result(entry):
            for k in eab_keys:
                if k in text:
                    pairs.add((task, k))
                    allowed[0] += text.count(k)
                    text = text.replace(k, '<allowed EAB key>')
        label = '/'.join(path.split(os.sep)[-3:])
        scan_text('%s (%s)' % (label, task) if task else label, text, needles, hits)
    for path in sorted(p for p in paths if not p.endswith('.json')):
        with open(path, encoding='utf-8', errors='replace') as f:
            scan_output('/'.join(path.split(os.sep)[-2:]), f.read(), needles, pairs, hits, allowed)
    return len([p for p in paths if p.endswith('.json')])


def file_modes(cap):
    """Secret-holding files that are not 0600: those the collection wrote (failures) and the others
    (notes). Transcripts (*.log, *.out) are scanned as text instead, and the collection's own source tree
    holds the demo password on purpose."""
    last = {}
    if os.path.exists(os.path.join(cap, 'files.jsonl')):
        with open(os.path.join(cap, 'files.jsonl')) as f:
            for line in f:
                e = json.loads(line)
                last[e['path']] = e
    ours = set()
    if os.path.exists(os.path.join(cap, 'ours.txt')):
        with open(os.path.join(cap, 'ours.txt')) as f:
            ours = {os.path.normpath(p.strip()) for p in f}
    loose = [e for e in sorted(last.values(), key=lambda e: e['path'])
             if (int(e['mode'], 8) & 0o077 or int(e.get('dir_mode', '0700'), 8) & 0o077)
             and '/ansible_collections/' not in e['path'] and not e['path'].endswith(('.log', '.out'))]
    mine = [e for e in loose if os.path.normpath(e['path']) in ours]
    return mine, [e for e in loose if e not in mine]


def in_dir(e):
    """', in a directory that is 0755' for a token cache file whose directory is open to others."""
    d = e.get('dir_mode')
    return ', in a directory that is %s,' % d if d and int(d, 8) & 0o077 else ''


def main(cap, extra=()):
    secrets, keys, needles = load(cap)
    hits, allowed = [], [0]
    files = sorted(glob.glob(os.path.join(cap, '*.out')) + glob.glob(os.path.join(cap, '*.err'))
                   + glob.glob(os.path.join(cap, '*.log'))
                   + glob.glob(os.path.join(cap, 'logs', '*')))
    results = os.path.join(cap, 'results.jsonl')
    pairs, owners = set(), {}
    if os.path.exists(results):
        pairs = scan_results(results, needles, secrets['eab_keys'], hits, allowed, owners)
    for path in files:
        with open(path, encoding='utf-8', errors='replace') as f:
            scan_output(os.path.relpath(path, cap), f.read(), needles, pairs, hits, allowed)
    nevents = scan_events(list(extra), needles, secrets['eab_keys'], hits, allowed, owners) if extra else 0
    modes, others = file_modes(cap)
    totals = {}
    for name, kind, n in hits:
        totals[(name, kind)] = totals.get((name, kind), 0) + n
    ours = 0
    for (name, kind), n in sorted(totals.items()):
        task = re.search(r'[\[(](.*)[\])]$', name)
        mine = task is None or owners.get(task.group(1), task.group(1) not in owners)
        ours += n if mine else 0
        print('HIT (%s): %s: %s x%d' % ('collection' if mine else 'test harness', name, kind, n))
    for e in modes:
        print('MODE: %s is %s%s but holds %s' % (e['path'], e['mode'], in_dir(e), ', '.join(e['holds'])))
    for e in others:
        print('note: %s (not written by the collection) is %s%s and holds %s'
              % (e['path'], e['mode'], in_dir(e), ', '.join(e['holds'])))
    nfiles = len(files) + (1 if os.path.exists(results) else 0) + len(extra) - nevents
    nresults = sum(1 for _ in open(results)) if os.path.exists(results) else 0
    total = sum(n for _, _, n in hits)
    print('secret scan: %d hits (%d in the collection\'s own output, %d in test-harness tasks; %d allowed EAB '
          'keys in results that asked for them); %d files with a secret not 0600; scanned %d files, %d task '
          'results%s for %d passwords, %d client secrets, %d access tokens, %d EAB HMAC keys and %d private keys'
          % (total, ours, total - ours, allowed[0], len(modes), nfiles, nresults,
             ' and %d ansible-runner job events' % nevents if extra else '', len(secrets['passwords']),
             len(secrets.get('client_secrets', [])), len(secrets.get('access_tokens', [])),
             len(secrets['eab_keys']), len(keys)))
    return 1 if hits or modes else 0


def self_test():
    """The scan must find planted leaks and let the allowed result through (run before every scan)."""
    import contextlib
    import io
    import tempfile
    allowed_key, leaked_key, body = 'K' * 86, 'L' * 86, ''.join('%064d' % i for i in range(3))
    client_secret, token = 'cs-planted-secret', 'T' * 43
    results = [
        {'task': 'acme_user : Create', 'action': 'scmkit.sectigo.acme_user', 'result': {'changed': True, 'eab_hmac_key': allowed_key}},
        {'task': 'debug', 'action': 'debug', 'result': {'msg': allowed_key}},
        {'task': 'cert', 'action': 'scmkit.sectigo.scm_cert', 'result': {'msg': 'pw-planted'}},
        {'task': 'info', 'action': 'scmkit.sectigo.scm_domain_info', 'result': {'msg': 'Bearer ' + token}},
        {'task': 'login', 'action': 'scmkit.sectigo.acme_domain', 'result': {'msg': 'secret=' + client_secret}},
    ]
    cache = '/t/cache/scmkit.sectigo/tokens/'
    files = [
        {'path': '/t/a.key', 'mode': '0644', 'holds': ['private key']},
        {'path': '/t/b.key', 'mode': '0644', 'holds': ['private key']},
        {'path': '/t/eab.ini', 'mode': '0600', 'holds': ['EAB HMAC key']},
        {'path': cache + 'loose.json', 'mode': '0644', 'dir_mode': '0700', 'holds': ['access token']},
        {'path': cache + 'open-dir.json', 'mode': '0600', 'dir_mode': '0755', 'holds': ['access token']},
        {'path': cache + 'private.json', 'mode': '0600', 'dir_mode': '0700', 'holds': ['access token']},
    ]
    with tempfile.TemporaryDirectory() as cap:
        def write(name, text):
            with open(os.path.join(cap, name), 'w') as f:
                f.write(text)
        write('secrets.json', json.dumps({'passwords': ['pw-planted'], 'eab_keys': [allowed_key, leaked_key],
                                          'client_secrets': [client_secret], 'access_tokens': [token]}))
        write('keys.json', json.dumps([body]))
        write('run.out', 'TASK [acme_user : Create] ***\n"eab_hmac_key": "%s"\nTASK [debug] ***\npw-planted %s %s\n'
              '%s\nclient_secret=%s\nAuthorization: Bearer %s\n'
              % (allowed_key, leaked_key, body[64:128], PLANTED_KEY_HEADER, client_secret, token))
        write('results.jsonl', ''.join(json.dumps(r) + '\n' for r in results))
        write('files.jsonl', ''.join(json.dumps(f) + '\n' for f in files))
        write('ours.txt', '/t/a.key\n/t/eab.ini\n' + ''.join(cache + n + '\n' for n in
                                                             ('loose.json', 'open-dir.json', 'private.json')))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = main(cap)
    want = ['HIT (test harness): run.out [debug]: password x1', 'HIT (test harness): run.out [debug]: EAB HMAC key x1',
            'HIT (test harness): run.out [debug]: private key x1',
            'HIT (test harness): run.out [debug]: PEM private key header x1',
            'HIT (test harness): results.jsonl:2 (debug): EAB HMAC key x1',
            'HIT (test harness): run.out [debug]: client secret x1',
            'HIT (test harness): run.out [debug]: access token x1',
            'HIT (collection): results.jsonl:3 (cert): password x1',
            'HIT (collection): results.jsonl:4 (info): access token x1',
            'HIT (collection): results.jsonl:5 (login): client secret x1',
            'MODE: /t/a.key is 0644 but holds private key', 'note: /t/b.key (not written by the collection)',
            'MODE: %sloose.json is 0644 but holds access token' % cache,
            'MODE: %sopen-dir.json is 0600, in a directory that is 0755, but holds access token' % cache,
            "secret scan: 10 hits (3 in the collection's own output, 7 in test-harness tasks; 2 allowed EAB keys "
            'in results that asked for them); 3 files with a secret not 0600',
            'for 1 passwords, 1 client secrets, 1 access tokens, 2 EAB HMAC keys and 1 private keys']
    unwanted = ['private.json']
    missing = [w for w in want if w not in out.getvalue()]
    extra = [u for u in unwanted if u in out.getvalue()]
    if rc != 1 or missing or extra:
        print('secret scan self-test FAILED; missing: %s; unexpected: %s\noutput:\n%s' % (missing, extra, out.getvalue()))
        return 1
    return 0


def self_test_events():
    """Job events: a leak in an event is found; the key in the event of the acme_user task that created the
    account, and in the job output under that task, is allowed."""
    import contextlib
    import io
    import tempfile
    key = 'E' * 86
    with tempfile.TemporaryDirectory() as cap:
        def write(name, value):
            os.makedirs(os.path.dirname(os.path.join(cap, name)), exist_ok=True)
            with open(os.path.join(cap, name), 'w') as f:
                f.write(value if isinstance(value, str) else json.dumps(value))
        write('secrets.json', {'passwords': ['pw-in-event'], 'eab_keys': [key]})
        write('keys.json', [])
        write('a/job_events/1-x.json', {'event': 'runner_on_ok', 'event_data': {
            'task': 'Create', 'task_action': 'scmkit.sectigo.acme_user', 'res': {'changed': True, 'eab_hmac_key': key}}})
        write('a/job_events/2-y.json', {'event': 'runner_on_ok', 'event_data': {
            'task': 'Show', 'task_action': 'ansible.builtin.debug', 'res': {'msg': 'pw-in-event'}}})
        write('a/stdout', 'TASK [Create] ***\n%s\nTASK [Show] ***\nok\n' % key)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = main(cap, [os.path.join(cap, p) for p in ('a/job_events/1-x.json', 'a/job_events/2-y.json', 'a/stdout')])
    want = ['HIT (test harness): a/job_events/2-y.json (Show): password x1',
            '1 hits (0 in the collection\'s own output, 1 in test-harness tasks; 2 allowed EAB keys',
            'and 2 ansible-runner job events']
    missing = [w for w in want if w not in out.getvalue()]
    if rc != 1 or missing:
        print('secret scan self-test (job events) FAILED; missing: %s\noutput:\n%s' % (missing, out.getvalue()))
        return 1
    return 0


if __name__ == '__main__':
    if sys.argv[1] == '--self-test':
        sys.exit(self_test() or self_test_events())
    sys.exit(main(sys.argv[1], sys.argv[2:]))
