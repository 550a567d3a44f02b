# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
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
      - Base URL of the SCM REST API, for example C(https://cert-manager.com/api) or
        C(https://hard.cert-manager.com/api). A URL without a path gets C(/api) appended.
      - With client-certificate authentication the C(/private/api) prefix is used automatically.
      - Falls back to the E(SCM_URL) environment variable.
    type: str
    required: true
  scm_customer_uri:
    description:
      - The customer URI of your SCM account (the C(x) in C(https://cert-manager.com/customer/x)).
      - Falls back to the E(SCM_CUSTOMER_URI) environment variable.
    type: str
    required: true
  scm_login:
    description:
      - Login name of an API-enabled SCM administrator.
      - Falls back to the E(SCM_LOGIN) environment variable.
    type: str
    required: true
  scm_password:
    description:
      - Password of O(scm_login). Never shown in results, diffs, errors or traces.
      - Required unless O(scm_client_cert) and O(scm_client_key) are given.
      - Falls back to the E(SCM_PASSWORD) environment variable.
    type: str
  scm_client_cert:
    description:
      - PEM file with the client certificate registered for O(scm_login), for certificate authentication
        instead of a password.
    type: path
  scm_client_key:
    description:
      - PEM file with the private key of O(scm_client_cert).
    type: path
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
      - If SCM answers 429 (too many requests), the module waits as SCM asks and keeps fewer in flight
        until the answers are good again.
    type: int
    default: 5
notes:
  - The module talks to SCM's REST API over HTTPS and needs no Python libraries. Run it on the controller with
    C(delegate_to=localhost) (or C(connection=local)), unless its notes say to run it where its files are.
  - Tested against scmsim, the collection's SCM emulator, which follows SCM's 25.x REST API.
'''
