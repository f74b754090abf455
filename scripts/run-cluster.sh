#!/usr/bin/env bash
# The orders sample scaled out on this machine: a NATS cluster of three nats-servers with JetStream
# (routes on loopback, streams with 3 replicas) and INSTANCES instances of the sample on one
# database, each on its own HTTP port, all taking orders and billing them in one group.
# Ctrl-C stops everything it started, also what the subcommands below started again.
#   INSTANCES       app instances (default 2), on ports PORT, PORT+1, ... (PORT default 8080)
#   NATSCAP_DB_URL  the shared database (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres);
#                   NATSCAP_DB_USER and NATSCAP_DB_PASSWORD as for run-sample.sh
#   NATSCAP_DATA    data and logs (default ./run-cluster): node-N/ and app-N/
#
# From another terminal, while it runs (the same NATSCAP_DATA):
#   scripts/run-cluster.sh kill-node N | start-node N   kill -9 / start again nats-server N (1-3)
#   scripts/run-cluster.sh kill-app N | start-app N     kill -9 / start again app instance N (1-INSTANCES)
#   scripts/run-cluster.sh status                        what runs now
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(natscap_root)
cd "$root"

data=${NATSCAP_DATA:-$root/run-cluster}
mkdir -p "$data"
data=$(cd "$data" && pwd)
NODES=3
# The subcommands start instances again as the running cluster started them: with its settings,
# kept here (readable by this user only: it may hold the database password).
settings=$data/cluster.settings
if [ -n "${1:-}" ] && [ -f "$settings" ]; then
    # shellcheck source=/dev/null
    source "$settings"
fi
INSTANCES=${INSTANCES:-2}
PORT=${PORT:-8080}
export NATSCAP_DB_URL=${NATSCAP_DB_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
[ -n "${NATSCAP_DB_USER:-}" ] && export NATSCAP_DB_USER
[ -n "${NATSCAP_DB_PASSWORD:-}" ] && export NATSCAP_DB_PASSWORD

node_urls() {
    local urls="" n
    for n in $(seq 1 $NODES); do
        urls="$urls${urls:+,}nats://127.0.0.1:$(cat "$data/node-$n/client.port")"
    done
    echo "$urls"
}

start_node() {   # starts node $1 from its configuration, detached from this terminal's job control
    local n=$1 port
    port=$(cat "$data/node-$n/client.port")
    setsid "$NATS_SERVER" -c "$data/node-$n/nats.conf" >>"$data/node-$n/nats-server.log" 2>&1 < /dev/null &
    echo $! >"$data/node-$n/pid"
    natscap_await_nats_server "$port" "$!" "$data/node-$n/nats-server.log"
}

kill_node() {
    local pid
    pid=$(natscap_running_pid "$data/node-$1/pid") || natscap_die "nats-server $1 is not running"
    kill -9 "$pid"
    natscap_say "killed nats-server $1 (pid $pid)"
}

start_app() {   # runs run-sample.sh for instance $1 against the cluster, in the background
    local n=$1
    mkdir -p "$data/app-$n"
    # new files, the old ones kept by the time they were put aside (a run-sample.sh that ended
    # lately may still hold its log open; and each start writes a new payara.log)
    local log stamp
    stamp=$(date +%H%M%S)
    for log in run-sample.log payara.log; do
        if [ -f "$data/app-$n/$log" ]; then mv "$data/app-$n/$log" "$data/app-$n/$log.$stamp"; fi
    done
    PORT=$((PORT + n - 1)) NATSCAP_DATA="$data/app-$n" NATS_URL="$(node_urls)" NATSCAP_BUILD=0 NATSCAP_STREAM_REPLICAS=3 \
        setsid bash "$root/scripts/run-sample.sh" >"$data/app-$n/run-sample.log" 2>&1 < /dev/null &
    echo $! >"$data/app-$n/pid"
}

await_app() {
    local n=$1 pid
    for _ in $(seq 1 600); do
        grep -q "Ctrl-C stops everything" "$data/app-$n/run-sample.log" 2>/dev/null && natscap_port_in_use $((PORT + n - 1)) && return 0
        pid=$(natscap_running_pid "$data/app-$n/pid") || natscap_die "instance $n ended during start-up; see $data/app-$n/run-sample.log"
        sleep 0.5
    done
    natscap_die "instance $n was not up within 300 s; see $data/app-$n/run-sample.log"
}

kill_app() {   # kill -9 of the instance's Payara Micro; its run-sample.sh then ends by itself
    local java
    java=$(pgrep -f -- "--rootdir $data/app-$1/payara" || true)
    [ -n "$java" ] || natscap_die "instance $1 is not running"
    kill -9 $java
    natscap_say "killed instance $1 (Payara Micro pid $java)"
}

check_number() {   # $1 what, $2 value, $3 largest
    case "$2" in
        '' | *[!0-9]*) natscap_die "$1 must be a number from 1 to $3, was '$2'" ;;
    esac
    [ "$2" -ge 1 ] && [ "$2" -le "$3" ] || natscap_die "$1 must be a number from 1 to $3, was $2"
}

