# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Documentation only: the module is a Go binary (executables/, linked from plugins/modules/__bin__/), run by the action plugin
# of the same name, which picks the build for the platform the task runs on.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: acme_domain
short_description: Manage domains and their delegations in Sectigo Certificate Manager
version_added: 0.1.0
description:
  - Ensures that a domain exists in Sectigo Certificate Manager (SCM), is active or suspended, and is
    delegated to the organizations or departments that may request certificates for it.
  - Manages the wildcard twin C(*.name) too when O(include_wildcard=true).
  - Manages one domain (O(name)) or many in one task (O(domains)). The list form reads SCM's domain
    listing page by page once for the whole task instead of once per domain.
  - Delegations that SCM holds for approval are reported as RV(domain.pending_approval); with
    O(approve=true) the module approves them, which needs an administrator allowed to approve.
options:
  name:
    description:
      - The domain to manage, for example C(example.org). Case, a trailing dot and internationalised
        names (converted to punycode) are normalised; an invalid name fails before any request.
      - Mutually exclusive with O(domains).
    type: str
    aliases: [domain]
  domains:
    description:
      - Many domains in one task. Each entry may override the task-level O(description), O(active),
        O(delegations), O(include_wildcard) and O(state).
      - Mutually exclusive with O(name).
    type: list
    elements: dict
    suboptions:
      name:
        description: The domain name.
        type: str
        required: true
      description:
        description: Description given to this domain when it is created, instead of O(description).
        type: str
      active:
        description: Whether this domain is active; the task's O(active) when left out.
        type: bool
      delegations:
        description: This domain's delegations, in the format of O(delegations), in place of the task's.
        type: list
        elements: dict
      include_wildcard:
        description: Manage the wildcard twin of this domain too (C(true)) or not; O(include_wildcard) by default.
        type: bool
      state:
        description: C(present) or C(absent) for this one domain, when it differs from O(state).
        type: str
        choices: [present, absent]
  description:
    description:
      - Description given to a domain when it is created. SCM's API cannot change the description of an
        existing domain, so a difference is reported as a warning, not changed.
    type: str
  active:
    description:
      - Whether the domain is active (C(true)) or suspended (C(false)).
    type: bool
    default: true
  delegations:
    description:
      - Organizations or departments the domain is delegated to. Required when a domain has to be created,
        because SCM refuses a domain without a delegation.
      - Listed delegations are added when missing. Delegations not listed are left alone unless
        O(purge_delegations=true).
    type: list
    elements: dict
    suboptions:
      organization:
        description: Name of the organization (or, with O(delegations[].department), its parent).
        type: str
      department:
        description: Name of a department. Give O(delegations[].organization) too when the name is not unique.
        type: str
      org_id:
        description: Id of the organization or department, instead of names.
        type: int
        aliases: [organization_id]
      cert_types:
        description: Certificate types delegated.
        type: list
        elements: str
        choices: [SSL, SMIME, CodeSign]
        default: [SSL]
  purge_delegations:
    description:
      - Remove delegations that are not listed in O(delegations).
    type: bool
    default: false
  include_wildcard:
    description:
      - Manage the wildcard twin C(*.name) of every domain as well, with the same settings.
    type: bool
    default: false
  approve:
    description:
      - Approve delegations that SCM holds for approval (status C(REQUESTED)).
    type: bool
    default: false
  state:
    description:
      - C(present) makes sure the domain exists as described; C(absent) deletes it. SCM refuses to delete
        a domain that still has certificates.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scmkit.sectigo.scm_connection
  - scmkit.sectigo.attributes
  - scmkit.sectigo.attributes.manage_module
