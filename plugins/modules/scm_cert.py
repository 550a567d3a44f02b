# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Documentation only: the module is a Go binary (executables/, linked from plugins/modules/__bin__/), run by the action plugin
# of the same name, which picks the build for the platform the task runs on.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: scm_cert
short_description: Order, collect, renew and revoke SSL certificates in Sectigo Certificate Manager
version_added: 0.1.0
description:
  - Ensures that an issued SSL certificate exists in Sectigo Certificate Manager (SCM) for a common name and
    a set of subject alternative names, under a profile and an organization or department, and that it is
    not yet due for renewal (see O(remaining_percentage) and O(remaining_days)). It enrolls a CSR you supply,
    collects the certificate, renews it when it is due, and writes it to files. With O(state=revoked) it
    revokes it.
  - The CSR is read where the task runs (O(csr) or O(csr_path)); the private key never leaves that host and
    the module never reads it.
  - It never places an order twice. It looks for an existing order first (by O(ssl_id), or by common name,
    names, profile and organization, including orders still pending), and an enroll, renewal or revocation
    whose answer was lost (timeout, server error, dropped connection) is reconciled by reading SCM again,
    never by sending it blindly. To find its own enrollment again, the module appends a marker derived from the
    CSR's public key to the order's comments (see O(comments) and RV(marker)).
  - Before anything is ordered it checks the CSR (parseable, key type and size allowed by the profile, names
    equal to O(common_name) plus O(subject_alt_names)), the term against the profile's terms and against the
    longest validity a public TLS certificate may have on the day (CA/Browser Forum ballot SC-081), and the
    custom fields SCM marks mandatory. Each failure names what to fix.
  - A certificate that SCM has not issued yet is reported with RV(status=pending) and its RV(ssl_id); a later
    run collects it without ordering again. O(wait=true) polls until it is issued. RV(status=issued) is
    reported only with the certificate in RV(certificate) and the files of O(path), O(chain_path) and
    O(fullchain_path) written.
