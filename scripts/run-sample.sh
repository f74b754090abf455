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

natscap_check_tools

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port_in_use "$PORT" && natscap_die "port $PORT is in use: set PORT to a free HTTP port"

runtime=sample-ear/micro/target/runtime
if [ "${NATSCAP_BUILD:-1}" != 0 ]; then
    natscap_say "building (mvn package, tests skipped)..."
    mvn -B -ntp -q -DskipTests package -pl sample-ear/micro -am || natscap_die "the build failed (see above)"
fi
for part in payara-micro.jar nats-ra.rar orders.war postgresql.jar mariadb.jar; do
    [ -f "$runtime/$part" ] || natscap_die "$runtime/$part is missing: run without NATSCAP_BUILD=0 to build it"
done

pids=()
stop_all() {
    trap - INT TERM EXIT
    if [ ${#pids[@]} -gt 0 ]; then
        natscap_say "stopping..."
        kill "${pids[@]}" 2>/dev/null || true
        wait "${pids[@]}" 2>/dev/null || true
    fi
}
trap stop_all INT TERM EXIT

if [ -n "${NATS_URL:-}" ]; then
    nats_url=$NATS_URL
    natscap_say "using the NATS server at $nats_url (NATS_URL)"
else
    natscap_find_nats_server
    nats_port=4222
    while port_in_use "$nats_port"; do
        nats_port=$((nats_port + 1))
    done
    nats_url="nats://127.0.0.1:$nats_port"
    "$NATS_SERVER" -a 127.0.0.1 -p "$nats_port" -js -sd "$data/nats" -l "$data/nats-server.log" &
    pids+=($!)
    for _ in $(seq 1 100); do
        port_in_use "$nats_port" && break
        kill -0 "${pids[0]}" 2>/dev/null || natscap_die "nats-server did not start; see $data/nats-server.log"
        sleep 0.1
    done
    port_in_use "$nats_port" || natscap_die "nats-server did not listen on $nats_port within 10 s; see $data/nats-server.log"
    natscap_say "started nats-server with JetStream at $nats_url (data in $data/nats)"
fi

# asadmin wants the colons in property values escaped.
escaped_url=${nats_url//:/\\:}
cat > "$data/postboot.asadmin" <<ASADMIN
create-resource-adapter-config --property servers=$escaped_url nats-ra
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
    --postbootcommandfile "$data/postboot.asadmin" --addlibs "$runtime/postgresql.jar:$runtime/mariadb.jar" \
    --deploy "$runtime/orders.war" --contextroot / \
    >"$data/payara.log" 2>&1 &
payara=$!
pids+=($payara)

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

Try it:
  curl -si -X POST http://127.0.0.1:$PORT/api/orders -H 'Content-Type: application/json' -d '{"customer":"alice","amount":12.5}'
  curl -s http://127.0.0.1:$PORT/api/orders/<id>          # NEW, then BILLED
  curl -s http://127.0.0.1:$PORT/api/invoices/<id>

Ctrl-C stops everything this command started.
READY
wait "$payara"