notes:
  - "Many domains: prefer the list form (O(domains)) to a loop of single-form tasks. One task reads each
    listing once (one request per 200 domains, pages fetched side by side within O(scm_max_parallel)) and
    reads a domain on its own only when the listings leave a question open; every task of a loop is a
    process of its own, and pays Ansible's cost and at least one round trip to SCM."
  - In the single form, with O(scm_cache) (the default), a domain the controller has seen costs one SCM
    request (a read of that domain by its remembered id), and the organization tree is listed at most once
    every 10 minutes. On a controller that has never seen the tenant, a domain costs two requests (a lookup
    and a read), and the first task also lists the organizations when O(delegations) name them. Before
    anything decided with a remembered organization tree is written, the tree is read from SCM again.
seealso:
  - module: scmkit.sectigo.scm_dcv
    description: Validates the domains (DCV), which SCM requires before it issues certificates for them.
  - module: scmkit.sectigo.acme_user_domains
    description: Lets an ACME account order certificates for names in these domains.
author:
  - scmkit maintainers (@scmkit)
'''

EXAMPLES = r'''
# The examples of every scmkit.sectigo module show tasks without the connection options (scm_url,
# scm_customer_uri, scm_login, scm_password, and the other scm_* options). Set those once per play, for all
# of the collection's modules, with module_defaults for the group/scmkit.sectigo.scm action group:
#
#   - name: Manage SCM from the controller
#     hosts: localhost
#     gather_facts: false
#     module_defaults:
#       group/scmkit.sectigo.scm:
#         scm_url: https://cert-manager.com/api
#         scm_customer_uri: example
#         scm_login: api-admin
#         scm_password: "{{ vault_scm_password }}"
#     tasks:
#       - name: One domain, delegated to a department, with its wildcard twin
#         ...  (the tasks below)
#
# A task may still set any of them itself; its own value wins over module_defaults.

- name: One domain, delegated to a department, with its wildcard twin
  scmkit.sectigo.acme_domain:
    name: example.org
    description: Main web domain
    include_wildcard: true
    delegations:
      - organization: Example University
        department: Web

- name: Many domains in one task (one listing for all of them)
  scmkit.sectigo.acme_domain:
    domains:
      - name: example.net
      - name: example.com
        description: Legacy
      - name: old.example.org
        state: absent
    delegations:
      - organization: Example University
  register: result

- name: Preview what would change for a new domain, with a diff
  scmkit.sectigo.acme_domain:
    name: example.edu
    delegations: [{organization: Example University}]
  check_mode: true
  diff: true

- name: Suspend a domain
  scmkit.sectigo.acme_domain:
    name: example.com
    active: false
'''

RETURN = r'''
domain:
  description: The domain after the run (single form). Absent domains are returned with RV(domain.state=absent).
  returned: when O(name) is given
  type: dict
  contains:
    id:
      description: SCM id of the domain. C(0) for a domain that does not exist (yet, in check mode).
      type: int
      sample: 1201
    name:
      description: Normalised name.
      type: str
      sample: example.org
    state:
      description: C(ACTIVE), C(SUSPENDED), or C(absent).
      type: str
      sample: ACTIVE
    description:
      description: Description, when SCM returns it.
      type: str
    delegations:
      description: Delegations with C(org_id), C(organization) (name), C(cert_types) and C(status).
      type: list
      elements: dict
    pending_approval:
      description: Whether any delegation waits for approval.
      type: bool
    validation_status:
      description: SCM's DCV status of the domain (C(VALIDATED), C(NOT_VALIDATED), C(EXPIRED)), when known.
      type: str
    wildcard:
      description: The same fields for C(*.name), when O(include_wildcard=true).
      type: dict
    actions:
      description: What was done (or would be done in check mode) to this domain, in order.
      type: list
      elements: str
      sample: [create example.org]
domains:
  description: One entry per domain (wildcard twins included), in the order given, with the fields of RV(domain).
  returned: when O(domains) is given
  type: list
  elements: dict
actions:
  description: The actions of all the task's domains in the order they were taken (in check mode, would be taken).
  returned: always
  type: list
  elements: str
  sample: ["create example.org", "create *.example.org", "approve delegation of example.org to 1002"]
'''
