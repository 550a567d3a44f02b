# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Documentation only: the module is a Go binary (executables/, linked from plugins/modules/__bin__/), run by the action plugin
# of the same name, which picks the build for the platform the task runs on.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: acme_user_info
short_description: List ACME accounts of Sectigo Certificate Manager with their domains
version_added: 0.1.0
description:
  - Returns the Sectigo Public ACME accounts of Sectigo Certificate Manager (SCM), per ACME server and
    organization, with their status, the domains mapped to each account and those domains' C(validUntil)
    with the days left until it.
  - With O(coverage=true) it also returns the DCV status of every mapped domain and the SCM domains that
    no listed account covers, which is what an expiry or coverage report needs.
  - Never returns an EAB HMAC key. SCM's account listing carries the keys; the module masks every key it
    reads and drops it. Use M(scmkit.sectigo.acme_user) (its C(return_eab) option) to get one.
  - Read-only. It never reports a change and runs the same way in check mode.
options:
  name:
    description:
      - Keep only accounts with exactly this name. SCM allows several accounts with one name.
    type: str
  acme_server:
    description:
      - Keep only accounts of this ACME server, given by name (compared without regard to case) or by
        directory URL. An unknown value fails and lists the servers of the SCM instance.
    type: str
  organization:
    description:
      - Keep only accounts of this organization or of one of its departments.
    type: str
  department:
    description:
      - Keep only accounts of this department. Give O(organization) too when the department name is not
        unique.
    type: str
  organization_id:
    description:
      - Id of the organization (with its departments) or department, instead of names.
    type: int
    aliases: [org_id]
  status:
    description:
      - Keep only accounts in this state. C(pending) until an ACME client registers with the account's EAB
        credentials, then C(valid).
    type: str
    choices: [pending, valid]
  coverage:
    description:
      - Also read SCM's domain and DCV listings (two more paged listings) to return
        RV(accounts[].domains[].dcv_status) for every mapped domain and RV(uncovered_domains).
    type: bool
    default: false
extends_documentation_fragment:
  - scmkit.sectigo.scm_connection
  - scmkit.sectigo.days_left
  - scmkit.sectigo.attributes
  - scmkit.sectigo.attributes.info_module
notes:
  - "Requests: the organization list; one account listing per organization (SCM lists accounts only per
    organization, departments included), or only for the organization or department given; the ACME
    server list; then one domain listing per account, because no listing spans accounts. With
    O(coverage=true), the domain and DCV listings too. Each listing costs one request per 200 rows; they
    run O(scm_max_parallel) at a time."
  - "Coverage follows SCM's ACME rule: a mapped name covers itself, and a mapped C(*.zone) covers every
    name below C(zone) (but not C(zone) itself)."
seealso:
  - module: scmkit.sectigo.acme_user
    description: Creates or deletes an account, and returns an account's EAB HMAC key.
  - module: scmkit.sectigo.acme_user_domains
    description: Changes the domains mapped to an account.
  - module: scmkit.sectigo.scm_domain_info
    description: DCV status and expiry of every SCM domain, whether or not an account covers it.
author:
  - scmkit maintainers (@scmkit)
'''

EXAMPLES = r'''
# ACME facts for monitoring. The SCM connection options are not repeated here: they come from
# module_defaults for the group/scmkit.sectigo.scm action group, as in scmkit.sectigo.acme_domain's examples.

- name: Every account of one ACME server, with coverage
  scmkit.sectigo.acme_user_info:
    acme_server: https://acme.sectigo.com/v2/OV
    coverage: true
  register: acme

- name: Domains mapped to an account whose DCV is not valid (certbot would fail for them)
  ansible.builtin.debug:
    msg: "{{ acme.accounts | map(attribute='domains') | flatten | rejectattr('dcv_status', 'eq', 'VALIDATED')
             | map(attribute='name') | unique | list }}"

- name: SCM domains no account covers
  ansible.builtin.debug:
    var: acme.uncovered_domains

- name: Accounts of the Web department that no client has used yet
  scmkit.sectigo.acme_user_info:
    organization: Example University
    department: Web
    status: pending
'''

RETURN = r'''
accounts:
  description: The accounts, sorted by id.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: SCM id of the account.
      type: int
      sample: 7001
    name:
      description: Account name.
      type: str
      sample: web01
    status:
      description: C(pending) or C(valid) (lower case).
      type: str
      sample: valid
    acme_server:
      description: Directory URL of the account's ACME server (what certbot's C(--server) takes).
      type: str
      sample: https://acme.sectigo.com/v2/OV
    acme_server_name:
      description: Name of the ACME server in SCM; null when the server list does not have it.
      type: str
      sample: Sectigo OV ACME
    organization_id:
      description: Id of the account's organization or department.
      type: int
      sample: 1001
    organization:
      description: Its name (C(Org / Department) for a department).
      type: str
      sample: Example University
    cert_validation_type:
      description: C(DV), C(OV) or C(EV).
      type: str
      sample: OV
    eab_kid:
      description: The EAB key id (certbot's C(--eab-kid)). The HMAC key is never returned.
      type: str
    contacts:
      description: Contacts SCM records for the account; null without any.
      type: str
    domains:
      description: The domains mapped to the account, sorted by name.
      type: list
      elements: dict
      contains:
        name:
          description: Domain name (lower case); C(*.zone) allows every name below C(zone).
          type: str
          sample: "*.example.org"
        valid_until:
          description: SCM's C(validUntil) for the domain on this account (ISO 8601); null when SCM gives none.
          type: str
          sample: "2026-07-01T12:00:00.000Z"
        sticky_until:
          description: SCM's C(stickyUntil) (ISO 8601); null when SCM gives none.
          type: str
        days_left:
          description: Calendar days (UTC) from today until RV(accounts[].domains[].valid_until); negative once past; null without it.
          type: int
          sample: 120
        dcv_status:
          description:
            - DCV status of the SCM domain the name falls under (its own entry, or the nearest parent listed),
              for example C(VALIDATED), C(NOT_VALIDATED), C(EXPIRED); null when no SCM domain covers the name.
          returned: when O(coverage=true)
          type: str
uncovered_domains:
  description: SCM domains (sorted) that no listed account covers.
  returned: when O(coverage=true)
  type: list
  elements: str
  sample: [example.net, lonely.example.org]
'''