options:
  state:
    description:
      - C(present) makes sure an issued certificate (or, while SCM processes it, a pending order) exists.
      - C(revoked) revokes the certificate given by O(ssl_id), or every issued certificate of the
        O(common_name), O(subject_alt_names), O(profile) and organization. An already revoked certificate
        is no change.
    type: str
    choices: [present, revoked]
    default: present
  ssl_id:
    description:
      - SCM id of the certificate to manage. With O(state=present) the module checks that this order matches
        the task and follows its renewals; with O(state=revoked) exactly this certificate is revoked.
      - Without it, the certificate is found by O(common_name), O(subject_alt_names), O(profile) and the
        organization.
    type: int
  common_name:
    description:
      - Common name of the certificate. It must be the common name of the CSR, because SCM takes it from there.
      - Required with O(state=present).
    type: str
  subject_alt_names:
    description:
      - The other DNS names of the certificate. The common name may be listed too; the set of names (common
        name included) must equal the CSR's names.
    type: list
    elements: str
  profile:
    description:
      - The SSL profile (certificate type), by name (case-insensitive) or by id.
      - Required with O(state=present).
    type: str
  term:
    description:
      - Validity in days. It must be one of the profile's terms, and no longer than a public TLS certificate
        issued today may be valid (CA/Browser Forum ballot SC-081; see the notes). The task fails otherwise,
        on every run and before anything is written, naming the profile's terms that fit and the rule.
      - Without it the module takes the longest of the profile's terms that fits under today's maximum, and
        says so in RV(term) and RV(term_chosen). The task fails when none fits.
      - Leaving it out keeps a playbook valid as the maximum shrinks (199 days in 2026, 90 from 2027-03-15 with
        a profile whose terms are 90, 180, 199 and 365). A term you give fails from the day it exceeds the
        maximum.
      - Today is the date in UTC on the host the task runs on.
    type: int
  organization:
    description:
      - Name of the organization that orders the certificate (or, with O(department), its parent).
      - One of O(organization), O(department) and O(org_id) is required with O(state=present).
    type: str
  department:
    description:
      - Name of the department that orders the certificate. Give O(organization) too when the name is not
        unique.
    type: str
  org_id:
    description:
      - Id of the organization or department, instead of names.
    type: int
    aliases: [organization_id]
  csr:
    description:
      - The certificate signing request, PEM (or bare base64).
      - One of O(csr) and O(csr_path) is required with O(state=present). A renewal sends this CSR too, so a new
        key pair means a new CSR here.
    type: str
  csr_path:
    description:
      - Path of the CSR file on the host the task runs on.
    type: path
  custom_fields:
    description:
      - Custom field values sent with an enrollment, as a dictionary from the field's name to its value.
      - Every field SCM marks mandatory must be given; the module checks this before ordering.
    type: dict
  external_requester:
    description:
      - E-mail address(es) of the external requester, sent with an enrollment.
    type: str
  comments:
    description:
      - Comments sent with an enrollment.
      - The module appends a marker to them, after a space, and sends the marker alone when O(comments) is not
        given. The marker is C([scmkit:<token>]), where the token is the first 16 hexadecimal digits of the
        SHA-256 hash of the CSR's public key (its DER SubjectPublicKeyInfo), for example
        C(for the shop [scmkit:0b4a4be54ab0589a]). Your own text is kept as written, and the marker is not
        added twice.
      - The marker lets the module find its enrollment again when SCM's answer is lost - by listing the orders
        for the common name and reading their comments, in the same run and in any later run with the same
        CSR - so that it adopts that order instead of placing a second one. It comes from the public key alone and
        reveals nothing secret. RV(marker) returns it; look for it in SCM's comments to see which orders the task
        placed.
      - SCM keeps at most 1024 characters of comments, so with the marker (26 characters with its space)
        O(comments) may have at most 998. A longer value fails before anything is sent.
      - A renewal by id keeps the comments of the order it renews (SCM copies them), so a renewal for a new key
        carries the marker of the key first enrolled.
    type: str
  remaining_percentage:
    description:
      - Renew when less than this share, in percent, of the certificate's own lifetime (from its RV(not_before)
        to its RV(not_after)) is left. From 1 to 99.
      - The default, 33, renews with a third of the lifetime left - 66 days of a 200-day certificate, 33 of a
        100-day one, 15.5 of a 47-day one - so the margin shrinks with the lifetimes ballot SC-081 sets, where
        a fixed number of days cannot (30 days is a sixth of 200 days but two thirds of 47). A third leaves
        weeks (with 47 days, still two) to retry a renewal that waits for validation or approval, and is what
        certmagic and cert-manager default to.
      - A certificate is renewed when either this rule or O(remaining_days) says so.
    type: int
    default: 33
  remaining_days:
    description:
      - Also renew when the certificate has fewer than this many days left, whatever its lifetime.
      - It adds to O(remaining_percentage), it does not replace it. The certificate is renewed when less than
        O(remaining_percentage) of its lifetime is left, or fewer than O(remaining_days) days, whichever comes
        first; RV(renewal.rule) says which. Set it for a minimum margin in days, such as the time a manual
        approval takes. Not set (or C(0)), only O(remaining_percentage) applies.
      - To renew by days only, as before O(remaining_percentage) existed, set O(remaining_percentage=1) too.
      - A number of days not shorter than the certificate's lifetime would renew every fresh certificate
        again, so it is then not applied to that certificate (O(remaining_percentage) still is), with a warning.
    type: int
  force:
    description:
      - Renew the certificate even though it is outside the renewal window. Every run with O(force=true)
        renews, so use it for a one-off task.
    type: bool
    default: false
  wait:
    description:
      - Wait until SCM issues a certificate that is pending (just ordered, or ordered by an earlier run).
      - The module polls with an interval that grows from 2 to 30 seconds.
    type: bool
    default: false
  wait_timeout:
    description:
      - How long to wait with O(wait=true), in seconds. It is added to O(scm_timeout) for the task's overall
        deadline. When it passes the task fails, reporting the pending order; a later run collects it.
    type: int
    default: 300
  path:
    description:
      - Where to write the certificate (PEM), on the host the task runs on.
      - Files are written only once the certificate is issued, atomically, and only when their content or
        attributes differ. A file that holds a private key is never overwritten.
    type: path
  chain_path:
    description:
      - Where to write the issuing certificates (PEM, intermediate first). A self-signed root is left out.
    type: path
  fullchain_path:
    description:
      - Where to write the certificate followed by its issuing certificates (PEM). A self-signed root is left
        out.
    type: path
    aliases: [full_chain_path]
  mode:
    description:
      - Permissions of the written files, as an octal string such as C('0644') (or a number, as Ansible's
        file modules take it).
      - Without it, new files get C(0644) and existing files keep theirs.
    type: raw
  owner:
    description:
      - Owner (name or uid) of the written files.
    type: str
  group:
    description:
      - Group (name or gid) of the written files.
    type: str
  revoke_reason:
    description:
      - The RFC 5280 reason given when revoking.
    type: str
    choices: [unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation]
    default: unspecified
