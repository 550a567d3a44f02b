# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Documentation only: the module is a Go binary (executables/, linked from plugins/modules/__bin__/), run by the action plugin
# of the same name, which picks the build for the platform the task runs on.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: acme_user
short_description: Manage Sectigo ACME accounts and their EAB credentials, for certbot and other ACME clients
version_added: 0.1.0
description:
  - Ensures that an ACME account exists in Sectigo Certificate Manager (SCM) for an ACME server
    (endpoint) and an organization or department, or that it does not.
  - Returns the account's External Account Binding (EAB) key id, which ACME clients such as certbot
    need together with the EAB HMAC key to register with the account. The HMAC key is returned only by
    the run that creates the account, or with O(return_eab=true); O(eab_file) writes both to a file
    that certbot reads with C(certbot --config).
  - The account is identified by its O(name), its O(acme_server) and its organization or department.
    SCM allows several accounts with the same three; the module then fails and lists their ids
    instead of picking one.
  - Which domains the account may issue certificates for is managed with
    M(scmkit.sectigo.acme_user_domains).
  - Works with SCM instances that serve the ACME account API v2 and with those that only serve the
    older v1; the module finds out which by itself.
options:
  name:
    description:
      - Name of the account.
    type: str
    required: true
  acme_server:
    description:
      - The ACME server (SCM's "ACME endpoint") of the account, by its name as SCM lists it, or by its
        directory URL, for example C(https://acme.sectigo.com/v2/OV).
      - An unknown value fails and lists the servers SCM offers.
    type: str
    required: true
  organization:
    description:
      - Name of the organization the account belongs to (or, with O(department), the department's
        parent).
    type: str
  department:
    description:
      - Name of the department the account belongs to. Give O(organization) too when the name is not
        unique.
    type: str
  organization_id:
    description:
      - The id of the account's organization or department, in place of O(organization) and O(department).
    type: int
    aliases: [org_id]
  state:
    description:
      - C(present) makes sure the account exists; C(absent) deletes it (and removes O(eab_file) when
        given). Certbot clients registered with a deleted account can no longer order certificates.
    type: str
    choices: [present, absent]
    default: present
  eab_file:
    description:
      - Path of a certbot configuration file to write with the account's C(server), C(eab-kid) and
        C(eab-hmac-key), for C(certbot --config PATH certonly ...). Unlike the command line, this works
        with an HMAC key that starts with C(-), and it keeps the key out of the process list.
      - The file is written atomically with mode C(0600), only when its content would change. Its
        directory must exist. It is written where the module runs.
      - With O(state=absent) the file is removed.
    type: path
  return_eab:
    description:
      - Return the EAB HMAC key as RV(eab_hmac_key) for an account that already exists. The run that
        creates an account always returns it.
    type: bool
    default: false
extends_documentation_fragment:
  - scmkit.sectigo.scm_connection
  - scmkit.sectigo.attributes
  - scmkit.sectigo.attributes.manage_module
notes:
  - The EAB HMAC key is masked in every message, warning, diff and trace of the task. Where it is
    returned, Ansible shows it in the task output at C(-v); use C(no_log=true) on the task if that matters.
  - A new account is C(pending) until an ACME client registers with its EAB credentials, then C(valid).
  - When the answer to the account create is lost (a timeout, a 5xx, a dropped connection), the create is
    not sent again blindly, since SCM does not keep account names unique and a second create could make a
    second account. The module lists the organization's accounts once more and adopts the one account of
    that name on that server that was not there before, with its EAB credentials. When there is none and
    SCM had answered 503, it did not create one, and the create is sent again (at most four times in all);
    after an answer lost on the way, which may still land, the task fails and the re-run adopts the account.
    When there are several (another client created one meanwhile), it fails, names their ids and adopts none.
  - When SCM does not return an account's EAB HMAC key, the result warns and explains how to get new
    credentials, and O(eab_file) is not written.
  - Tested with certbot 2.1 as the ACME client, registering with the account's EAB credentials.
seealso:
  - module: scmkit.sectigo.acme_user_domains
    description: Sets the names the account may order certificates for.
  - module: scmkit.sectigo.acme_domain
    description: Creates the SCM domains those names must lie in, delegated to the account's organization.
author:
  - scmkit maintainers (@scmkit)
'''

EXAMPLES = r'''
# scm_url, scm_login and the other connection options are left to module_defaults for the
# group/scmkit.sectigo.scm action group, as the examples of scmkit.sectigo.acme_domain show.

- name: An ACME account for a web server, with a certbot configuration file
  scmkit.sectigo.acme_user:
    name: web01.example.org
    acme_server: https://acme.sectigo.com/v2/OV
    organization: Example University
    department: Web
    eab_file: /etc/scm/web01-certbot.ini
  register: account

- name: Would a second account be created? Ask check mode, and show the diff
  scmkit.sectigo.acme_user:
    name: web02.example.org
    acme_server: https://acme.sectigo.com/v2/OV
    organization_id: 1234
  check_mode: true
  diff: true

- name: Get the EAB credentials of an existing account (keep them out of the log)
  scmkit.sectigo.acme_user:
    name: web01.example.org
    acme_server: https://acme.sectigo.com/v2/OV
    organization: Example University
    department: Web
    return_eab: true
  no_log: true
  register: eab

- name: Remove an account
  scmkit.sectigo.acme_user:
    name: old.example.org
    acme_server: https://acme.sectigo.com/v2/OV
    organization: Example University
    state: absent

# Then, on the web server (the file copied there with mode 0600):
#   certbot --config /etc/scm/web01-certbot.ini certonly --non-interactive --agree-tos \
#     -m admin@example.org --standalone -d web01.example.org
'''

RETURN = r'''
account:
  description:
    - The account after the run (in check mode, as it would be). Empty when there is no account.
    - Never contains the EAB HMAC key.
  returned: always
  type: dict
  contains:
    id:
      description: SCM id of the account. Not present for an account that check mode would create.
      type: int
      sample: 7001
    name:
      description: Name of the account.
      type: str
      sample: web01.example.org
    status:
      description: C(pending) until an ACME client registers with the EAB credentials, then C(valid).
      type: str
      sample: pending
    acme_server:
      description: Directory URL of the account's ACME server.
      type: str
      sample: https://acme.sectigo.com/v2/OV
    server:
      description: The URL to give certbot as C(--server) (the ACME directory URL).
      type: str
      sample: https://acme.sectigo.com/v2/OV
    organization_id:
      description: Id of the organization or department the account belongs to.
      type: int
      sample: 1002
    eab_kid:
      description: EAB key id (certbot C(--eab-kid)). Not known for an account that check mode would create.
      type: str
      sample: Vb8kR2mXw1tLq9sA0cDe4f
eab_kid:
  description: EAB key id (certbot C(--eab-kid)), the same as RV(account.eab_kid).
  returned: when the account exists (not for an account that check mode would create)
  type: str
  sample: Vb8kR2mXw1tLq9sA0cDe4f
eab_hmac_key:
  description: EAB HMAC key (certbot C(--eab-hmac-key)). A secret.
  returned: when this run created the account (or adopted the account its create made while SCM's answer
    was lost), or with O(return_eab=true) while the account exists; never when SCM does not return it
  type: str
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create ACME account web01.example.org", "write eab_file /etc/scm/web01-certbot.ini"]
'''
