# Sourced in a subshell before a wasm32 command; never in the shell that runs host builds,
# where these variables would make Debian's compiler build std for the host too.
# Chooses the std that scripts/setup.sh installed: rustup's wasm32 target if present,
# Debian's Rust with build-std otherwise (or when PREQUAL_WASM_STD=debian forces it).
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ "${PREQUAL_WASM_STD:-auto}" != debian ] \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    export RUSTUP_TOOLCHAIN=stable
    unset RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD
else
    export RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    # A separate target dir: std built by another compiler must not mix with rustup's.
    export CARGO_TARGET_DIR="$_root/target/debian-web"
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-60}
# npm's binaryen first: Debian's wasm-opt is too old for this compiler's output.
export PATH="$_root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
unset _root