extends_documentation_fragment:
  - scmkit.sectigo.scm_connection
  - scmkit.sectigo.days_left
  - scmkit.sectigo.caa
  - scmkit.sectigo.attributes
  - scmkit.sectigo.attributes.manage_module
attributes:
  idempotent:
    description: Running the task again with the same options reports no change, except with O(force=true).
    support: partial
notes:
  - The module calls SCM from the host the task runs on, and reads the CSR and writes the files there too.
    Run it where the key lives, or on the controller with C(delegate_to=localhost).
  - SCM's domain rules apply. Every name must be a domain delegated to the organization and validated (see
    M(scmkit.sectigo.acme_domain) and M(scmkit.sectigo.scm_dcv)).
  - "Lost answers: when SCM's answer to an enrollment is lost, the module lists the new orders for the common name
    and adopts the one that carries its marker (see O(comments)), is of the task's names, profile and organization
    and, once issued, holds a certificate for the CSR's key; the run then ends as if the answer had arrived.
    When SCM answered 503 and the search finds no order, SCM did not place it, and the enrollment is sent
    again (at most four times in all). When the search fails, finds several orders, or finds none after an
    answer lost on the way (which may still land), the task fails and says so; a re-run finds an order that SCM
    did place and adopts it, and never enrolls twice. A lost renewal is settled the same way, by reading the
    renewed order and the new orders for the common name. A lost revocation is settled by reading the
    certificate's status, and sent again while SCM does not show it revoked."
  - Renewal uses SCM's renew by id with the task's CSR. Where SCM refuses that (a profile without renewal,
    code -180), the module enrolls a new order instead, and says so in RV(renewed_by). A renewal by id keeps
    the order's term, so an order whose term is longer than today's maximum is renewed by a new enrollment
    with the term chosen (or given) now.
  - "Certificate lifetimes: CA/Browser Forum ballot SC-081 caps the validity of a public TLS certificate at 398
    days when issued before 2026-03-15, 200 days from 2026-03-15, 100 days from 2027-03-15 and 47 days from
    2029-03-15 (each from 00:00 UTC). The module checks O(term) against the cap of the day it runs. As the
    lifetimes shrink, renew by share of the lifetime (O(remaining_percentage)) rather than by a fixed
    number of days: C(remaining_days: 30) is a late renewal for a 200-day certificate and an early one for
    a 47-day certificate."
seealso:
  - module: scmkit.sectigo.scm_dcv
    description: Validates the domains of the certificate's names, which SCM needs before it issues.
  - module: scmkit.sectigo.acme_domain
    description: Creates those domains and delegates them to the organization that orders.
  - name: community.crypto.openssl_csr
    description: Makes the private key and the CSR this module takes.
    link: https://docs.ansible.com/ansible/latest/collections/community/crypto/openssl_csr_module.html