if [ -n "${1:-}" ]; then
    [ -d "$data/node-1" ] || natscap_die "no cluster of run-cluster.sh in $data"
    case "$1" in
        kill-node) check_number "node" "${2:-}" $NODES; kill_node "$2" ;;
        start-node)
            check_number "node" "${2:-}" $NODES
            natscap_running_pid "$data/node-$2/pid" >/dev/null && natscap_die "nats-server $2 is running already"
            natscap_find_nats_server 2>/dev/null
            start_node "$2"
            natscap_say "started nats-server $2 again" ;;
        kill-app) check_number "instance" "${2:-}" "$INSTANCES"; kill_app "$2" ;;
        start-app)
            check_number "instance" "${2:-}" "$INSTANCES"
            pgrep -f -- "--rootdir $data/app-$2/payara" >/dev/null && natscap_die "instance $2 is running already"
            start_app "$2"
            await_app "$2"
            natscap_say "instance $2 is up again on port $((PORT + $2 - 1))" ;;
        status)
            for n in $(seq 1 $NODES); do
                if natscap_running_pid "$data/node-$n/pid" >/dev/null; then s=up; else s=down; fi
                echo "nats-server $n  port $(cat "$data/node-$n/client.port")  $s"
            done
            for n in $(seq 1 "$INSTANCES"); do
                if pgrep -f -- "--rootdir $data/app-$n/payara" >/dev/null; then s=up; else s=down; fi
                echo "instance $n     port $((PORT + n - 1))  $s"
            done ;;
        *) natscap_die "usage: $0 [kill-node N | start-node N | kill-app N | start-app N | status]" ;;
    esac
    exit 0
fi

check_number "INSTANCES" "$INSTANCES" 9
(umask 077 && printf 'INSTANCES=%q\nPORT=%q\nNATSCAP_DB_URL=%q\nNATSCAP_DB_USER=%q\nNATSCAP_DB_PASSWORD=%q\n' \
    "$INSTANCES" "$PORT" "$NATSCAP_DB_URL" "${NATSCAP_DB_USER:-}" "${NATSCAP_DB_PASSWORD:-}" >"$settings")
natscap_check_tools
natscap_find_nats_server
for n in $(seq 1 "$INSTANCES"); do
    natscap_port_in_use $((PORT + n - 1)) && natscap_die "port $((PORT + n - 1)) is in use: set PORT so that $INSTANCES ports from it are free"
done

stop_all() {
    trap - INT TERM EXIT
    natscap_say "stopping..."
    local n pid
    for n in $(seq 1 "$INSTANCES"); do
        pid=$(natscap_running_pid "$data/app-$n/pid") && kill "$pid" 2>/dev/null || true
    done
    for n in $(seq 1 "$INSTANCES"); do
        pid=$(cat "$data/app-$n/pid" 2>/dev/null) || continue
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    for n in $(seq 1 $NODES); do
        pid=$(natscap_running_pid "$data/node-$n/pid") && kill "$pid" 2>/dev/null || true
    done
    rm -f "$settings"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# The nodes: free client and route ports, each its own store, the cluster's routes to the others.
ports=()
while [ ${#ports[@]} -lt $((2 * NODES)) ]; do
    candidate=$((20000 + RANDOM % 20000))
    natscap_port_in_use "$candidate" || [[ " ${ports[*]} " == *" $candidate "* ]] || ports+=("$candidate")
done
for n in $(seq 1 $NODES); do
    mkdir -p "$data/node-$n"
    echo "${ports[$((n - 1))]}" >"$data/node-$n/client.port"
done
for n in $(seq 1 $NODES); do
    routes=""
    for other in $(seq 1 $NODES); do
        [ "$other" = "$n" ] || routes="$routes${routes:+, }nats-route://127.0.0.1:${ports[$((NODES + other - 1))]}"
    done
    cat >"$data/node-$n/nats.conf" <<CONF
server_name: n$n
listen: 127.0.0.1:${ports[$((n - 1))]}
jetstream { store_dir: "$data/node-$n/store" }
cluster {
  name: natscap-sample
  listen: 127.0.0.1:${ports[$((NODES + n - 1))]}
  routes: [ $routes ]
}
CONF
done
for n in $(seq 1 $NODES); do
    start_node "$n"
done
natscap_say "started a NATS cluster of $NODES nodes: $(node_urls) (data in $data/node-N)"

natscap_build_sample

# one after the other: the first creates the tables
for n in $(seq 1 "$INSTANCES"); do
    natscap_say "starting instance $n on port $((PORT + n - 1)) (log: $data/app-$n/payara.log)..."
    start_app "$n"
    await_app "$n"
done

cat <<READY

The orders sample runs on a NATS cluster ($NODES nodes, streams with 3 replicas) with $INSTANCES instances:
$(for n in $(seq 1 "$INSTANCES"); do echo "  instance $n      http://127.0.0.1:$((PORT + n - 1))/"; done)
  NATS            $(node_urls)
  database        ${NATSCAP_DB_URL%%\?*}

Try it, in another terminal in $root:
  PORT=$PORT scripts/place-order.sh alice 12.5
  NATSCAP_DATA=$data scripts/run-cluster.sh kill-node 1     # and start-node 1; kill-app 1, start-app 1; status

Ctrl-C stops everything this command started.
READY
while true; do
    sleep 3600 &
    wait $! || true
done
