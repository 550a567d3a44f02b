# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Documentation only: the module is a Go binary (executables/, linked from plugins/modules/__bin__/), run by the action plugin
# of the same name, which picks the build for the platform the task runs on.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: acme_user_domains
short_description: Manage the domains a Sectigo ACME account may issue certificates for
version_added: 0.1.0
description:
  - Ensures that an ACME account in Sectigo Certificate Manager (SCM) lists the given domain names, so
    that ACME clients registered with the account (certbot, for example) can order certificates for
    them. SCM refuses orders for names that are not on the account.
  - Names are compared as a set after normalisation, so case, a trailing dot and internationalised
    names (converted to punycode) make no difference. C(*.example.org) is a name of its own; SCM lets
    it cover every name below C(example.org).
  - Everything missing is added in one request and, with O(exclusive=true) or O(state=absent),
    everything to remove is removed in one request. An account that already lists the right names
    costs no write.
  - SCM only adds a name that is an SCM domain (or lies below one) delegated to the account's
    organization, and validated. Names SCM refuses fail the task, which names them.
  - Safe to run from many hosts at once against the same account, each adding its own names; without
    O(exclusive=true) the module never removes a name it was not told to remove.
options:
  account_id:
    description:
      - SCM id of the ACME account, the C(account.id) that M(scmkit.sectigo.acme_user) returns.
      - Give either O(account_id), or O(name) with O(acme_server) and the organization.
    type: int
  name:
    description:
      - Name of the ACME account, as given to M(scmkit.sectigo.acme_user).
    type: str
  acme_server:
    description:
      - The account's ACME server, by its name as SCM lists it or by its directory URL.
      - Required with O(name).
    type: str
  organization:
    description:
      - Name of the organization the account belongs to (or, with O(department), the department's parent).
    type: str
  department:
    description:
      - Name of the department the account belongs to.
    type: str
  organization_id:
    description:
      - Id of the organization or department the account belongs to, instead of names.
    type: int
    aliases: [org_id]
  domains:
    description:
      - Domain names, for example C(www.example.org) or C(*.example.org).
      - An invalid name fails the task before any request.
    type: list
    elements: str
    required: true
  state:
    description:
      - C(present) adds the names the account lacks; C(absent) removes the listed names it has.
    type: str
    choices: [present, absent]
    default: present
  exclusive:
    description:
      - With O(state=present), also remove every name the account has that O(domains) does not list,
        so that the account lists exactly O(domains).
    type: bool
    default: false
extends_documentation_fragment:
  - scmkit.sectigo.scm_connection
  - scmkit.sectigo.attributes
  - scmkit.sectigo.attributes.manage_module
notes:
  - An account that already lists the right names costs two requests when it is given by
    O(organization_id) (the account lookup and its domains), one with O(account_id), and one more to
    resolve O(organization) or O(department) names.
  - Tested with certbot 2.1 too, ordering certificates for the names the account lists.
seealso:
  - module: scmkit.sectigo.acme_user
    description: Creates the ACME account, and returns its id and its EAB credentials.
  - module: scmkit.sectigo.acme_domain
    description: Creates and delegates the SCM domains; SCM adds a name only when it lies in one (validated).
author:
  - scmkit maintainers (@scmkit)
'''

EXAMPLES = r'''
# Connection options: set once per play with module_defaults for group/scmkit.sectigo.scm
# (shown in the examples of scmkit.sectigo.acme_domain); the tasks below leave them out.

# In a play over the web servers, each host adds its own names to the account they share; the request
# is made from the controller.
- name: Add this host's names to the shared account
  scmkit.sectigo.acme_user_domains:
    name: web.example.org
    acme_server: https://acme.sectigo.com/v2/OV
    organization: Example University
    department: Web
    domains:
      - "{{ inventory_hostname }}"
      - "www.{{ inventory_hostname }}"
  delegate_to: localhost

- name: Exactly these names on the account with id 7001, nothing else
  scmkit.sectigo.acme_user_domains:
    account_id: 7001
    domains: [app.example.org, "*.app.example.org"]
    exclusive: true

- name: Preview a removal, with a diff
  scmkit.sectigo.acme_user_domains:
    account_id: 7001
    domains: [old.example.org]
    state: absent
  check_mode: true
  diff: true
'''

RETURN = r'''
account_id:
  description: SCM id of the ACME account.
  returned: always
  type: int
  sample: 7001
added:
  description: Names added by this run (in check mode, that would be added), sorted.
  returned: always
  type: list
  elements: str
  sample: [www.example.org]
removed:
  description: Names removed by this run (in check mode, that would be removed), sorted.
  returned: always
  type: list
  elements: str
  sample: []
domains:
  description:
    - The names on the account after the run (in check mode, as they would be), sorted.
    - Names other runs add at the same time appear only when the module had to read the account again.
  returned: always
  type: list
  elements: str
  sample: [example.org, www.example.org]
'''
