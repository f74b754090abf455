#!/usr/bin/env bash
# The benchmark: builds what is missing, then runs benchmarks/bench-runner, which starts its own
# nats-server (free port, never 4222) and Payara Micro with the RAR and the benchmark application,
# and measures natscap beside its baselines. Needs PostgreSQL on 127.0.0.1:5432 (database test,
# user postgres, trust) for the PostgreSQL runs; BENCH_DATABASES=h2 leaves it out.
# Takes about 30 minutes with the defaults. Prints the table; writes JSON and Markdown to
# benchmarks/target/results (or BENCH_OUTPUT).
#   BENCH_SECONDS        seconds per measured run (default 10)
#   BENCH_RUNS           measured runs per case (default 3)
#   BENCH_WARMUP_SECONDS seconds of each warm-up run (default 5)
#   BENCH_CALLERS        comma list of concurrent callers for cases 1 and 2 (default 1,8)
#   BENCH_CASES          comma list of outbox,scale,publish,consume,txconsume,concurrency,recovery,drain,footprint
#                        (default all; scale needs PostgreSQL; recovery, drain and concurrency run on PostgreSQL if listed)
#   BENCH_DATABASES      comma list of h2,postgresql (default both)
#   BENCH_RECOVERY_RATE  outbox transactions per second during the recovery case (default 200)
#   BENCH_OUTAGE_SECONDS how long nats-server is stopped in the recovery case (default 10)
#   BENCH_JVM_OPTIONS    Payara Micro's JVM options (default "-Xms512m -Xmx1g")
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(natscap_root)
cd "$root"

natscap_check_tools
natscap_find_nats_server

if [[ ",${BENCH_DATABASES:-h2,postgresql}," == *",postgresql,"* ]]; then
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null \
        || natscap_die "PostgreSQL is not listening on 127.0.0.1:5432 (database test, user postgres): start it, or set BENCH_DATABASES=h2"
fi

natscap_say "building (mvn package, tests skipped)..."
mvn -B -ntp -q -DskipTests package -pl benchmarks/bench-runner -am || natscap_die "the build failed (see above)"

runner=benchmarks/bench-runner/target
work=$runner/work
mkdir -p "$work/tmp"
natscap_say "running the benchmark (Payara Micro logs under $work while it runs)..."
java -Djava.io.tmpdir="$root/$work/tmp" \
    -Dbench.runtime="$runner/runtime" -Dbench.work="$work" -Dbench.output="${BENCH_OUTPUT:-benchmarks/target/results}" \
    -Dbench.seconds="${BENCH_SECONDS:-}" -Dbench.runs="${BENCH_RUNS:-}" -Dbench.warmupSeconds="${BENCH_WARMUP_SECONDS:-}" \
    -Dbench.cases="${BENCH_CASES:-}" -Dbench.callers="${BENCH_CALLERS:-}" -Dbench.databases="${BENCH_DATABASES:-}" \
    -Dbench.recoveryRate="${BENCH_RECOVERY_RATE:-}" -Dbench.outageSeconds="${BENCH_OUTAGE_SECONDS:-}" \
    -Dbench.jvmOptions="${BENCH_JVM_OPTIONS:--Xms512m -Xmx1g}" \
    -cp "$runner/classes:$(cat "$runner/classpath.txt")" io.natscap.bench.runner.BenchmarkRunner
