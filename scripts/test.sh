#!/usr/bin/env bash
# Runs every test: formatting, lints, the native suites, the widget in headless Chromium, and
# the end-to-end browser tests. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/steps.sh
started=$(date +%s)

bash scripts/setup.sh

wasm() { ( source scripts/lib/wasm-env.sh && "$@" ); }

run_step "cargo fmt --check" cargo fmt --all --check
run_step "cargo clippy (host)" cargo clippy --workspace --all-targets --all-features --quiet -- -D warnings
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    # The browser tests compile only for wasm32; Debian's toolchain has no clippy, rustup's has.
    run_step "cargo clippy (widget, wasm32)" cargo clippy -p prequal-widget --target wasm32-unknown-unknown --tests --all-features --quiet -- -D warnings
fi
# The server's storage tests run on SQLite and on a real PostgreSQL: a throwaway cluster on a
# free loopback port, removed when this script exits. With PREQUAL_TEST_PG_URL set they fail
# rather than skip if it cannot be reached.
step "throwaway PostgreSQL for the server's tests"
source scripts/lib/pg.sh
pg_start || fail "cannot start a PostgreSQL cluster" "install Debian's postgresql (scripts/setup.sh does) or see scripts/lib/pg.sh"
echo "  $PREQUAL_TEST_PG_URL"
step_end
run_step "native tests (rules, CLI, server, the widget's pure parts)" cargo test --workspace --all-features
run_step "contract: JSON Schemas against the CLI's output" node --test tests/schemas.test.mjs
run_step "build: the wasm's and the glue's shortened names" node --test tests/wasm-names.test.mjs
run_step "widget components in headless Chromium (wasm-bindgen-test)" \
    wasm cargo test -p prequal-widget --target wasm32-unknown-unknown
run_step "build the widget for the browser tests (trunk, debug)" \
    wasm trunk build --dist target/e2e-dist
run_step "build the embed loader for the browser tests (debug)" \
    wasm bash scripts/build-embed.sh --debug target/e2e-dist
run_step "end-to-end in headless Chromium (Playwright, axe-core)" \
    node --test --test-concurrency=1 tests/e2e/

echo "All tests passed in $(( $(date +%s) - started )) s."
