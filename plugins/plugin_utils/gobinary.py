# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the right Go build of a scmkit.sectigo module for the host the task runs on.

ansible-core copies a binary module as it is, so one file can serve only one OS and CPU. The collection
therefore ships one multi-call executable per platform under executables/ and one symlink to it per
module and platform under plugins/modules/__bin__/ (directories that start with "__" are not listed by
ansible-doc), and the thin
per-module action plugins call this class to pick the build. A platform without a build fails with a
message that says so instead of "Exec format error".

Ansible reads every module file whole, in every task, to learn what kind of module it is; for a binary
module it then only copies the file. Reading the ~8 MB executable took a fresh task worker about 30 ms,
an eighth of a task that finds nothing to change (bench/README.md), so on the ansible-core versions where
it has been verified the action tells Ansible what it would have found (a binary module at this path)
instead of letting it read the file. That answer has a private shape which changed in 2.19 and 2.22, so
it is given only on versions listed in _VERIFIED_BUILD_SHAPES; every other version runs ansible-core's
own path, which is slower but needs nothing private. SCMKIT_ACTION_SHORTCUT=0 turns the shortcut off;
SCMKIT_ACTION_SHORTCUT=verify also asks ansible-core and fails the task when the answers differ.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import platform

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase
from ansible.release import __version__ as ANSIBLE_CORE_VERSION
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

display = Display()

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


def _legacy_tuple(path):
    # ansible-core 2.14 to 2.18: (module_style, shebang, module_data, module_path). Binary style, no
    # interpreter line, and data Ansible never uses for a binary module: it copies the file from the path.
    return 'binary', None, b'', path


def _built_module(path):
    # ansible-core 2.19 and later: (_BuiltModule, module_path), the same facts in a frozen dataclass;
    # 'legacy' is the serialization profile modify_module gives every binary module. 2.22 added fields
    # whose defaults are what it gives a binary module too.
    from ansible.executor.module_common import _BuiltModule
    return _BuiltModule(b_module_data=b'', module_style='binary', shebang=None, serialization_profile='legacy'), path


def _built_module_fields():
    try:
        import dataclasses
        from ansible.executor.module_common import _BuiltModule
        return frozenset(f.name for f in dataclasses.fields(_BuiltModule))
    except Exception:  # any import or shape problem means: do not take the shortcut
        return frozenset()


_BUILT_MODULE_FIELDS = frozenset(('b_module_data', 'module_style', 'shebang', 'serialization_profile'))
_BUILT_MODULE_FIELDS_2_22 = _BUILT_MODULE_FIELDS | frozenset(
    ('has_async', 'has_become', 'has_environment', 'command_lookup', 'process_result'))

def _no_built_module():
    return not _built_module_fields()


# ansible-core minor versions whose _configure_module was read and run with the shortcut, each with the
# check that the installed copy still has that shape. 2.14, 2.19 and 2.22: the Debian 12 host and the
# Debian 13 and testing roots of `make matrix`, in every CI run, where SCMKIT_ACTION_SHORTCUT=verify
# compares the answer with ansible-core's own; 2.15 to 2.18 (the tuple shape of 2.14, which 2.19
# replaced) were run from source with this shortcut before 2.19 changed it. 2.20 and 2.21 were never run
# here, so they take ansible-core's own path until a matrix run adds them.
_VERIFIED_BUILD_SHAPES = {
    (2, 14): (_legacy_tuple, _no_built_module),
    (2, 15): (_legacy_tuple, _no_built_module),
    (2, 16): (_legacy_tuple, _no_built_module),
    (2, 17): (_legacy_tuple, _no_built_module),
    (2, 18): (_legacy_tuple, _no_built_module),
    (2, 19): (_built_module, lambda: _built_module_fields() == _BUILT_MODULE_FIELDS),
    (2, 22): (_built_module, lambda: _built_module_fields() == _BUILT_MODULE_FIELDS_2_22),
}


def core_minor_version(version):
    """(major, minor) of an ansible-core version string such as '2.22.0b2'; None when it is not one."""
    parts = (version or '').split('.')
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return None


def _build_facts(answer):
    """What an answer of _configure_module says about a module, without its data: the legacy tuple's
    style, shebang and path, or the built module's fields and the path."""
    first = answer[0]
    if hasattr(first, 'module_style'):
        import dataclasses
        fields = sorted((f.name, getattr(first, f.name)) for f in dataclasses.fields(first) if f.name != 'b_module_data')
        return ('built', tuple(fields), answer[-1])
    return ('tuple', answer[0], answer[1], answer[-1])


_shortcut_cache = {}


def _binary_module_shortcut(version):
    """The function that builds _configure_module's answer for a binary module on this ansible-core
    version, or None when ansible-core's own path must run (an unverified version, a changed shape, or
    SCMKIT_ACTION_SHORTCUT=0)."""
    if os.environ.get('SCMKIT_ACTION_SHORTCUT', '1') == '0':
        return None
    if version not in _shortcut_cache:
        build, still_shaped = _VERIFIED_BUILD_SHAPES.get(core_minor_version(version), (None, None))
        _shortcut_cache[version] = build if build is not None and still_shaped() else None
    return _shortcut_cache[version]


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
        shortcut = _binary_module_shortcut(ANSIBLE_CORE_VERSION) if module_name == name else None
        if shortcut is None:
            return super(GoBinaryAction, self)._configure_module(module_name, module_args, task_vars)
        answer = shortcut(path)
        if os.environ.get('SCMKIT_ACTION_SHORTCUT') == 'verify':
            # The controller matrix runs a task this way on every controller: ansible-core's own answer,
            # which reads the whole file, must say exactly what the shortcut says.
            own = super(GoBinaryAction, self)._configure_module(module_name, module_args, task_vars)
            if _build_facts(own) != _build_facts(answer):
                raise AnsibleError('scmkit.sectigo: the module-build shortcut for ansible-core %s answers %r, '
                                   'ansible-core itself %r; run with SCMKIT_ACTION_SHORTCUT=0 and report this'
                                   % (ANSIBLE_CORE_VERSION, _build_facts(answer), _build_facts(own)))
            display.vvv('scmkit.sectigo: module-build shortcut verified against ansible-core %s: %r'
                        % (ANSIBLE_CORE_VERSION, _build_facts(own)))
        return answer

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
