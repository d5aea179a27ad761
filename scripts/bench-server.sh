#!/usr/bin/env bash
# Load benchmark of the intake API on loopback (not a timed test): accepted applications per
# second and latency percentiles for POST /v1/applications, on SQLite and on PostgreSQL.
# Every request is a new qualified application; every 201 is durably committed.
#
#   scripts/bench-server.sh [CONNECTIONS] [SECONDS]     (defaults: 64 connections, 20 s)
#
# The server and the load generator (crates/server/examples/loadgen.rs) share this machine's
# cores. The SQLite database lives under target/ (the repository's disk); the PostgreSQL
# cluster is a throwaway one in /tmp (scripts/lib/pg.sh). Results go to stdout; copy them to
# BENCHMARKS.md with the disk the run used (printed first).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/steps.sh
connections=${1:-64}
seconds=${2:-20}

run_step "build the server and the load generator (release)" \
    bash -c 'source scripts/lib/server-env.sh && cargo build --release --quiet -p prequal-server --bin prequal-server --example loadgen'
server=target/release/prequal-server
loadgen=target/release/examples/loadgen

work=$(mktemp -d -p "$PWD/target" bench-server.XXXXXX)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

eval "$($server keygen)"
export PREQUAL_DATA_KEYS PREQUAL_PASSPORT_HASH_KEY PREQUAL_LOG=warn

settings() { # settings DATABASE_URL
    cat >"$work/settings.toml" <<TOML
database_url = "$1"
data_dir = "$work"
max_concurrent_requests = 4096
[rate_limit]
per_key = 0
per_address = 0
[[partners]]
id = "bench"
publishable_key = "pk_live_bench"
allowed_origins = ["http://127.0.0.1:*"]
secrets = ["sk_live_bench_0123456789"]
config = "demo"
TOML
}

bench() { # bench NAME DATABASE_URL
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    settings "$2"
    PREQUAL_LISTEN=127.0.0.1:$port $server --config "$work/settings.toml" >/dev/null &
    server_pid=$!
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
        sleep 0.1
    done
    echo "== $1: $connections connections, $seconds s (after 3 s warm-up)"
    $loadgen --url "http://127.0.0.1:$port" --key pk_live_bench --connections "$connections" --seconds "$seconds" --warmup 3
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=""
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -r)"
echo "== disk of the SQLite database ($work):"
df -h "$work" | sed 's/^/   /'
findmnt -T "$work" -o TARGET,SOURCE,FSTYPE,OPTIONS | sed 's/^/   /'

bench "SQLite (WAL, synchronous=FULL)" "sqlite://$work/bench.db"

source scripts/lib/pg.sh
pg_start
trap 'cleanup; _pg_stop_cluster' EXIT # pg_start set its own EXIT trap: keep ours too
echo "== PostgreSQL: $("$PG_BIN/postgres" --version), cluster in $PG_DIR (fsync on, synchronous_commit on)"
df -h "$PG_DIR" | sed 's/^/   /'
bench "PostgreSQL" "$PREQUAL_TEST_PG_URL"
