# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Documentation only: the module is a Go binary (executables/, linked from plugins/modules/__bin__/), run by the action plugin
# of the same name, which picks the build for the platform the task runs on.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: scm_dcv
short_description: Domain control validation (DCV) in Sectigo Certificate Manager
version_added: 0.1.0
description:
  - Makes sure that domains are validated in Sectigo Certificate Manager (SCM), or that their validation
    is under way, by CNAME, DNS TXT, HTTP, HTTPS or email.
  - For each domain that is validated and can still be used for O(min_days_valid) days or more (see
    RV(domain.revalidate_after)), nothing is done. Otherwise the module starts a validation and returns what to publish, in a shape DNS and web
    automation can use directly (RV(dns_records), RV(domain.http_file), RV(domain.emails)). With
    O(submit=true) it asks SCM to check; with O(wait=true) it then polls until SCM reports the domain
    validated or O(wait_timeout) passes.
  - A validation already under way with the same method is not started again (no change); the module
    returns its instructions again, read from SCM's status call.
  - SCM validates only high-level domains. A wildcard is validated through its base domain, and a
    subdomain through the SCM domain with the fewest labels above it; RV(domain.dcv_domain) and
    RV(domain.mapping) say which and why. Several names that map to one domain cause one validation.
  - The statuses of all the domains of a task come from one paged read of SCM's DCV list (one request per
    200 domains in SCM, whatever the number of names in the task); the status call is made only for
    domains with an order under way.
