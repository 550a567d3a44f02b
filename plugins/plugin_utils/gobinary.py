# -*- coding: utf-8 -*-
# Copyright: scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the right Go build of a scmkit.sectigo module for the host the task runs on.

ansible-core copies a binary module as it is, so one file can serve only one OS and CPU. The collection
therefore ships one multi-call executable per platform under plugins/modules/__bin__/ (directories that
start with "__" are not listed by ansible-doc) plus one symlink per module and platform, and the thin
per-module action plugins call this class to pick the build. A platform without a build fails with a
message that says so instead of "Exec format error".

Ansible reads every module file whole, in every task, to learn what kind of module it is; for a binary
module it then only copies the file. Reading the ~8 MB executable took a fresh task worker about 30 ms,
an eighth of a task that finds nothing to change (bench/README.md), so the action tells Ansible what it
would have found (a binary module at this path) instead of letting it read the file.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import platform

from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

COLLECTION = 'scmkit.sectigo'

# uname -s / -m spellings mapped to Go's GOOS / GOARCH names.
_GOOS = {'linux': 'linux', 'darwin': 'darwin', 'freebsd': 'freebsd'}
_GOARCH = {
    'x86_64': 'amd64', 'amd64': 'amd64',
    'aarch64': 'arm64', 'arm64': 'arm64',
    'armv7l': 'arm', 'armv6l': 'arm',
    'i386': '386', 'i686': '386',
    'ppc64le': 'ppc64le', 's390x': 's390x',
}


def go_platform(system, machine):
    """Map uname's system and machine names to (goos, goarch); unknown names pass through lower-cased."""
    system = (system or '').strip().lower()
    machine = (machine or '').strip().lower()
    return _GOOS.get(system, system), _GOARCH.get(machine, machine)


class GoBinaryAction(ActionBase):
    """Action plugin shared by every module of the collection."""

    def run(self, tmp=None, task_vars=None):
        self._supports_check_mode = True
        self._supports_async = True
        result = super(GoBinaryAction, self).run(tmp, task_vars)
        del tmp

        short_name = self._task.action.split('.')[-1]
        wrap_async = self._task.async_val and not self._connection.has_native_async
        try:
            goos, goarch = self._target_platform()
            binary = '%s.__bin__.%s_%s_%s' % (COLLECTION, short_name, goos, goarch)
            found = self._shared_loader_obj.module_loader.find_plugin_with_context(binary)
            if not found.resolved:
                result.update(failed=True, changed=False, msg=(
                    '%s.%s has no build for %s/%s. This collection ships builds for the platforms '
                    'listed in its README; run the module on a supported controller with '
                    'delegate_to: localhost, or build this platform with '
                    '"make build GOOS=%s GOARCH=%s".' % (COLLECTION, short_name, goos, goarch, goos, goarch)))
                return result
            self._executable = (binary, found.plugin_resolved_path)
            result = merge_hash(result, self._execute_module(
                module_name=binary, module_args=self._task.args, task_vars=task_vars, wrap_async=wrap_async))
        finally:
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    # (module name, path) of the executable run() found.
    _executable = (None, None)

    def _configure_module(self, module_name, module_args, task_vars):
        name, path = self._executable
        if module_name != name:
            return super(GoBinaryAction, self)._configure_module(module_name, module_args, task_vars)
        # What Ansible would return after reading the file: binary style, no interpreter line, and data
        # it never uses for a binary module, which it copies from the path instead.
        return 'binary', None, b'', path

    def _transfer_data(self, remote_path, data):
        # Ansible passes a binary module its arguments, scm_password included, in a file it leaves 0644
        # (0744 after its "chmod u+x") inside its 0700 temporary directory. On a local connection
        # without become the action makes the file the task user's alone; Ansible's chmod then only
        # adds u+x. Elsewhere Ansible keeps managing the permissions, as become needs.
        remote_path = super(GoBinaryAction, self)._transfer_data(remote_path, data)
        if getattr(self._connection, 'transport', '') == 'local' and not self._becomes():
            os.chmod(os.path.expanduser(remote_path), 0o600)
        return remote_path

    def _becomes(self):
        return bool(self._play_context.become or getattr(self._connection, 'become', None))

    def _target_platform(self):
        # A local connection (including delegate_to: localhost) runs on this very machine: no need to
        # spend a process on uname.
        if getattr(self._connection, 'transport', '') == 'local':
            uname = platform.uname()
            return go_platform(uname.system, uname.machine)
        res = self._low_level_execute_command('uname -s -m', sudoable=False)
        parts = (res.get('stdout') or '').split()
        if res.get('rc') != 0 or len(parts) < 2:
            return go_platform('unknown', 'unknown')
        return go_platform(parts[0], parts[1])
