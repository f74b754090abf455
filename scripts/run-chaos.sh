#!/usr/bin/env bash
# Chaos: the orders sample on run-cluster.sh's three-node NATS cluster (R3 streams) with INSTANCES
# app instances on one PostgreSQL, under steady load, while it kills nats-server nodes and app
# instances with -9 and starts them again, one part at a time, for DURATION seconds. Then it waits
# until the backlog is billed, counts, prints
#   accepted, stored, billed, lost, duplicated, client errors, longest recovery
# and exits 1 on any loss or duplicate. A soak, not part of the test command.
#   DURATION         seconds of chaos (default 600)
#   RATE             orders offered per second (default 5), taking turns over the instances; a
#                    refused call is tried on the next instance, as a load balancer would
#   DOWN             seconds a killed part stays down (default 20)
#   INSTANCES, PORT  as for run-cluster.sh (2 instances, from port 8080)
#   NATSCAP_DB_URL   an empty database; by default a database natscap_chaos created afresh on the
#                    local PostgreSQL (psql -h 127.0.0.1 -U postgres)
#   NATSCAP_DATA     data and logs (default ./run-chaos); the result is also in chaos-result.txt there
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(natscap_root)
cd "$root"

DURATION=${DURATION:-600}
RATE=${RATE:-5}
DOWN=${DOWN:-20}
INSTANCES=${INSTANCES:-2}
PORT=${PORT:-8080}
# the backlog left when the chaos ends must be billed within this many seconds
SETTLE_LIMIT=300
for setting in DURATION RATE DOWN INSTANCES PORT; do
    case "${!setting}" in
        '' | *[!0-9]* | 0) natscap_die "$setting must be a positive whole number, was '${!setting}'" ;;
    esac
done
[ "$INSTANCES" -ge 2 ] || natscap_die "INSTANCES must be 2 or more: one instance takes the load while another is down"
command -v curl >/dev/null 2>&1 || natscap_install_debian_packages "curl is not installed (the load needs it)" "curl" curl
command -v jq >/dev/null 2>&1 || natscap_install_debian_packages "jq is not installed (the counts need it)" "jq" jq

data=${NATSCAP_DATA:-$root/run-chaos}
rm -rf "$data"
mkdir -p "$data"
data=$(cd "$data" && pwd)
events=$data/events.log     # "<epoch ms> accepted <order id> <instance>", "... error <http status> <instance>", "... kill-node 2" ...

if [ -z "${NATSCAP_DB_URL:-}" ]; then
    command -v psql >/dev/null 2>&1 || natscap_die "psql is not installed: install postgresql-client, or set NATSCAP_DB_URL to an empty database"
    PGOPTIONS=--client-min-messages=warning psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS natscap_chaos" -c "CREATE DATABASE natscap_chaos" \
        >/dev/null || natscap_die "cannot create the database natscap_chaos on 127.0.0.1:5432 as postgres; set NATSCAP_DB_URL to an empty database"
    export NATSCAP_DB_URL="jdbc:postgresql://127.0.0.1:5432/natscap_chaos?user=postgres"
fi

cluster() {
    NATSCAP_DATA=$data/cluster bash "$root/scripts/run-cluster.sh" "$@"
}

now_ms() {
    date +%s%3N
}

# --- the cluster ------------------------------------------------------------------------------
natscap_say "starting the cluster: 3 nats-servers and $INSTANCES instances (log: $data/run-cluster.log)..."
INSTANCES=$INSTANCES PORT=$PORT NATSCAP_DATA=$data/cluster setsid bash "$root/scripts/run-cluster.sh" \
    >"$data/run-cluster.log" 2>&1 < /dev/null &
cluster_pid=$!
load_pid=""

