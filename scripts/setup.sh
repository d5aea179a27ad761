#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing. Run by scripts/demo.sh
# and scripts/test.sh; runnable alone. Everything comes from the package registries this
# machine reaches (Debian, crates.io, npm); the measured recipe is ../shared/docs/toolchain.md.
#
#   PREQUAL_WASM_STD=rustup|debian   force one way of getting the wasm32 standard library
#                                    (default: rustup with a timeout, Debian's Rust if that fails)
#   PREQUAL_SKIP_BROWSER=1           skip Chromium (the demo does not need it; the tests do)
#   PREQUAL_BUNDLE=1                 also what the release bundle needs: Debian's Rust with
#                                    std's source (scripts/lib/wasm-env.sh says why)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/steps.sh

TRUNK_VERSION=0.21.14
APT_UPDATED=0

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        fail "missing Debian packages: ${missing[*]}" "run: sudo apt-get install ${missing[*]}"
    fi
    if [ "$APT_UPDATED" = 0 ]; then
        apt-get update -qq
        APT_UPDATED=1
    fi
    echo "  installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || fail "apt-get install ${missing[*]} failed" "see the apt output above; 'apt-get update' then retry"
}

wasm_std_rustup() {
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && return 0
    echo "  rustup target add wasm32-unknown-unknown (timeout 120 s)"
    timeout 120 rustup target add wasm32-unknown-unknown
}

wasm_std_debian() {
    # Debian's Rust with std's source: cargo builds std for wasm32 itself (-Z build-std).
    apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
    rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
}

step_wasm_std() {
    case "${PREQUAL_WASM_STD:-auto}" in
        rustup) wasm_std_rustup || fail "rustup could not add wasm32-unknown-unknown" "unset PREQUAL_WASM_STD to fall back to Debian's Rust" ;;
        debian) wasm_std_debian ;;
        auto)
            if ! wasm_std_rustup; then
                echo "  rustup's wasm32 std is not reachable: falling back to Debian's Rust + build-std"
                wasm_std_debian
            fi
            ;;
        *) fail "PREQUAL_WASM_STD must be rustup or debian" "unset it or fix its value" ;;
    esac
}

lock_version() { # the version of a package in Cargo.lock
    awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

cargo_tool() { # cargo_tool BINARY WANTED_VERSION INSTALL_ARGS...
    local bin=$1 want=$2; shift 2
    if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -q " $want"; then
        return 0
    fi
    echo "  cargo install $* (a few minutes, once)"
    cargo +stable install --quiet "$@" || fail "cargo install $1 failed" "check that crates.io is reachable and retry"
}

step_cargo_tools() {
    [ -f Cargo.lock ] || cargo +stable generate-lockfile
    local wbg
    wbg=$(lock_version wasm-bindgen)
    # wasm-bindgen-cli's own lockfile pins a crate the registry no longer serves: no --locked.
    cargo_tool wasm-bindgen "$wbg" wasm-bindgen-cli --version "=$wbg" --force
    # trunk 0.22 needs a newer rustc than we have; without update_check it never calls home.
    cargo_tool trunk "$TRUNK_VERSION" trunk --version "=$TRUNK_VERSION" --locked --no-default-features --features rustls
}

step_node() {
    local stamp=node_modules/.prequal-lock
    if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
        return 0
    fi
    npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed" "check that the npm registry is reachable"
    cp package-lock.json "$stamp"
}

step_fetch() {
    # Trunk runs cargo --offline: everything, std's own dependencies included, is fetched now.
    ( PREQUAL_BUNDLE= && source scripts/lib/wasm-env.sh && cargo fetch --target wasm32-unknown-unknown --quiet ) \
        || fail "cargo fetch failed" "check that crates.io is reachable"
    if [ "${PREQUAL_BUNDLE:-}" = 1 ]; then
        ( source scripts/lib/wasm-env.sh && cargo fetch --target wasm32-unknown-unknown --quiet ) \
            || fail "cargo fetch (bundle) failed" "check that crates.io is reachable"
    fi
    cargo fetch --quiet
}

if [ -z "${PREQUAL_SKIP_BROWSER:-}" ]; then
    step "Debian packages (chromium, chromium-driver, brotli, postgresql)"; apt_install chromium chromium-driver brotli postgresql; step_end
fi
step "wasm32 standard library"; step_wasm_std; step_end
if [ "${PREQUAL_BUNDLE:-}" = 1 ]; then
    step "the release bundle's toolchain (Debian's Rust with std's source)"; wasm_std_debian; step_end
fi
step "wasm-bindgen-cli and trunk"; step_cargo_tools; step_end
step "Node packages (playwright-core, axe-core, binaryen's wasm-opt)"; step_node; step_end
step "cargo fetch (host and wasm32)"; step_fetch; step_end
