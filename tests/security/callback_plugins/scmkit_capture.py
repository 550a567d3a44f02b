# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only callback for tests/security/secret_scan.sh: records what a run could leak, and what to look for.

After every task it
  * appends the task's result (as callbacks and registered variables see it) to results.jsonl;
  * asks scmsim's admin API (SCMSIM_ADMIN) for the world and remembers every EAB HMAC key, admin password and
    API client secret it has ever held (secrets.json), since accounts and API clients may be deleted again
    before the play ends, and every OAuth2 access token scmsim issued (/admin/oauth2/tokens); EAB keys
    written to files (eab_file, certbot's config) and access tokens in the modules' token cache
    (scm_token_cache) are remembered too, for runs without SCMSIM_ADMIN;
  * walks SCMKIT_CAPTURE_TREE (the TMPDIR the suite runs in): copies every *.log file (certbot's, scmsim's)
    into logs/, remembers the body of every PEM private key it finds (keys.json), and records the mode of
    every file that holds a secret (files.jsonl), so secret_scan.sh can check them for 0600;
  * remembers the paths the collection's own tasks write (ours.txt), and the modules' token cache files
    (.../scmkit.sectigo/tokens/*, written by every module with scm_token_cache; their directory's mode is
    recorded too, as it must be 0700).
Nothing here is shipped in the collection.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = '''
name: scmkit_capture
type: aggregate
short_description: capture results, secrets and files for the secret scan (test-only)
description: [Used by tests/security/secret_scan.sh only.]
'''

import json
import os
import re
import shutil
import stat
import urllib.request

from ansible.plugins.callback import CallbackBase

# certbot's EAB config and acme_user's eab_file both carry the key on a line of its own; runs without
# SCMSIM_ADMIN (make demo) are covered through these files.
EAB_LINE = re.compile(r'^\s*eab[-_]hmac[-_]key\s*=\s*(\S+)\s*$', re.M)
PEM_KEY = re.compile(r'-----BEGIN ([A-Z ]*)PRIVATE KEY-----\s*(.*?)\s*-----END \1PRIVATE KEY-----', re.S)
# The modules' OAuth2 token cache: one JSON file per API key in <cache dir>/scmkit.sectigo/tokens.
TOKEN_CACHE_DIR = os.sep + os.path.join('scmkit.sectigo', 'tokens')
ACCESS_TOKEN = re.compile(r'"access_token"\s*:\s*"([^"]+)"')

# What secrets.json holds: each a list of strings, the name of the kind the scan reports in brackets.
SECRET_LISTS = ('passwords', 'eab_keys', 'client_secrets', 'access_tokens')


def is_ours(action, role):
    """A task of the collection: one of its modules, or a task of its certbot_eab role."""
    return action.startswith('scmkit.sectigo.') or role.split('.')[-1] == 'certbot_eab'


# Actions of the certbot_eab role that write files; its other tasks only read (stat, slurp, command
# reading certbot_eab_eab_file), and a file they read belongs to whoever wrote it.
ROLE_WRITES = {'copy', 'template', 'file', 'lineinfile', 'blockinfile', 'ini_file'}


def writes_files(action):
    """Whether a task of the collection writes the files named in its arguments."""
    return action.startswith('scmkit.sectigo.') or action.split('.')[-1] in ROLE_WRITES


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'scmkit_capture'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.out = os.environ['SCMKIT_CAPTURE_DIR']
        self.tree = os.environ.get('SCMKIT_CAPTURE_TREE', '')
        self.seen = {}
        self.secrets = self._load('secrets.json', {})
        for name in SECRET_LISTS:
            self.secrets.setdefault(name, [])
        # Secrets a run knows that scmsim does not (a wrong password or client secret given on purpose).
        for var, name in (('SCMKIT_EXTRA_SECRETS', 'passwords'), ('SCMKIT_EXTRA_CLIENT_SECRETS', 'client_secrets')):
            for extra in filter(None, os.environ.get(var, '').split(',')):
                self._remember(name, extra)
        self.keys = self._load('keys.json', [])
        os.makedirs(os.path.join(self.out, 'logs'), exist_ok=True)

    def _load(self, name, default):
        try:
            with open(os.path.join(self.out, name)) as f:
                return json.load(f)
        except (OSError, ValueError):
            return default

    def _remember(self, name, value):
        if value and value not in self.secrets[name]:
            self.secrets[name].append(value)

    def _save(self, name, value):
        path = os.path.join(self.out, name)
        with open(path + '.tmp', 'w') as f:
            json.dump(value, f)
        os.replace(path + '.tmp', path)

    # Results -------------------------------------------------------------------------------------------
    def _record(self, result, status):
        task = result._task
        role = task._role.get_name() if task._role else ''
        entry = {
            'task': task.get_name(),
            'action': task.action,
            'role': role,
            'return_eab': str(task.args.get('return_eab', '')).lower() in ('true', 'yes', '1'),
            'no_log': bool(task.no_log),
            'status': status,
            'result': result._result,
        }
        with open(os.path.join(self.out, 'results.jsonl'), 'a') as f:
            f.write(json.dumps(entry, default=str) + '\n')
        if is_ours(task.action, role) and writes_files(task.action):
            self._remember_paths(task.args, result._result)
        self._snapshot()

    def _remember_paths(self, args, res):
        """Files the collection itself writes (module options such as eab_file and path, and the role's
        dest/path results): these must be 0600 when they hold a secret."""
        found = []
        for r in [res] + [x for x in res.get('results', []) if isinstance(x, dict)]:
            given = dict(args)
            given.update((r.get('invocation') or {}).get('module_args') or {})  # templated, per loop item
            found += [v for v in list(given.values()) + [r.get('dest')]
                      if isinstance(v, str) and v.startswith('/')]
        if found:
            with open(os.path.join(self.out, 'ours.txt'), 'a') as f:
                f.write(''.join(p + '\n' for p in found))

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')

    def v2_runner_on_unreachable(self, result):
        self._record(result, 'unreachable')

    def v2_playbook_on_stats(self, stats):
        self._snapshot()

    # Secrets and files ---------------------------------------------------------------------------------
    def _snapshot(self):
        self._fetch_world()
        if self.tree and os.path.isdir(self.tree):
            self._walk()
        self._save('secrets.json', self.secrets)
        self._save('keys.json', self.keys)

    def _fetch_world(self):
        admin = os.environ.get('SCMSIM_ADMIN')
        if not admin:
            return
        try:
            with urllib.request.urlopen(admin + '/admin/world', timeout=5) as r:
                world = json.load(r)
            # every access token issued since scmsim started, resets included (test-only endpoint)
            with urllib.request.urlopen(admin + '/admin/oauth2/tokens', timeout=5) as r:
                tokens = json.load(r) or []
        except Exception:  # scmsim may be gone at the very end
            return
        for a in world.get('admins') or []:
            self._remember('passwords', a.get('password'))
        for a in world.get('acme_accounts') or []:
            self._remember('eab_keys', a.get('mac_key'))
        for c in world.get('api_clients') or []:
            self._remember('client_secrets', c.get('client_secret'))
        for t in tokens:
            self._remember('access_tokens', t)

    def _walk(self):
        for root, dirs, files in os.walk(self.tree):
            dirs[:] = [d for d in dirs if os.path.join(root, d) != self.out]
            for name in files:
                self._look_at(os.path.join(root, name))

    def _look_at(self, path):
        try:
            st = os.lstat(path)
        except OSError:
            return
        if not stat.S_ISREG(st.st_mode) or st.st_size > 4 << 20:
            return
        sig = (st.st_mtime_ns, st.st_size, st.st_mode)
        if self.seen.get(path) == sig:
            return
        self.seen[path] = sig
        try:
            with open(path, 'rb') as f:
                text = f.read().decode('utf-8', 'replace')
        except OSError:
            return
        if path.endswith('.log'):
            dest = os.path.join(self.out, 'logs', path.strip('/').replace('/', '__'))
            shutil.copyfile(path, dest)
        for key in EAB_LINE.findall(text):
            self._remember('eab_keys', key)
        cache_file = os.path.dirname(path).endswith(TOKEN_CACHE_DIR)
        if cache_file:
            for token in ACCESS_TOKEN.findall(text):
                self._remember('access_tokens', token)
        kinds = []
        for m in PEM_KEY.finditer(text):
            body = re.sub(r'\s+', '', m.group(2))
            if body not in self.keys:
                self.keys.append(body)
            kinds.append('private key')
        if any(k in text for k in self.secrets['eab_keys']):
            kinds.append('EAB HMAC key')
        if any(p in text for p in self.secrets['passwords']):
            kinds.append('password')
        if any(c in text for c in self.secrets['client_secrets']):
            kinds.append('client secret')
        if any(t in text for t in self.secrets['access_tokens']):
            kinds.append('access token')
        if kinds:
            entry = {'path': path, 'mode': '%04o' % stat.S_IMODE(st.st_mode), 'holds': sorted(set(kinds))}
            if cache_file:
                # The collection wrote it (every module with scm_token_cache): its file must be 0600, and
                # the directory 0700.
                try:
                    entry['dir_mode'] = '%04o' % stat.S_IMODE(os.lstat(os.path.dirname(path)).st_mode)
                except OSError:
                    pass
                with open(os.path.join(self.out, 'ours.txt'), 'a') as f:
                    f.write(path + '\n')
            with open(os.path.join(self.out, 'files.jsonl'), 'a') as f:
                f.write(json.dumps(entry) + '\n')
