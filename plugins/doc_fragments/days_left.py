# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The one definition of days_left, for every module that returns it (scm_cert, scm_cert_info, scm_dcv,
    # scm_domain_info, acme_user_info). The Go modules count it with common.DaysLeft.
    DOCUMENTATION = r'''
options: {}
notes:
  - Every C(days_left) this collection returns counts calendar days in UTC from today to the expiry date,
    the same in every module (SCM gives most expiry dates as days, so a finer count would be invented).
    It is C(0) on the last day and negative once expired; for a certificate the date is that of its
    C(not_after) in UTC.
'''
