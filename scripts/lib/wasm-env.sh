# Sourced in a subshell before a wasm32 command; never in the shell that runs host builds,
# where these variables would make Debian's compiler build std for the host too.
# Chooses the std that scripts/setup.sh installed: rustup's wasm32 target if present,
# Debian's Rust with build-std otherwise (or when PREQUAL_WASM_STD=debian forces it).
#
# PREQUAL_BUNDLE=1 (set by the scripts that build the release bundle applicants download:
# demo.sh, build-embed.sh --release, bench-widget.sh) builds std too, with
# `-C panic=immediate-abort`: a panic then traps at once instead of formatting a message, which
# takes core's formatting and every panic location string out of the bundle (≈ 14 KB brotli,
# BENCHMARKS.md). The rules engine must not panic on any input (tested natively), and debug
# builds and the browser tests keep the messages. It needs std's source, which Debian's
# `rust-web-src` has (setup.sh installs it when PREQUAL_BUNDLE=1); the bundle has its own
# target directory, so switching never rebuilds the test builds.
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ "${PREQUAL_BUNDLE:-}" = 1 ] && rustup toolchain list 2>/dev/null | grep -q '^debian-web' \
    && [ -d "$(rustc +debian-web --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library" ]; then
    export RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
    # std's own "smaller code over faster code" switch (≈ 0.8 KB brotli).
    export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    export CARGO_TARGET_DIR="$_root/target/bundle"
elif [ "${PREQUAL_WASM_STD:-auto}" != debian ] \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    [ "${PREQUAL_BUNDLE:-}" = 1 ] && echo "wasm-env: no Debian rust-web-src: the bundle keeps panic messages (larger)" >&2
    export RUSTUP_TOOLCHAIN=stable
    unset RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD CARGO_UNSTABLE_BUILD_STD_FEATURES
else
    export RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    unset CARGO_UNSTABLE_BUILD_STD_FEATURES
    # A separate target dir: std built by another compiler must not mix with rustup's.
    export CARGO_TARGET_DIR="$_root/target/debian-web"
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-60}
# npm's binaryen first: Debian's wasm-opt is too old for this compiler's output.
export PATH="$_root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
unset _root
