#!/usr/bin/env bash
# The widget's size and speed next to a minimal Yew app built the same way (a benchmark, not a
# timed test; numbers go into BENCHMARKS.md, "Widget").
#
#   scripts/bench-widget.sh            15 loads each (PREQUAL_BENCH_LOADS overrides, min 10)
#
# Builds both release bundles with Trunk (wasm-opt -Oz) into a temporary directory, and a third
# for scale: the widget's first screen as static Yew markup (benches/first-screen), then
# benches/widget-bench.mjs reports: bytes of wasm + JS + CSS raw, gzip -9 and brotli -q 11;
# the median time from navigation to interactive over interleaved loads in headless Chromium
# (a fresh browser context, so a cold cache, for every load); and the latency from a keystroke
# to the field's message in the DOM (rules check + render), measured in the page with
# performance.now(). Needs what scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

PREQUAL_BUNDLE=1 bash scripts/setup.sh >&2
# Both apps are built the way the demo builds the bundle (scripts/lib/wasm-env.sh).
export PREQUAL_BUNDLE=1
wasm() { ( source scripts/lib/wasm-env.sh && "$@" ); }

echo "building the widget (release) ..." >&2
wasm trunk build --release --dist "$out/widget" >/dev/null
echo "building the minimal Yew app (release) ..." >&2
(
    cd benches/minimal-yew
    source "$root/scripts/lib/wasm-env.sh"
    # Its own target directory: its lockfile is its own, and the widget's stays untouched.
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/bench-minimal"
    trunk build --release --dist "$out/minimal" >/dev/null
)
echo "building the widget's first screen as static markup (release) ..." >&2
node benches/first-screen/dump.mjs "$out/widget" "$out/first-screen.rs" "$out/first-screen-page/index.html"
(
    cd benches/first-screen
    source "$root/scripts/lib/wasm-env.sh"
    # The minimal app's target directory: the same dependencies, built once.
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/bench-minimal"
    PREQUAL_FIRST_SCREEN="$out/first-screen.rs" trunk build --release --dist "$out/first-screen" "$out/first-screen-page/index.html" >/dev/null
)
echo "building the embed loader (release) ..." >&2
bash scripts/build-embed.sh --release "$out/embed" >/dev/null
node benches/widget-bench.mjs "$out/widget" "$out/minimal" "${PREQUAL_BENCH_LOADS:-15}" "$out/embed" "$out/first-screen"
