# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options shared by every module of scmkit.sectigo. Set them once for a play with
    # module_defaults: {group/scmkit.sectigo.scm: {...}} (README.md, "Connection options, set once"), which is
    # why the modules' EXAMPLES show tasks without them. The notes below hold for every module too; ansible-doc
    # shows them after the module's own notes.
    DOCUMENTATION = r'''
options:
  scm_url:
    description:
      - Base URL of the SCM REST API; each way to log in (O(scm_auth)) has its own.
      - V(password) and V(client_cert) use the classic API of your instance, for example
        C(https://cert-manager.com/api) or C(https://hard.cert-manager.com/api). With V(client_cert) the
        C(/private/api) prefix is used automatically.
      - V(oauth2) uses the Admin API of your instance, for example C(https://admin.enterprise.sectigo.com/api)
        or C(https://admin.hard.sectigo.com/api).
      - A URL without a path gets C(/api) appended.
      - Falls back to the E(SCM_URL) environment variable.
    type: str
    required: true
  scm_auth:
    description:
      - How to log in to SCM. V(password) sends O(scm_login), O(scm_password) and O(scm_customer_uri).
        V(client_cert) sends O(scm_login) and O(scm_customer_uri) and presents O(scm_client_cert). V(oauth2)
        exchanges an API key (O(scm_client_id) and O(scm_client_secret)) at O(scm_token_url) for a bearer
        token, the way Sectigo recommends for new integrations.
      - When omitted, it is the one way the credentials given allow; when they allow more than one (a password
        and a client certificate), the task fails and asks for O(scm_auth).
      - A password and a client secret together are always refused, as is half an API key.
      - Falls back to the E(SCM_AUTH) environment variable.
    type: str
    choices: [password, client_cert, oauth2]
  scm_customer_uri:
    description:
      - The customer URI of your SCM account (the C(x) in C(https://cert-manager.com/customer/x)).
      - Required with O(scm_auth=password) and O(scm_auth=client_cert); not used with V(oauth2).
      - Falls back to the E(SCM_CUSTOMER_URI) environment variable.
    type: str
  scm_login:
    description:
      - Login name of an API-enabled SCM administrator.
      - Required with O(scm_auth=password) and O(scm_auth=client_cert); not used with V(oauth2).
      - Falls back to the E(SCM_LOGIN) environment variable.
    type: str
  scm_password:
    description:
      - Password of O(scm_login), for O(scm_auth=password). Never shown in results, diffs, errors or traces.
      - Falls back to the E(SCM_PASSWORD) environment variable.
    type: str
  scm_client_cert:
    description:
      - PEM file with the client certificate registered for O(scm_login), for O(scm_auth=client_cert).
      - Falls back to the E(SCM_CLIENT_CERT) environment variable.
    type: path
  scm_client_key:
    description:
      - PEM file with the private key of O(scm_client_cert).
      - Falls back to the E(SCM_CLIENT_KEY) environment variable.
    type: path
  scm_client_id:
    description:
      - Client id of an SCM API key, for O(scm_auth=oauth2).
      - Falls back to the E(SCM_CLIENT_ID) environment variable.
    type: str
  scm_client_secret:
    description:
      - Secret of the API key O(scm_client_id). Never shown in results, diffs, errors or traces, nor is any
        access token obtained with it.
      - Falls back to the E(SCM_CLIENT_SECRET) environment variable.
    type: str
  scm_token_url:
    description:
      - Token endpoint where O(scm_auth=oauth2) exchanges the API key for a bearer token.
      - Must be https; plain http is accepted only for a test server on the same machine.
      - Falls back to the E(SCM_TOKEN_URL) environment variable.
    type: str
    default: https://auth.sso.sectigo.com/auth/realms/apiclients/protocol/openid-connect/token
  scm_token_cache:
    description:
      - With O(scm_auth=oauth2), keep access tokens between tasks, so that only the first task of a run asks
        the token server. Every task is a process of its own, so without the cache each one costs one more
        request.
      - The cache is a file per API key (named by a hash of O(scm_token_url) and O(scm_client_id); the secret
        is never written), mode 0600 in a 0700 directory C(scmkit.sectigo/tokens) under the user's cache
        directory (E(XDG_CACHE_HOME), by default C(~/.cache)). A token is used until shortly before it
        expires, and only by tasks with the secret that obtained it; a file or directory open to others is
        ignored.
      - Falls back to the E(SCM_TOKEN_CACHE) environment variable.
    type: bool
    default: false
  scm_cache:
    description:
      - Remember, between tasks, what saves requests in a loop of one task per object - the organization
        tree and the ACME servers (for 10 minutes) and the id of every domain seen by name - so that a task
        on a domain the controller has seen reads that domain alone, with one request.
      - Remembered values are only hints. A domain id is used only to read that domain, and a read that
        does not show the name (a deleted domain, an id reused) falls back to the listing; a name the
        remembered tree lacks is looked up in the tree read again; and before a remembered tree or server
        listing decides a write (or a change check mode reports), the module reads it from SCM again. On a
        controller that has never seen the tenant, the first domain lookup reads a page of the listing
        (200 names) instead of filtering it by name, for the same one request.
      - The cache is one file per tenant and login (named by a hash of O(scm_url), O(scm_customer_uri) and
        O(scm_login) or O(scm_client_id)), mode 0600 in a 0700 directory C(scmkit.sectigo/tenants) under
        the user's cache directory (E(XDG_CACHE_HOME), by default C(~/.cache)). It holds names and ids, no
        credential; a file or directory open to others is ignored. Used by M(scmkit.sectigo.acme_domain),
        M(scmkit.sectigo.acme_user), M(scmkit.sectigo.acme_user_domains) and the info modules.
      - Falls back to the E(SCM_CACHE) environment variable.
    type: bool
    default: true
  scm_validate_certs:
    description:
      - Verify the TLS certificate of the SCM server. Turning this off adds a warning to the result.
    type: bool
    default: true
  scm_ca_path:
    description:
      - PEM bundle of CA certificates to trust for the SCM server, in addition to nothing else
        (for example the CA that C(scmsim -ca-out) writes).
      - Falls back to the E(SCM_CA_PATH) environment variable.
    type: path
  scm_timeout:
    description:
      - Overall time limit for the module's work with SCM, in seconds, retries and waits included.
        A single request is given at most 30 seconds of it.
    type: int
    default: 120
  scm_max_parallel:
    description:
      - Most SCM requests the module keeps in flight at once when it works on many objects (1 to 32).
      - It also bounds the pages of a long listing read at once. Once the first page has told how many
        entries follow (C(X-Total-Count)), the other pages are read concurrently, in SCM's order.
      - If SCM answers 429 (too many requests), the module waits as SCM asks and keeps fewer in flight
        until the answers are good again.
    type: int
    default: 5
notes:
  - The module talks to SCM's REST API over HTTPS and needs no Python libraries. Run it on the controller with
    C(delegate_to=localhost) (or C(connection=local)), unless its notes say to run it where its files are.
  - Tested against scmsim, the collection's SCM emulator, which follows SCM's 25.x REST API.
'''
