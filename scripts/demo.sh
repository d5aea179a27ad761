#!/usr/bin/env bash
# Builds the widget (release) and serves the demo partner page on 127.0.0.1.
#   PREQUAL_PORT  the port (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/steps.sh
port=${PREQUAL_PORT:-8080}

PREQUAL_SKIP_BROWSER=1 bash scripts/setup.sh
run_step "build the widget (trunk, release)" \
    bash -c 'source scripts/lib/wasm-env.sh && trunk build --release'

echo
echo "Demo: http://127.0.0.1:$port/   (Ctrl+C stops it)"
exec python3 -m http.server --bind 127.0.0.1 --directory dist "$port"
