#!/usr/bin/env bash
# The main job: builds what is missing, starts nats-server (unless NATS_URL names one) and
# Payara Micro with the nats-ra adapter (pool jca/nats) and the orders sample on PORT. Ctrl-C
# stops everything it started.
#   NATS_URL   use this NATS server (e.g. nats://127.0.0.1:4222) and start none
#   PORT       Payara Micro's HTTP port (default 8080)
#   NATSCAP_DATA  where the data and logs go (default ./run): JetStream's in nats/, the embedded
#                 database in db/, Payara Micro's domain in payara/ (made afresh at every start)
#   NATSCAP_DB_URL  keep orders and the outbox in this database instead of the embedded H2:
#                 jdbc:postgresql://host:port/db or jdbc:mariadb://host:port/db; the user and
#                 password come from NATSCAP_DB_USER and NATSCAP_DB_PASSWORD
#   NATSCAP_BUILD  0: do not build, start what sample-ear/micro/target/runtime holds
#   NATSCAP_STREAM_REPLICAS  replicas of the streams the sample creates (default 1; 3 on a cluster)
#
# From another terminal, while it runs (the same NATSCAP_DATA):
#   scripts/run-sample.sh nats stop|start|restart   stop or start the nats-server it started
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(natscap_root)
cd "$root"

PORT=${PORT:-8080}
data=${NATSCAP_DATA:-$root/run}
mkdir -p "$data"
data=$(cd "$data" && pwd)
case "$data" in
    *[[:space:]]*) natscap_die "NATSCAP_DATA ($data) must be a path without spaces (Payara's commands take it unquoted)" ;;
esac

# The nats-server this script starts; its pid and port are kept in $data so that the nats
# subcommands (another terminal) and Ctrl-C (this one) find whichever one runs now.
nats_pid_file=$data/nats-server.pid
nats_port_file=$data/nats-server.port

start_nats_server() {
    local port=$1 pid
    "$NATS_SERVER" -a 127.0.0.1 -p "$port" -js -sd "$data/nats" -l "$data/nats-server.log" >/dev/null 2>&1 &
    pid=$!
    echo "$pid" >"$nats_pid_file"
    echo "$port" >"$nats_port_file"
    natscap_await_nats_server "$port" "$pid" "$data/nats-server.log"
}

stop_nats_server() {
    local pid
    pid=$(natscap_running_pid "$nats_pid_file") || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

if [ "${1:-}" = nats ]; then
    [ -f "$nats_port_file" ] || natscap_die "no nats-server of run-sample.sh in $data (it uses NATS_URL's server, or is not running)"
    port=$(cat "$nats_port_file")
    case "${2:-}" in
        stop)
            pid=$(natscap_running_pid "$nats_pid_file") || natscap_die "the nats-server on port $port is not running"
            stop_nats_server
            natscap_say "stopped nats-server (pid $pid, port $port); orders are still taken and wait in the outbox. Start it again: $0 nats start" ;;
        start)
            pid=$(natscap_running_pid "$nats_pid_file") && natscap_die "nats-server is running already (pid $pid, port $port)"
            natscap_find_nats_server
            start_nats_server "$port"
            natscap_say "started nats-server again on port $port (pid $(cat "$nats_pid_file")); the outbox sends what waited" ;;
        restart)
            stop_nats_server
            natscap_find_nats_server
            start_nats_server "$port"
            natscap_say "restarted nats-server on port $port (pid $(cat "$nats_pid_file"))" ;;
        *) natscap_die "usage: $0 nats stop|start|restart" ;;
    esac
    exit 0
elif [ -n "${1:-}" ]; then
    natscap_die "usage: $0 [nats stop|start|restart]; see the comment at the top of $0 for its variables"
fi

natscap_check_tools

natscap_port_in_use "$PORT" && natscap_die "port $PORT is in use: set PORT to a free HTTP port"

runtime=sample-ear/micro/target/runtime
if [ "${NATSCAP_BUILD:-1}" != 0 ]; then
    natscap_build_sample
