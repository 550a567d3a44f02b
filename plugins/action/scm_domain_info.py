# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# The module itself is a Go binary; this action plugin only picks the build for the target's platform.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scmkit.sectigo.plugins.plugin_utils.gobinary import GoBinaryAction as ActionModule  # noqa: F401