author:
  - scmkit maintainers (@scmkit)
'''

EXAMPLES = r'''
# On the web server itself (where the key and the CSR are), in a play that sets the SCM connection options
# with module_defaults for group/scmkit.sectigo.scm, as scmkit.sectigo.acme_domain's examples show.

- name: Order the certificate, renew it with a third of its lifetime left, and write the files
  scmkit.sectigo.scm_cert:
    common_name: www.example.org
    subject_alt_names: [example.org]
    profile: OV Multi-Domain
    organization: Example University
    department: Web
    csr_path: /etc/ssl/private/www.example.org.csr
    custom_fields:
      costCenter: "4711"
    path: /etc/ssl/certs/www.example.org.pem
    fullchain_path: /etc/ssl/certs/www.example.org-fullchain.pem
    mode: "0644"
    wait: true
  register: cert
  notify: Reload nginx  # a handler of the play

- name: See what would happen, with the certificate's identity as a diff
  scmkit.sectigo.scm_cert:
    common_name: www.example.org
    subject_alt_names: [example.org]
    profile: OV Multi-Domain
    org_id: 1002
    csr_path: /etc/ssl/private/www.example.org.csr
    remaining_percentage: 40  # renew with 40% of the lifetime left ...
    remaining_days: 21        # ... and never with fewer than 21 days left
  check_mode: true
  diff: true

- name: Revoke it after the key leaked (no files involved, so from the controller)
  scmkit.sectigo.scm_cert:
    ssl_id: "{{ cert.ssl_id }}"
    state: revoked
    revoke_reason: keyCompromise
  delegate_to: localhost
'''

RETURN = r'''
ssl_id:
  description: SCM id of the certificate the task ended with (the new one after an enrollment or a renewal).
  returned: when a certificate or order exists (not for an order only predicted in check mode)
  type: int
  sample: 5001
status:
  description:
    - C(issued), C(pending), C(expired), C(revoked), C(absent), or SCM's status in lower case for other
      states (such as C(declined)).
    - C(issued) means the certificate is in hand - in RV(certificate), and in the files of O(path),
      O(chain_path) and O(fullchain_path) when given (written by this run, or already right) - so a playbook
      may act on it.
    - C(pending) means there is no certificate yet - an order SCM has not issued, what check mode predicts
      for a new order, or an order SCM marks Issued (RV(scm_status=Issued)) but did not hand out when asked,
      which happens for a short while after issuance. A later run, or O(wait=true), collects it and writes
      the files without ordering again.
    - With O(state=revoked) nothing is collected, and the status is SCM's - C(revoked) once revoked.
  returned: always
  type: str
  sample: issued
scm_status:
  description: SCM's own status word, such as C(Issued) or C(Applied).
  returned: when RV(ssl_id) is returned
  type: str
  sample: Issued
action:
  description:
    - What the run did (or would do in check mode). C(enrolled) placed a new order, C(renewed) renewed the
      certificate, C(revoked) revoked it, C(collected) wrote files for a certificate ordered earlier, C(none)
      did nothing.
  returned: always
  type: str
  sample: enrolled
reason:
  description: Why the module did what it did, for example how many days the certificate had left.
  returned: always
  type: str
  sample: 60.0 days left, less than 33% of the lifetime of 199.0 days (65.7 days)
