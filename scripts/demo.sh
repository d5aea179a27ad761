#!/usr/bin/env bash
# Builds the widget (release) and runs the intake API server in demo mode on 127.0.0.1: the demo
# pages under /, the API under /v1/, the test partner pk_test_demo with the built-in demo
# configuration, its SQLite database under PREQUAL_DATA (a restart keeps what was accepted).
#   PREQUAL_PORT  the port (default 8080)
#   PREQUAL_DATA  the data directory (default ./data; development keys are generated there)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/steps.sh

PREQUAL_SKIP_BROWSER=1 PREQUAL_BUNDLE=1 bash scripts/setup.sh
run_step "build the widget (trunk, release)" \
    bash -c 'export PREQUAL_BUNDLE=1 && source scripts/lib/wasm-env.sh && trunk build --release'
run_step "build the embed loader (dist/prequal.js)" bash scripts/build-embed.sh --release dist
run_step "build the server (release)" \
    bash -c 'source scripts/lib/server-env.sh && cargo build --release --quiet -p prequal-server --bin prequal-server'

echo
# The server prints the URL; Ctrl+C (SIGINT) or SIGTERM stops it gracefully.
exec target/release/prequal-server --demo
