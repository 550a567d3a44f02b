# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Attribute texts shared by the modules of scmkit.sectigo. Every module extends this fragment together
    # with exactly one of the two variants below, which say how far it supports each attribute:
    #   scmkit.sectigo.attributes.manage_module  the modules that change SCM (every module but the *_info ones)
    #   scmkit.sectigo.attributes.info_module    the read-only *_info modules
    # The fragments set different keys of an attribute, so the order in which a module lists them does not
    # matter; what a module's own `attributes:` says wins over both.
    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
  platform:
    description: Runs on the controller (use C(delegate_to=localhost)) or on any Linux or macOS host with a build.
    support: full
    platforms: posix
'''

    MANAGE_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    description: Running the task again with the same options reports no change.
    support: full
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details: This module only reads. In check mode it sends the same read requests and returns the same facts.
  diff_mode:
    support: N/A
    details: This module never changes anything, so there is nothing to diff.
'''
