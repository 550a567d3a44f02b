# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Documentation only: the module is a Go binary (executables/, linked from plugins/modules/__bin__/), run by the action plugin
# of the same name, which picks the build for the platform the task runs on.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: scm_cert_info
short_description: Find SSL certificates in Sectigo Certificate Manager with their expiry
version_added: 0.1.0
description:
  - Returns SSL certificates of Sectigo Certificate Manager (SCM) with their status, names, serial number,
    profile, organization, expiry date (RV(certificates[].not_after)) and the days left until it.
  - Finds certificates by O(ssl_id), O(common_name), O(subject_alternative_name), O(serial_number),
    O(status), O(profile) or O(profile_id), and organization or department. All filters combine (a
    certificate must pass each one given); without any, every certificate the administrator can see is
    returned.
  - O(expiring_within_days) keeps the issued certificates that expire within that many days.
    O(include_pem=true) also returns each issued certificate's PEM, leaf first.
  - Read-only. It never reports a change and runs the same way in check mode.
options:
  ssl_id:
    description:
      - SCM id of one certificate. The certificate is read directly, without a listing.
    type: int
    aliases: [id]
  common_name:
    description:
      - Common name the certificate must have, compared exactly after normalisation (case, a trailing dot,
        internationalised names converted to punycode). C(*.example.org) matches a wildcard certificate.
    type: str
    aliases: [cn]
  subject_alternative_name:
    description:
      - A name the certificate must carry, as its common name or among its subject alternative names
        (exact, normalised like O(common_name)).
    type: str
    aliases: [san]
  serial_number:
    description:
      - Serial number in hexadecimal, with or without colons, in any case.
    type: str
    aliases: [serial]
  status:
    description:
      - Keep certificates in one of these SCM states (compared without regard to case), for example
        C(Issued), C(Expired), C(Revoked), C(Requested), C(Applied), C(Declined), C(Replaced).
    type: list
    elements: str
  profile:
    description:
      - Name of the SSL profile (certificate type), compared without regard to case. Costs one request
        for the profile list. Mutually exclusive with O(profile_id).
    type: str
  profile_id:
    description:
      - Id of the SSL profile (certificate type). Mutually exclusive with O(profile).
    type: int
  organization:
    description:
      - Keep certificates ordered for this organization or one of its departments.
    type: str
  department:
    description:
      - Keep certificates ordered for this department. Give O(organization) too when the department name
        is not unique.
    type: str
  org_id:
    description:
      - The id of the organization (departments included) or department, in place of O(organization) and
        O(department).
    type: int
    aliases: [organization_id]
  expiring_within_days:
    description:
      - Keep only certificates with status C(Issued) that expire within this many days from today,
        counted in calendar days (UTC); C(0) means expiring today.
      - Certificates that have already expired, been revoked or replaced are not included (SCM reports them
        with another status); select those with O(status).
    type: int
  include_pem:
    description:
      - Also return RV(certificates[].pem), the certificate and its chain as PEM, leaf first, for every
        certificate with status C(Issued) or C(Expired). Costs one collect request per such certificate.
      - Certificates in other states are never collected, because in SCM a collect of a pending order
        counts towards its issuance.
    type: bool
    default: false
extends_documentation_fragment:
  - scmkit.sectigo.scm_connection
  - scmkit.sectigo.days_left
  - scmkit.sectigo.attributes
  - scmkit.sectigo.attributes.info_module
notes:
  - "Requests: the organization list; one certificate listing (one request per 200 rows; one listing per
    organization and department when filtering by organization), filtered in SCM by whatever SCM can
    filter on (with O(expiring_within_days), status C(Issued)); then one read per remaining certificate,
    because no listing carries status or expiry. The listing's pages after the first and the reads run
    O(scm_max_parallel) at a time. With O(ssl_id) there is no listing, only that read."
  - SCM gives certificate dates as days, so RV(certificates[].not_after) is a date and
    RV(certificates[].days_left) counts calendar days.
