# A throwaway PostgreSQL cluster for the tests: initdb in a temporary directory, a free
# loopback port, removed afterwards (../shared/docs/toolchain.md, "A throwaway PostgreSQL").
#
# As a library (scripts/test.sh):   source scripts/lib/pg.sh; pg_start
#   exports PREQUAL_TEST_PG_URL and stops and removes the cluster when the shell exits.
# As a command (the server's tests, when PREQUAL_TEST_PG_URL is not set):
#   bash scripts/lib/pg.sh start-for PID
#   prints the URL; the cluster stops and is removed once process PID has exited.
#
# initdb refuses to run as root: as root the cluster runs as the `postgres` user (runuser).

_pg_bin() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
        echo "PostgreSQL's server is not installed: run scripts/setup.sh (Debian's postgresql), or set PREQUAL_TEST_PG_URL" >&2
        return 1
    fi
    echo "$d"
}

_pg_as() { # run a server tool as the cluster's owner
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a cluster; sets PG_DIR, PG_BIN and exports PREQUAL_TEST_PG_URL.
_pg_start_cluster() {
    PG_BIN=$(_pg_bin) || return 1
    PG_DIR=$(mktemp -d /tmp/prequal-pg.XXXXXX)
    chmod 755 "$PG_DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
    _pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; rm -rf "$PG_DIR"; return 1; }
    local port tries=0
    while :; do
        port=$(_pg_free_port)
        if _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 start \
            -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null; then
            break
        fi
        tries=$((tries + 1))
        if [ "$tries" -ge 3 ]; then
            cat "$PG_DIR/log" >&2
            rm -rf "$PG_DIR"
            return 1
        fi
    done
    export PREQUAL_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

_pg_stop_cluster() {
    [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] || return 0
    _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}

pg_start() {
    _pg_start_cluster || return 1
    trap _pg_stop_cluster EXIT
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        start-for)
            owner=${2:?usage: pg.sh start-for PID}
            _pg_start_cluster
            # A watchdog, detached from our stdout so the caller's read ends now.
            PG_DIR=$PG_DIR PG_BIN=$PG_BIN OWNER=$owner setsid bash -c "
                $(declare -f _pg_as _pg_stop_cluster)
                while kill -0 \"\$OWNER\" 2>/dev/null; do sleep 1; done
                _pg_stop_cluster" </dev/null >/dev/null 2>&1 &
            echo "$PREQUAL_TEST_PG_URL"
            ;;
        *)
            echo "usage: bash scripts/lib/pg.sh start-for PID   (or source it and call pg_start)" >&2
            exit 2
            ;;
    esac
fi
