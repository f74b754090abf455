#!/usr/bin/env bash
# Places an order with the running orders sample and follows it: NEW, then BILLED with its invoice.
# Usage: scripts/place-order.sh [customer] [amount]   (PORT: the sample's HTTP port, default 8080)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

customer=${1:-alice}
amount=${2:-12.5}
base="http://127.0.0.1:${PORT:-8080}"
command -v curl >/dev/null 2>&1 || natscap_die "curl is not installed (apt-get install curl)"

answer=$(curl -s -w '\n%{http_code}' -X POST "$base/api/orders" -H 'Content-Type: application/json' \
    -d "{\"customer\":\"$customer\",\"amount\":$amount}") \
    || natscap_die "nothing answers at $base: is scripts/run-sample.sh running (PORT=${PORT:-8080})?"
status=${answer##*$'\n'}
body=${answer%$'\n'*}
echo "POST /api/orders -> $status $body"
[ "$status" = 201 ] || exit 1
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$body")

for _ in $(seq 1 30); do
    order=$(curl -s "$base/api/orders/$id")
    if grep -q '"status":"BILLED"' <<<"$order"; then
        echo "GET /api/orders/$id -> $order"
        echo "GET /api/invoices/$id -> $(curl -s "$base/api/invoices/$id")"
        exit 0
    fi
    sleep 1
done
echo "GET /api/orders/$id -> $order"
natscap_say "not billed within 30 s: while NATS is down the event waits in the outbox and goes out when NATS is back" \
    "(follow it with: curl -s $base/api/orders/$id)"