options:
  domain:
    description:
      - The domain to validate, for example C(example.org), C(*.example.org) or C(www.example.org).
        Case, a trailing dot and internationalised names (converted to punycode) are normalised; an
        invalid name fails before any request.
      - Mutually exclusive with O(domains).
    type: str
    aliases: [name]
  domains:
    description:
      - Many domains in one task, with the same settings. Results come back in the order given.
      - Mutually exclusive with O(domain).
    type: list
    elements: str
  method:
    description:
      - How SCM validates the domain. C(cname) and C(txt) ask for a DNS record, C(http) and C(https) for a
        file on the web server, C(email) for a click in a mail sent to one of the addresses SCM offers.
      - C(email) is being retired (see the notes). Before 2028-03-15 it works and adds a warning; from
        2028-03-15 (UTC) the task fails before any request, asking for C(cname), C(txt), C(http) or C(https).
      - C(txt) has no start step in SCM; its record comes from the submit call, so with C(txt) the module
        submits whenever it would start, whatever O(submit) says. Publish the record soon after.
      - Required when O(state=present).
    type: str
    choices: [cname, txt, http, https, email]
  email:
    description:
      - The address SCM sends the validation mail to, one of RV(domain.emails). Only with O(method=email);
        required with O(submit=true).
      - When an email validation was already submitted to another address, submitting again sends the
        mail to this one.
    type: str
  state:
    description:
      - C(present) means the domain is validated, or its validation is under way.
      - C(absent) clears a validation order that is under way. It does not remove a completed validation.
    type: str
    choices: [present, absent]
    default: present
  min_days_valid:
    description:
      - A validated domain that can be used for fewer than this many more days is validated again, that
        is, on any day after RV(domain.revalidate_after). That is a domain whose expiry SCM reports
        (RV(domain.expires)) is within this many days, as before, or, when SCM reports the date of the
        validation, whose CA/Browser Forum reuse period ends within them (see the notes).
      - When left out, a third of the reuse period in force on the day of the run (UTC), at most 30 days.
        That is 30 until 2029-03-14, as when 30 was a fixed default, and 3 from 2029-03-15, when the
        period becomes 10 days. A third keeps two thirds of each validation in use and leaves the last
        third to complete the next one (publishing the record or file, SCM's checks, runs that are missed);
        30 days is enough for that while the period is 100 days or more. The value used is returned in
        RV(min_days_valid).
      - A value that is not shorter than the reuse period in force (for example 30 from 2029-03-15) makes
        every run validate the domains again, and adds a warning.
    type: int
  submit:
    description:
      - Submit the validation, asking SCM to check the record, file or mail. Publish the record or file
        first, or soon after; SCM keeps checking a submitted order.
      - A submitted order is not submitted again.
    type: bool
    default: false
  wait:
    description:
      - After starting and submitting, poll SCM's status call until every domain is validated, at an
        interval that grows from 2 to 30 seconds. Fails when O(wait_timeout) passes, naming the domains
        that are still not validated, or at once when a domain's order is not submitted, or when a domain
        SCM validated can be used for fewer than O(min_days_valid) days.
      - Not done in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How long O(wait=true) waits, in seconds. It adds to O(scm_timeout), which bounds the requests.
    type: int
    default: 600
extends_documentation_fragment:
  - scmkit.sectigo.scm_connection
  - scmkit.sectigo.days_left
  - scmkit.sectigo.caa
  - scmkit.sectigo.attributes
  - scmkit.sectigo.attributes.manage_module
attributes:
  check_mode:
    description: Reads only; predicts the actions, and shows the instructions of orders already under way.
    support: full
  diff_mode:
    description: Shows, per validated domain, the status, order status and method before and after.
    support: full
  idempotent:
    description: Running the task again reports no change and returns the same instructions.
    support: full
notes:
  - In check mode a validation that would be started has no instructions yet, because SCM creates them
    when the validation starts.
  - For C(email), SCM lists the candidate addresses only in answer to its start call. When an email
    validation is waiting for submission, the module asks for them again with that call, which leaves the
    order as it is (no change reported).
  - The CNAME and TXT methods were tested against a real BIND server too, with the SCM emulator in its DNS mode.
  - "Reuse of a completed validation (CA/Browser Forum ballot SC-081): a certificate may be issued on a
    validation completed at most 398 days before until 2026-03-14, 200 days before from 2026-03-15, 100
    days before from 2027-03-15 and 10 days before from 2029-03-15 (UTC). The period in force on the day
    the validation is used counts, so a validation can stop being usable on the day before a switch-over.
    Sectigo already applies 198 days, which the expiry dates SCM reports show. The module applies the
    schedule on the date of its own clock; SCM's DCV list does not carry validation dates, so it can only
    do so for the domains whose status call it reads (see RV(domain.validated))."
  - "Email validation (CA/Browser Forum ballot SC-090): validation by mail to the domain's WHOIS contacts or
    to constructed addresses such as admin@ or hostmaster@, which is what O(method=email) asks SCM for, is
    not allowed from 2028-03-15. Use O(method=cname), O(method=txt), O(method=http) or O(method=https)."
seealso:
  - module: scmkit.sectigo.acme_domain
    description: Creates the SCM domain a name is validated through.
  - module: scmkit.sectigo.scm_cert
    description: Orders certificates for names whose domains are validated.
  - module: community.general.nsupdate
    description: Publishes the CNAME or TXT records of dns_records on a DNS server (RFC 2136 updates).
author:
  - scmkit maintainers (@scmkit)
'''

EXAMPLES = r'''
# The connection to SCM (scm_url, scm_customer_uri, scm_login, scm_password, ...) is set for the play with
# module_defaults for group/scmkit.sectigo.scm, as in the examples of scmkit.sectigo.acme_domain.

# Validate by CNAME, publishing the records with nsupdate, then wait for SCM.
- name: Start the validation (or find the one under way)
  scmkit.sectigo.scm_dcv:
    domains: [example.org, "*.example.net", www.example.com]
    method: cname
  register: dcv

- name: Publish the records
  community.general.nsupdate:
    server: ns1.example.org
    key_name: dcv-key
    key_secret: "{{ vault_tsig_secret }}"
    key_algorithm: hmac-sha256
    record: "{{ item.fqdn }}"
    type: "{{ item.type }}"
    value: "{{ item.value }}"
    ttl: 300
  loop: "{{ dcv.dns_records }}"

- name: Submit and wait until SCM has validated them
  scmkit.sectigo.scm_dcv:
    domains: [example.org, "*.example.net", www.example.com]
    method: cname
    submit: true
    wait: true
    wait_timeout: 900

- name: Serve the HTTP file
  block:
    - name: Start an HTTP validation
      scmkit.sectigo.scm_dcv:
        domain: example.org
        method: http
      register: dcv_http
    - name: Write the file
      ansible.builtin.copy:
        dest: "/var/www/html{{ dcv_http.domain.http_file.path }}"
        content: "{{ dcv_http.domain.http_file.content }}"
        mode: "0644"
      when: dcv_http.domain.http_file is defined
    - name: Submit it
      scmkit.sectigo.scm_dcv:
        domain: example.org
        method: http
        submit: true

# Email validation works until 2028-03-14 only (CA/Browser Forum ballot SC-090): the module warns
# until then, and fails from 2028-03-15. Prefer cname, txt, http or https.
- name: Email validation, in two steps
  block:
    - name: List the addresses SCM offers
      scmkit.sectigo.scm_dcv:
        domain: example.org
        method: email
      register: dcv_email
    - name: Send the mail to the first one
      scmkit.sectigo.scm_dcv:
        domain: example.org
        method: email
        email: "{{ dcv_email.domain.emails[0] }}"
        submit: true

- name: What would be done, and the status of each domain, without changing anything
  scmkit.sectigo.scm_dcv:
    domains: "{{ groups['webservers'] | map('extract', hostvars, 'fqdn') | list }}"
    method: cname
  check_mode: true
  diff: true

- name: Give up a validation under way
  scmkit.sectigo.scm_dcv:
    domain: example.org
    state: absent
'''

RETURN = r'''
domain:
  description: The domain after the run (when O(domain) is given).
  returned: when O(domain) is given
  type: dict
  contains:
    name:
      description: The name as given, normalised.
      type: str
      sample: www.example.org
    dcv_domain:
      description: The domain SCM validates for RV(domain.name).
      type: str
      sample: example.org
    mapping:
      description: Why RV(domain.name) is validated through RV(domain.dcv_domain).
      returned: when the two differ
      type: str
    status:
      description: SCM's validation status, C(VALIDATED), C(NOT_VALIDATED) or C(EXPIRED).
      type: str
      sample: NOT_VALIDATED
    order_status:
      description: Status of the validation order, for example C(NOT_INITIATED), C(AWAITING_SUBMISSION) or C(SUBMITTED).
      type: str
      sample: AWAITING_SUBMISSION
    method:
      description:
        - Method of the order under way, or, when none is, the method SCM validated the domain with (when
          it says). Empty when neither is known.
      type: str
      sample: cname
    expires:
      description: Date the validation expires (C(YYYY-MM-DD)), as SCM reports it; empty when not validated.
      type: str
      sample: "2027-03-01"
    days_left:
      description: Calendar days (UTC) from today until RV(domain.expires); C(0) on the last day, negative once expired; null when not known.
      type: int
      sample: 396
    validated:
      description:
        - Date SCM completed the validation (C(YYYY-MM-DD)), as its status call reports it.
        - SCM's DCV list does not carry it, so it is known only for the domains whose status call the run
          read, those with a validation order under way and those validated during the run.
      returned: when SCM reported it
      type: str
      sample: "2026-11-20"
    revalidate_after:
      description:
        - The last day the module leaves this validation alone; a run on a later day (UTC) validates the
          domain again. It is O(min_days_valid) days (RV(min_days_valid)) before the last day the validation
          can be used.
        - That last day is RV(domain.expires), the expiry SCM reports, or, when RV(domain.validated) is known,
          the last day the CA/Browser Forum's reuse period allows (see the notes), whichever comes first.
          So it is never later than the validation date plus the reuse period in force then.
        - SCM's DCV list, from which a run decides about validated domains without an order under way, does
          not carry the validation date, so for those the date is RV(domain.expires) less O(min_days_valid).
          A run that has just validated a domain reads the date, and may report an earlier day than the next
          run, which reads the list only; that earlier day is when the CA stops accepting the validation.
        - Empty when the domain is not validated or neither date is known.
      type: str
      sample: "2027-02-14"
    actions:
      description: What was done to the validated domain (or would be done, in check mode).
      type: list
      elements: str
      sample: [start cname validation of example.org]
    dns_records:
      description:
        - The DNS record to publish (CNAME or TXT), ready for community.general.nsupdate. Empty when the
          method publishes no record or the instructions are not known.
      type: list
      elements: dict
      contains:
        name:
          description: Owner name without the trailing dot.
          type: str
          sample: _3f2a9c0d4e5b6a7c8d9e0f1a2b3c4d5e.example.org
        fqdn:
          description: Owner name with the trailing dot. Give this one to nsupdate, which reads a name without a dot as relative to the zone.
          type: str
          sample: _3f2a9c0d4e5b6a7c8d9e0f1a2b3c4d5e.example.org.
        type:
          description: C(CNAME) or C(TXT).
          type: str
        value:
          description:
            - For CNAME the target, with the trailing dot.
            - For TXT the text in DNS presentation form, as community.general.nsupdate takes it (backslash and
              double quote escaped; over 255 bytes, split into quoted strings).
          type: str
        raw_value:
          description: The value as SCM gave it, without escaping (for DNS APIs that take the plain text).
          type: str
    http_file:
      description: The file to serve for C(http) or C(https).
      returned: when the method is http or https and the instructions are known
      type: dict
      contains:
        url:
          description: Where SCM fetches the file.
          type: str
          sample: http://example.org/.well-known/pki-validation/6B3C0A1F9E8D7C6B5A4F3E2D1C0B9A8F.txt
        path:
          description: Path of the file on the web server.
          type: str
          sample: /.well-known/pki-validation/6B3C0A1F9E8D7C6B5A4F3E2D1C0B9A8F.txt
        content:
          description: Content of the file (two lines, each ending with a newline).
          type: str
    emails:
      description: Addresses SCM can send the validation mail to (method C(email)).
      type: list
      elements: str
      sample: [admin@example.org, hostmaster@example.org]
    validation_email:
      description: Address the validation mail was sent to.
      returned: when an email validation was submitted
      type: str
    error:
      description: Why this domain failed, when the task failed for some domains only.
      returned: on failure
      type: str
domains:
  description: One entry per name, in the order given, with the fields of RV(domain).
  returned: when O(domains) is given
  type: list
  elements: dict
dns_records:
  description:
    - Every DNS record to publish for the task, without duplicates, with the fields of RV(domain.dns_records).
      Loop over it with community.general.nsupdate.
  returned: always
  type: list
  elements: dict
actions:
  description: Every action taken, or planned in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["start cname validation of example.org", "submit cname validation of example.org"]
min_days_valid:
  description: The O(min_days_valid) the run used, the option's value or the default for the day of the run.
  returned: always
  type: int
  sample: 30
'''
