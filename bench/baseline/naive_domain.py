# -*- coding: utf-8 -*-
# Copyright (c) scmkit.sectigo contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The baseline of `make bench`'s loop section: an SCM domain module written the way teams write
their own (bench/README.md, section 6). It is not part of the collection and is never shipped.

It looks the domain up by name and creates it when the listing does not hold it. Like most
hand-written modules it trusts what it finds: it does not compare the description, the delegations or
the state, so a domain that exists counts as correct. One request per existing domain, two for a new one.
"""

import json

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.six.moves.urllib.parse import urlencode
from ansible.module_utils.urls import open_url


def scm_request(module, method, path, body=None):
    p = module.params
    headers = {
        "login": p["scm_login"],
        "password": p["scm_password"],
        "customerUri": p["scm_customer_uri"],
        "Content-Type": "application/json",
    }
    data = json.dumps(body) if body is not None else None
    resp = open_url(p["scm_url"].rstrip("/") + path, method=method, data=data, headers=headers,
                    ca_path=p["scm_ca_path"], timeout=60)
    text = resp.read()
    return json.loads(text) if text else None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            description=dict(type="str", default=""),
            org_id=dict(type="int", required=True),
            scm_url=dict(type="str", required=True),
            scm_customer_uri=dict(type="str", required=True),
            scm_login=dict(type="str", required=True),
            scm_password=dict(type="str", required=True, no_log=True),
            scm_ca_path=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    name = module.params["name"]
    found = scm_request(module, "GET", "/domain/v1?" + urlencode({"name": name}))
    if any(d.get("name", "").lower() == name.lower() for d in found or []):
        module.exit_json(changed=False, name=name)
    if not module.check_mode:
        scm_request(module, "POST", "/domain/v1", {
            "name": name,
            "description": module.params["description"],
            "active": True,
            "delegations": [{"orgId": module.params["org_id"], "certTypes": ["SSL"]}],
        })
    module.exit_json(changed=True, name=name)


if __name__ == "__main__":
    main()