fi
for part in payara-micro.jar nats-ra.rar orders.war postgresql.jar mariadb.jar; do
    [ -f "$runtime/$part" ] || natscap_die "$runtime/$part is missing: run without NATSCAP_BUILD=0 to build it"
done

payara=""
started_nats=""
stop_all() {
    trap - INT TERM EXIT
    if [ -n "$payara" ] || [ -n "$started_nats" ]; then
        natscap_say "stopping..."
    fi
    if [ -n "$payara" ]; then
        kill "$payara" 2>/dev/null || true
        wait "$payara" 2>/dev/null || true
    fi
    if [ -n "$started_nats" ]; then
        stop_nats_server
        rm -f "$nats_pid_file" "$nats_port_file"
    fi
}
trap stop_all INT TERM EXIT

if [ -n "${NATS_URL:-}" ]; then
    nats_url=$NATS_URL
    rm -f "$nats_pid_file" "$nats_port_file"   # a previous run's, when it started one
    natscap_say "using the NATS server at $nats_url (NATS_URL)"
else
    natscap_find_nats_server
    nats_port=4222
    while natscap_port_in_use "$nats_port"; do
        nats_port=$((nats_port + 1))
    done
    nats_url="nats://127.0.0.1:$nats_port"
    started_nats=yes
    start_nats_server "$nats_port"
    natscap_say "started nats-server with JetStream at $nats_url (data in $data/nats)"
fi

# The streams' replicas, for the billing bean's stream (the adapter's streamReplicas) and the
# outbox's (cap.stream.replicas, which MicroProfile Config reads from CAP_STREAM_REPLICAS).
stream_replicas=${NATSCAP_STREAM_REPLICAS:-1}
case "$stream_replicas" in
    [1-5]) export CAP_STREAM_REPLICAS=$stream_replicas ;;
    *) natscap_die "NATSCAP_STREAM_REPLICAS must be 1 to 5, was $stream_replicas" ;;
esac

# asadmin wants the colons in property values escaped.
escaped_url=${nats_url//:/\\:}
cat > "$data/postboot.asadmin" <<ASADMIN
create-resource-adapter-config --property servers=$escaped_url:streamReplicas=$stream_replicas nats-ra
deploy --name nats-ra $root/$runtime/nats-ra.rar
ASADMIN
# the pool the orders application borrows from: the project's one definition of it
sed -e 's/@POOL@/nats-pool/g' -e 's|@JNDI@|jca/nats|g' -e 's/@MAX_POOL_SIZE@/16/g' \
    -e "s|@PROPERTIES@|servers=${escaped_url//\\/\\\\}|g" "$root/scripts/nats-pool.asadmin" >> "$data/postboot.asadmin"

# Orders, invoices and the outbox share the default data source (java:comp/DefaultDataSource),
# so that an order and its event commit together. Its pool is pointed at their database here.
if [ -n "${NATSCAP_DB_URL:-}" ]; then
    case "$NATSCAP_DB_URL" in
        jdbc:postgresql:*) datasource=org.postgresql.ds.PGSimpleDataSource ;;
        jdbc:mariadb:*) datasource=org.mariadb.jdbc.MariaDbDataSource ;;
        *) natscap_die "NATSCAP_DB_URL must start with jdbc:postgresql: or jdbc:mariadb:, not ${NATSCAP_DB_URL%%//*}" ;;
    esac
    # the URL with asadmin's separators escaped; user and password stay references to the
    # environment (${ENV=…}), so that no command Payara logs shows them
    escaped_db_url=$(printf '%s' "$NATSCAP_DB_URL" | sed -e 's/[:=]/\\&/g')
    if [ -n "${NATSCAP_DB_USER:-}" ] && [ -z "${NATSCAP_DB_PASSWORD:-}" ]; then
        natscap_die "NATSCAP_DB_USER is set but NATSCAP_DB_PASSWORD is not: Payara's pool needs both. A user without a password goes into the URL: ${NATSCAP_DB_URL%%\?*}?user=$NATSCAP_DB_USER"
    fi
    credentials=""
    if [ -n "${NATSCAP_DB_USER:-}" ]; then
        credentials=":user=\${ENV=NATSCAP_DB_USER}:password=\${ENV=NATSCAP_DB_PASSWORD}"
    fi
    cat >> "$data/postboot.asadmin" <<ASADMIN