seealso:
  - module: scmkit.sectigo.scm_cert
    description: Orders, renews and revokes certificates, and writes them to files.
  - module: scmkit.sectigo.scm_domain_info
    description: The domains behind the certificates' names, with their DCV status and expiry.
  - module: scmkit.sectigo.acme_user_info
    description: ACME accounts, for the certificates ACME clients order, and the names each may order for.
author:
  - scmkit maintainers (@scmkit)
'''

EXAMPLES = r'''
# Certificate facts for monitoring, with the connection options (scm_url, scm_customer_uri, scm_login,
# scm_password) set for the play by module_defaults for group/scmkit.sectigo.scm (see scmkit.sectigo.acme_domain).

- name: Issued certificates that expire within 30 days
  scmkit.sectigo.scm_cert_info:
    expiring_within_days: 30
  register: expiring

- name: Fail when one expires within a week
  ansible.builtin.assert:
    that: expiring.certificates | selectattr('days_left', 'le', 7) | list | length == 0
    fail_msg: >-
      {{ expiring.certificates | selectattr('days_left', 'le', 7) | map(attribute='common_name') | join(', ') }}

- name: Find a certificate by serial number (as in the sectigo CLI's find)
  scmkit.sectigo.scm_cert_info:
    serial_number: 4c:1f:0a:99:3e:7b
  register: found

- name: Every certificate for a name, with its PEM
  scmkit.sectigo.scm_cert_info:
    subject_alternative_name: www.example.org
    status: [Issued]
    include_pem: true
  register: www

- name: Write the newest one
  ansible.builtin.copy:
    content: "{{ (www.certificates | sort(attribute='not_after') | last).pem }}"
    dest: /etc/ssl/certs/www.example.org.pem
    mode: "0644"
  when: www.certificates | length > 0
'''

RETURN = r'''
certificates:
  description: The certificates found, sorted by ssl_id.
  returned: always
  type: list
  elements: dict
  contains:
    ssl_id:
      description: SCM id of the certificate.
      type: int
      sample: 5001
    common_name:
      description: Common name (lower case).
      type: str
      sample: www.example.org
    subject_alternative_names:
      description: The common name and every subject alternative name, lower case, sorted, without duplicates.
      type: list
      elements: str
      sample: [example.org, www.example.org]
    status:
      description: SCM status, for example C(Issued), C(Expired), C(Revoked), C(Requested), C(Applied).
      type: str
      sample: Issued
    serial_number:
      description: Serial number as SCM writes it (colon-separated upper-case hex); null before issuance.
      type: str
      sample: "4C:1F:0A:99:3E:7B"
    profile:
      description: Name of the SSL profile (certificate type).
      type: str
      sample: OV Multi-Domain
    profile_id:
      description: Id of the SSL profile.
      type: int
      sample: 101
    org_id:
      description: Id of the organization or department the certificate was ordered for.
      type: int
      sample: 1002
    organization:
      description: Its name (C(Org / Department) for a department); null when the administrator cannot see it.
      type: str
      sample: Demo University / Web
    term:
      description: Term in days.
      type: int
      sample: 365
    key_type:
      description: Key type as SCM reports it.
      type: str
      sample: EC - P-256
    requested:
      description: Date the certificate was requested (C(YYYY-MM-DD)).
      type: str
    issued:
      description: Date it was issued (C(YYYY-MM-DD)); null before issuance.
      type: str
    not_after:
      description: Date it expires (C(YYYY-MM-DD)); null before issuance.
      type: str
      sample: "2026-12-01"
    days_left:
      description: Calendar days (UTC) from today until RV(certificates[].not_after); C(0) on the last day, negative once expired, null without an expiry date.
      type: int
      sample: 20
    revoked:
      description: Date it was revoked (C(YYYY-MM-DD)); null unless revoked.
      type: str
    renewed:
      description: Whether SCM records that the certificate has been renewed.
      type: bool
      sample: false
    external_requester:
      description: External requester (e-mail addresses) recorded on the order; null without one.
      type: str
    comments:
      description: Comments on the order; null without any.
      type: str
    pem:
      description: The certificate and its chain as PEM, leaf first; null unless the status is C(Issued) or C(Expired).
      returned: when O(include_pem=true)
      type: str
'''
