#!/usr/bin/env bash
# Part of the secret scan: run explicit_password.yml (every module with scm_password as a task option,
# right and wrong) against a scmsim of its own. secret_scan.sh runs it with the capture callback enabled.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../reliability/lib.sh
source "$here/../reliability/lib.sh"
rel_require_ansible
rel_setup explicit-password
rel_start_sim
export SCAN_DIR="$REL_WORK/files" SCAN_PASSWORD="$SCM_PASSWORD"
# A wrong password is a secret too; the capture callback adds it to the list the scan looks for.
export SCAN_WRONG_PASSWORD="wrong-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export SCMKIT_EXTRA_SECRETS="$SCAN_WRONG_PASSWORD"
unset SCM_PASSWORD   # the password reaches the modules as a task option only
mkdir -m 0700 "$SCAN_DIR"
openssl req -new -newkey rsa:2048 -nodes -keyout "$SCAN_DIR/www.key" -out "$SCAN_DIR/www.csr" \
  -subj "/CN=www.scan.example" -addext "subjectAltName=DNS:www.scan.example" 2>/dev/null
ansible-playbook -i localhost, "$here/explicit_password.yml"