create-jdbc-connection-pool --datasourceclassname $datasource --restype javax.sql.DataSource --steadypoolsize=2 --maxpoolsize=32 --isconnectvalidatereq=true --validationmethod=meta-data --property url=$escaped_db_url$credentials natscap-db
set resources.jdbc-resource.jdbc/__default.pool-name=natscap-db
ASADMIN
    database="${NATSCAP_DB_URL%%\?*} (NATSCAP_DB_URL)"
else
    # The embedded H2 lives outside Payara's domain, which is made afresh at every start, and writes
    # every commit to its file before the commit returns (WRITE_DELAY=0; H2's default is to write
    # up to 0.5 s later, and a crash loses what was answered in that time).
    mkdir -p "$data/db"
    echo "set resources.jdbc-connection-pool.H2Pool.property.URL=jdbc:h2:file:$data/db/orders;WRITE_DELAY=0" >> "$data/postboot.asadmin"
    database="embedded H2 in $data/db (kept across restarts)"
fi

# Payara Micro keeps its domain in --rootdir: start from a fresh one so that the post-boot
# commands (deploy, create pool) run against an empty domain every time.
rm -rf "$data/payara"
natscap_say "starting Payara Micro on port $PORT (log: $data/payara.log)..."
# The RAR comes from the post-boot commands, before the application (--deploy) that needs it.
java -jar "$runtime/payara-micro.jar" --nocluster --port "$PORT" --rootdir "$data/payara" \
    --postbootcommandfile "$data/postboot.asadmin" --logproperties "$root/scripts/sample-logging.properties" --addlibs "$runtime/postgresql.jar:$runtime/mariadb.jar" \
    --deploy "$runtime/orders.war" --contextroot / \
    >"$data/payara.log" 2>&1 &
payara=$!

started=$(date +%s)
until grep -q "Payara Micro .* ready" "$data/payara.log" 2>/dev/null; do
    kill -0 "$payara" 2>/dev/null || natscap_die "Payara Micro stopped during start-up; see $data/payara.log"
    [ $(( $(date +%s) - started )) -lt 300 ] || natscap_die "Payara Micro was not ready within 300 s; see $data/payara.log"
    sleep 0.5
done
grep -q "nats-ra was successfully deployed" "$data/payara.log" || natscap_die "nats-ra did not deploy; see $data/payara.log"
grep -q "orders was successfully deployed" "$data/payara.log" || natscap_die "the orders sample did not deploy; see $data/payara.log"

cat <<READY

natscap's orders sample is up ($(( $(date +%s) - started )) s to ready):
  page            http://127.0.0.1:$PORT/
  NATS            $nats_url
  nats-ra         deployed; connection pool nats-pool bound at jca/nats
  database        $database
  logs            $data/payara.log, $data/nats-server.log

Try it, in another terminal in $root (each line works as pasted):
  PORT=$PORT scripts/place-order.sh alice 12.5     # places an order, follows it to BILLED, shows the invoice
  curl -s http://127.0.0.1:$PORT/api/outbox        # the outbox and inbox by status
  curl -s http://127.0.0.1:$PORT/health/ready      # UP; DOWN (503) while NATS is stopped
READY
if [ -n "$started_nats" ]; then
    cat <<READY
  NATSCAP_DATA=$data scripts/run-sample.sh nats stop    # then place an order: it waits in the outbox
  NATSCAP_DATA=$data scripts/run-sample.sh nats start   # and is billed a moment later
READY
fi
cat <<READY
The console: http://127.0.0.1:$PORT/natscap/ (operator / operator).

Ctrl-C stops everything this command started.
READY
wait "$payara"
