# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Attribute texts shared by the modules of scmkit.sectigo.
    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  platform:
    description: Runs on the controller (use C(delegate_to=localhost)) or on any Linux or macOS host with a build.
    support: full
    platforms: posix
'''

    # For read-only modules (the *_info modules): extends_documentation_fragment scmkit.sectigo.attributes.info_module
    # instead of scmkit.sectigo.attributes.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module only reads. In check mode it sends the same read requests and returns the same facts.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: This module never changes anything, so there is nothing to diff.
  platform:
    description: Runs on the controller (use C(delegate_to=localhost)) or on any Linux or macOS host with a build.
    support: full
    platforms: posix
'''
