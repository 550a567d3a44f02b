# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Documentation only: the module is a Go binary (executables/, linked from plugins/modules/__bin__/), run by the action plugin
# of the same name, which picks the build for the platform the task runs on.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: scm_domain_info
short_description: List domains of Sectigo Certificate Manager with their DCV status and expiry
version_added: 0.1.0
description:
  - Returns the domains of Sectigo Certificate Manager (SCM) with their state, delegations, domain control
    validation (DCV) status and method, and the DCV expiry date with the days left until it.
  - Selects domains by names or patterns, by organization or department, by a DCV expiry window, or the
    ones that are not validated. All filters combine (a domain must pass each one given).
  - Read-only. It never reports a change and runs the same way in check mode.
  - The facts come from SCM's paged listings, one listing per kind of fact at 200 rows a page, so the
    number of requests does not grow with the number of domains (see the notes). O(details=true) adds one
    request per selected domain for the facts no listing carries.
options:
  names:
    description:
      - Domain names or shell patterns (C(*), C(?), C([...])) to select. Without it every domain is
        returned.
      - A name without pattern characters matches exactly, after the same normalisation SCM applies (case,
        a trailing dot, internationalised names converted to punycode). An invalid name fails before any
        request.
      - A pattern is matched against the punycode form. C(*) also matches dots, so C(*.example.org) selects
        the wildcard entry C(*.example.org) and every domain below C(example.org), but not
        C(example.org) itself.
    type: list
    elements: str
    aliases: [name]
  organization:
    description:
      - Select the domains delegated to this organization or to one of its departments.
    type: str
  department:
    description:
      - Select the domains delegated to this department. Give O(organization) too when the department
        name is not unique.
    type: str
  org_id:
    description:
      - Id of the organization (with its departments) or department whose domains are selected, instead of
        names.
    type: int
    aliases: [organization_id]
  dcv_expiring_within_days:
    description:
      - Select only domains whose DCV expires within this many days from today, counted in calendar days
        (UTC). Domains whose DCV has already expired are selected too (RV(domains[].days_left) is then
        negative); domains without a DCV expiry date are not.
    type: int
  not_validated:
    description:
      - Select only domains whose DCV status is not C(VALIDATED) (C(NOT_VALIDATED), C(EXPIRED), or unknown).
    type: bool
    default: false
  details:
    description:
      - Also read each selected domain (one request per domain, O(scm_max_parallel) at a time) to return
        the certificate types and status of every delegation, the description and the DCV validation date.
      - Without it, delegations name the organization or department only, and state and pending approval
        come from listings.
    type: bool
    default: false
extends_documentation_fragment:
  - scmkit.sectigo.scm_connection
  - scmkit.sectigo.days_left
  - scmkit.sectigo.attributes
  - scmkit.sectigo.attributes.info_module
notes:
  - "Requests without O(details): the organization list, then in parallel the domain listing, the DCV
    listing, the suspended domains, the domains awaiting delegation approval, and one listing per
    organization and department (that is how delegations are known without reading each domain). Each
    listing costs one request per 200 rows."
  - "With O(details=true): the organization list, the domain and DCV listings (plus one listing per
    selected organization or department when filtering by organization), then one read per selected
    domain."
  - SCM validates high-level domains only. A wildcard or a subdomain reports the DCV status of its own DCV
    listing entry or, when SCM lists none, of its nearest parent that has one.
seealso:
  - module: scmkit.sectigo.acme_domain
    description: Creates, suspends, delegates and deletes domains.
  - module: scmkit.sectigo.scm_dcv
    description: Validates a domain that is not validated, or whose DCV expires soon.
  - module: scmkit.sectigo.scm_cert_info
    description: The certificates issued for names in these domains, with their expiry.
  - module: scmkit.sectigo.acme_user_info
    description: The ACME accounts that may order certificates for these domains.
author:
  - scmkit maintainers (@scmkit)
'''

EXAMPLES = r'''
# Domain facts for monitoring. Like every scmkit.sectigo example, these tasks expect scm_url, scm_login and
# the other connection options from module_defaults (group/scmkit.sectigo.scm; see scmkit.sectigo.acme_domain).

- name: Every domain
  scmkit.sectigo.scm_domain_info:
  register: all_domains

- name: DCV that expires within 30 days (or has expired)
  scmkit.sectigo.scm_domain_info:
    dcv_expiring_within_days: 30
  register: expiring

- name: Fail when any domain of the Web department is not validated
  scmkit.sectigo.scm_domain_info:
    organization: Example University
    department: Web
    not_validated: true
  register: unvalidated
  failed_when: unvalidated.domains | length > 0

- name: One zone, with delegation details
  scmkit.sectigo.scm_domain_info:
    names:
      - example.org
      - "*.example.org"
    details: true
  register: zone

- name: Print name, status and days left
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.dcv_status }}, {{ item.days_left }} days left"
  loop: "{{ expiring.domains }}"
  loop_control:
    label: "{{ item.name }}"
'''

RETURN = r'''
domains:
  description: The selected domains, sorted by name (then id).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: SCM id of the domain.
      type: int
      sample: 2001
    name:
      description: Domain name as SCM stores it (lower case, punycode).
      type: str
      sample: example.org
    state:
      description: C(ACTIVE) or C(SUSPENDED).
      type: str
      sample: ACTIVE
    pending_approval:
      description: Whether a delegation of the domain awaits approval.
      type: bool
      sample: false
    delegations:
      description:
        - Organizations and departments the domain is delegated to, sorted by id.
        - C(org_id) and C(organization) (its name, C(Org / Department) for a department) always;
          C(cert_types) and C(status) (C(ACTIVE) or C(REQUESTED)) with O(details=true).
      type: list
      elements: dict
      sample: [{org_id: 1002, organization: Demo University / Web}]
    description:
      description:
        - The domain's description, as SCM's domain details give it.
        - Null when SCM's details leave the field out (SCM's documented domain read does not list it), which
          means unknown, not empty.
      returned: when O(details=true)
      type: str
    dcv_status:
      description: DCV status that applies to the domain (C(VALIDATED), C(NOT_VALIDATED), C(EXPIRED)); null when SCM reports none.
      type: str
      sample: VALIDATED
    dcv_method:
      description: How the domain was validated (C(CNAME_CSR_HASH), C(HTTP_CSR_HASH), C(HTTPS_CSR_HASH), C(DNSTXT_RANDOM_VALUE), C(EMAIL)); null when not known.
      type: str
      sample: CNAME_CSR_HASH
    dcv_order_status:
      description: Status of the current DCV order (C(NOT_INITIATED), C(AWAITING_SUBMISSION), C(SUBMITTED)); null when not known.
      type: str
      sample: NOT_INITIATED
    dcv_order_method:
      description: Method of the pending DCV order (C(CNAME), C(HTTP), C(HTTPS), C(TXT), C(EMAIL)); null without one.
      type: str
    dcv_expires:
      description: Date the DCV expires (C(YYYY-MM-DD), as SCM gives it); null without one.
      type: str
      sample: "2026-07-01"
    dcv_validated:
      description: Date the domain was validated (C(YYYY-MM-DD)); null without one.
      returned: when O(details=true)
      type: str
    days_left:
      description:
        - Calendar days (UTC) from today until RV(domains[].dcv_expires); C(0) on the last day, negative
          once expired; null without an expiry date.
      type: int
      sample: 396
'''
