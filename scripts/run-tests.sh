#!/usr/bin/env bash
# Runs every test: unit and integration tests against real nats-servers that the tests start on
# free ports, and the Arquillian tests in a real Payara Micro. Usage: scripts/run-tests.sh [mvn args]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(natscap_root)
cd "$root"

natscap_check_tools
natscap_find_nats_server
natscap_find_chromium

# Payara Micro and Arquillian leave folders under /tmp: remove the ones this run creates.
tmp=${TMPDIR:-/tmp}
before=$(ls -d "$tmp"/arquillian-payara-micro* "$tmp"/payaramicro-rt* "$tmp"/natscap-test-js-* 2>/dev/null || true)
cleanup() {
    local dir
    for dir in $(ls -d "$tmp"/arquillian-payara-micro* "$tmp"/payaramicro-rt* "$tmp"/natscap-test-js-* 2>/dev/null || true); do
        grep -qxF "$dir" <<<"$before" || rm -rf "$dir"
    done
}
trap cleanup EXIT

started=$(date +%s)
mvn -B -ntp verify "$@"
natscap_say "all tests passed in $(( $(date +%s) - started )) s"