stop_all() {
    trap - INT TERM EXIT
    [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null
    kill -TERM "$cluster_pid" 2>/dev/null || return 0
    natscap_say "stopping the cluster..."
    for _ in $(seq 1 600); do kill -0 "$cluster_pid" 2>/dev/null || return 0; sleep 0.1; done
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

until grep -q "Ctrl-C stops everything this command started" "$data/run-cluster.log"; do
    kill -0 "$cluster_pid" 2>/dev/null || { tail -20 "$data/run-cluster.log" >&2; natscap_die "run-cluster.sh ended; see $data/run-cluster.log"; }
    sleep 1
done
base="http://127.0.0.1:$PORT"
stored_before=$(curl -s "$base/api/orders" | jq length)
[ "$stored_before" = 0 ] || natscap_die "the database already holds $stored_before orders: give NATSCAP_DB_URL an empty database"
natscap_say "the cluster is up; chaos for $DURATION s at $RATE orders/s, each killed part down for $DOWN s"

# --- the load: one order at a time, RATE per second, round robin with fail-over ----------------
load() {
    local i=0 first try n answer status next late
    next=$(now_ms)
    while [ ! -f "$data/stop-load" ]; do
        i=$((i + 1))
        first=$((i % INSTANCES))
        for try in $(seq 0 $((INSTANCES - 1))); do
            n=$(((first + try) % INSTANCES + 1))
            answer=$(curl -s -m 10 -w '\n%{http_code}' -X POST "http://127.0.0.1:$((PORT + n - 1))/api/orders" \
                -H 'Content-Type: application/json' -d "{\"customer\":\"chaos-$i\",\"amount\":1.25}") || answer=$'\n000'
            status=${answer##*$'\n'}
            if [ "$status" = 201 ]; then
                echo "$(now_ms) accepted $(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"${answer%$'\n'*}") $n" >>"$events"
                break
            fi
            # the answer's first 200 characters, on the line: what an instance that is starting says
            echo "$(now_ms) error $status $n $(head -c 200 <<<"${answer%$'\n'*}" | tr -s '\n\t' '  ')" >>"$events"
        done
        # on a fixed schedule of RATE per second; a slow answer is caught up on, not added to the pause
        next=$((next + 1000 / RATE))
        late=$((next - $(now_ms)))
        if [ "$late" -gt 0 ]; then sleep "$(awk "BEGIN { print $late / 1000 }")"; fi
    done
}
load &
load_pid=$!

# --- the faults: a node, then an instance, in turn; one part down at a time --------------------
fault() {   # $1 kill-node|kill-app, $2 which
    echo "$(now_ms) $1 $2" >>"$events"
    cluster "$1" "$2" 2>&1 | sed 's/^/  /' >&2
}
end=$(($(date +%s) + DURATION))
round=0
while [ "$(date +%s)" -lt "$end" ]; do
    node=$((round % 3 + 1))
    fault kill-node "$node"
    sleep "$DOWN"
    cluster start-node "$node" 2>&1 | sed 's/^/  /' >&2
    sleep "$DOWN"
    [ "$(date +%s)" -lt "$end" ] || break
    app=$((round % INSTANCES + 1))
    fault kill-app "$app"
    sleep "$DOWN"
    cluster start-app "$app" 2>&1 | sed 's/^/  /' >&2
    sleep "$DOWN"
    round=$((round + 1))
done
touch "$data/stop-load"
wait "$load_pid" || true
load_pid=""
natscap_say "chaos over; waiting up to $SETTLE_LIMIT s for every accepted order to be billed..."

# --- the counts ---------------------------------------------------------------------------------
grep ' accepted ' "$events" | awk '{ print $3 }' | sort >"$data/accepted.ids"
accepted=$(wc -l <"$data/accepted.ids")
billed_ids() {
    curl -s "$base/api/orders" | jq -r '.[] | select(.status == "BILLED") | .id' | sort
}
settle_end=$(($(date +%s) + SETTLE_LIMIT))
while true; do
    billed_ids >"$data/billed.ids"
    outbox=$(curl -s "$base/api/outbox")
    stored=$(curl -s "$base/api/orders" | jq length)
    published_ok=$(jq '.published.Succeeded // 0' <<<"$outbox")
    received_ok=$(jq '.received.Succeeded // 0' <<<"$outbox")
    unbilled=$(comm -23 "$data/accepted.ids" "$data/billed.ids" | wc -l)
    if [ "$unbilled" = 0 ] && [ "$published_ok" = "$stored" ] && [ "$received_ok" -ge "$stored" ]; then
        break
    fi
    [ "$(date +%s)" -lt "$settle_end" ] || break
    sleep 2
done
comm -23 "$data/accepted.ids" "$data/billed.ids" >"$data/lost.ids"
lost=$(wc -l <"$data/lost.ids")
billed=$(comm -12 "$data/accepted.ids" "$data/billed.ids" | wc -l)
# The inbox runs each event once: more Succeeded receptions (or sent events) than stored orders
# means an order was billed (or published) twice.
duplicated=$(( (received_ok > stored ? received_ok - stored : 0) + (published_ok > stored ? published_ok - stored : 0) ))
client_errors=$(grep -c ' error ' "$events" || true)
unanswered=$((stored - accepted))

# Recovery of a fault: from the kill until the first order accepted after it was billed.
# Longest wait: from an order's 201 until its invoice was written.
curl -s "$base/api/invoices" | jq -r '.[] | .orderId + " " + (.createdAt
    | capture("^(?<s>[^.]*)(\\.(?<f>[0-9]+))?Z$") | (.s + "Z" | fromdateiso8601) * 1000 + (((.f // "0") + "000")[0:3] | tonumber) | tostring)' \
    | sort >"$data/invoiced.times"
grep ' accepted ' "$events" | awk '{ print $3, $1 }' | sort >"$data/accepted.times"
join "$data/accepted.times" "$data/invoiced.times" | sort -k2,2n >"$data/orders.times"   # id accepted-ms invoiced-ms
longest_wait=$(awk '{ w = $3 - $2; if (w > max) max = w } END { print max + 0 }' "$data/orders.times")
longest_recovery=$(grep -E ' kill-(node|app) ' "$events" | while read -r at what which; do
    awk -v at="$at" '$2 >= at { r = $3 - at; if (first == "" || r < first) first = r } END { print (first == "" ? -1 : first), "'"$what $which"'" }' \
        "$data/orders.times"
done | sort -n | tail -1)
faults=$(grep -cE ' kill-(node|app) ' "$events" || true)

result=$(cat <<RESULT
natscap chaos: $DURATION s, $faults faults (kill -9 of a nats-server node or an app instance, down $DOWN s each), $INSTANCES instances, $RATE orders/s offered
  accepted (201)        $accepted ($(awk "BEGIN { printf \"%.1f\", $accepted / $DURATION }") per second)
  stored                $stored ($unanswered more than accepted: committed, but the answer was lost with its instance)
  billed (of accepted)  $billed
  lost                  $lost$( [ "$lost" = 0 ] || echo " (ids in $data/lost.ids)")
  duplicated            $duplicated (outbox sent $published_ok, inbox ran $received_ok, for $stored orders)
  client errors         $client_errors (answers other than 201 or no answer; each was tried on the next instance)
  longest recovery      ${longest_recovery%% *} ms after ${longest_recovery#* } (from the kill until the first order accepted after it was billed)
  longest wait          $longest_wait ms (from an order's 201 until its invoice)
RESULT
)
echo "$result" | tee "$data/chaos-result.txt"
if [ "$lost" != 0 ] || [ "$duplicated" != 0 ]; then
    natscap_say "FAILED: $lost lost, $duplicated duplicated; logs in $data"
    exit 1
fi