renewal:
  description:
    - Whether the certificate the run found is renewed, by which rule, and why; and when the certificate the
      run ends with becomes due.
  returned: with O(state=present)
  type: dict
  contains:
    needed:
      description:
        - Whether this run renews (in check mode, would renew) the certificate it found.
        - C(false) also when there is nothing to renew yet (a first enrollment, or an order not issued).
      type: bool
      sample: true
    rule:
      description:
        - The rule that made the renewal needed, C(null) when none did.
        - C(remaining_percentage) or C(remaining_days) (the one whose window is wider, so the one that came
          due first), C(expired), C(revoked) (the newest order was revoked; a new one replaces it),
          C(csr_key) (the certificate is for another key than the CSR's) or C(force) (O(force=true)).
      type: str
      sample: remaining_percentage
    reason:
      description: The verdict in one sentence, with the days left, the window and, when nothing is due, the
        moment renewal becomes due.
      type: str
      sample: "120.0 days left; renewal is due after 2027-04-01T12:00:00Z, when less than 33% of the lifetime of
        199.0 days (65.7 days)"
    renew_after:
      description:
        - When the certificate in the result (RV(not_after)) becomes due for renewal under O(remaining_percentage)
          and O(remaining_days), RFC 3339 in UTC. A run after that moment renews it.
        - After a renewal this is the new certificate's; before one it is in the past only when RV(renewal.needed)
          is true.
      returned: when the certificate is issued
      type: str
      sample: "2027-04-01T12:00:00Z"
term:
  description:
    - The term, in days, that an order placed by this task uses (or would use), checked against the profile
      and against today's maximum validity. The certificate found may have been ordered with another term.
  returned: with O(state=present)
  type: int
  sample: 199
marker:
  description:
    - The marker the module appends to the comments of an enrollment, derived from the CSR's public key (see
      O(comments)). Every order this task enrolls for this key carries it.
  returned: with O(state=present)
  type: str
  sample: "[scmkit:0b4a4be54ab0589a]"
term_chosen:
  description: How the module chose RV(term) when the task gave no O(term).
  returned: with O(state=present) when O(term) is not given
  type: str
  sample: the longest term of profile "OV Multi-Domain" allowed on 2026-12-06 (cap 200 days)
renewed_by:
  description: C(renew) (SCM's renew by id) or C(enroll) (a new order, where SCM refuses renewal for the order).
  returned: when RV(action=renewed)
  type: str
  sample: renew
previous_ssl_id:
  description: Id of the certificate that was renewed.
  returned: when RV(action=renewed)
  type: int
  sample: 5001
revoked_ids:
  description: Ids of the certificates revoked by this run.
  returned: when RV(action=revoked)
  type: list
  elements: int
  sample: [5001]
common_name:
  description: The normalised common name.
  returned: when known
  type: str
  sample: www.example.org
subject_alt_names:
  description: The other names, normalised and sorted.
  returned: when known
  type: list
  elements: str
  sample: [example.org]
profile:
  description: The profile, with its C(id) and C(name).
  returned: when known
  type: dict
  sample: {id: 101, name: OV Multi-Domain}
org_id:
  description: Id of the organization or department of the certificate.
  returned: when known
  type: int
  sample: 1002
serial_number:
  description: Serial number in SCM's notation (colon-separated hex).
  returned: when the certificate is issued
  type: str
  sample: 4F:1A:22:9C:03
not_before:
  description: Start of validity (RFC 3339, UTC).
  returned: when the certificate is issued (RV(status=issued) or C(expired))
  type: str
  sample: "2026-11-22T10:00:00Z"
not_after:
  description: End of validity (RFC 3339, UTC).
  returned: when the certificate is issued
  type: str
  sample: "2027-06-10T10:00:00Z"
days_left:
  description: Calendar days (UTC) from today until the date of RV(not_after); C(0) on the last day, negative once expired.
  returned: when the certificate is issued
  type: int
  sample: 199
certificate:
  description: The certificate, PEM.
  returned: when the certificate is issued
  type: str
chain:
  description: The issuing certificates, PEM, intermediate first, without a self-signed root.
  returned: when the certificate is issued
  type: str
files_written:
  description: Paths of the files this run wrote or changed (in check mode, would).
  returned: always
  type: list
  elements: str
  sample: [/etc/ssl/certs/www.example.org.pem]
'''
