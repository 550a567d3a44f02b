# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The CAA pre-check of the modules that start a validation or place an order (scm_dcv, scm_cert).
    DOCUMENTATION = r'''
options:
  caa_check:
    description:
      - Before a validation starts or an order is placed, look up the CAA records of every name, walking up
        the DNS tree as RFC 8659 describes, and check that they let Sectigo (issuer domain C(sectigo.com))
        issue; C(issuewild) for wildcard names. A CAA record set that does not name Sectigo makes SCM refuse
        the certificate only after all the validation work, so the check fails the task first, naming the
        record, the name it is at, and the record to add.
      - V(enforce) fails the task, also when a lookup fails (an unknown answer is not a permission).
      - V(warn) adds a warning instead, for split-horizon DNS, where this host does not see the records the CA
        sees. V(off) makes no lookup.
      - Runs in check mode too; it only reads DNS.
      - Falls back to the E(SCM_CAA_CHECK) environment variable.
    type: str
    choices: [enforce, warn, 'off']
    default: enforce
  caa_resolver:
    description:
      - DNS server (C(host) or C(host:port)) to ask for CAA records. By default the system's resolvers
        (C(/etc/resolv.conf)). It must answer recursively for the names' parent zones too.
      - The CA itself asks DNSSEC-validating resolvers (CA/Browser Forum ballot SC-085); a resolver that
        validates answers SERVFAIL for a zone whose DNSSEC is broken, which the check reports as an error.
      - Falls back to the E(SCM_CAA_RESOLVER) environment variable.
    type: str
'''
