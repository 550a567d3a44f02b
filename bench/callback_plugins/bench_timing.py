# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark helper (not part of the collection): one JSON line per task result.

Each line holds the task name, its action, the seconds from the task's start to its result (the
controller's whole cost of the task: worker fork, action plugin, module transfer and run, result
processing), and whether it changed or failed. `make bench` enables it with
ANSIBLE_CALLBACKS_ENABLED=bench_timing and reads the file named by BENCH_TIMING_FILE.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timing'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._started = None
        self._path = os.environ.get('BENCH_TIMING_FILE')

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started = time.perf_counter()

    def _record(self, result, status):
        if not self._path or self._started is None:
            return
        res = result._result
        line = {
            'task': result._task.get_name(),
            'action': result._task.action,
            'seconds': time.perf_counter() - self._started,
            'status': status,
            'changed': bool(res.get('changed')),
        }
        if status != 'ok':
            line['msg'] = str(res.get('msg', ''))[:500]
        with open(self._path, 'a') as f:
            f.write(json.dumps(line) + '\n')

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._record(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._record(result, 'unreachable')
