#!/usr/bin/env bash
# Builds the embed loader (issue 7, EMBEDDING.md): the widget compiled with its `embed`
# feature, into DIST next to what `trunk build` wrote (run it after `trunk build --release`, or
# after `trunk build` with --debug).
#
#   scripts/build-embed.sh [--release | --debug] [DIST]     (default: --release dist)
#
# Writes
#   DIST/prequal.js                        the loader at its stable URL (always the latest)
#   DIST/v/<version>/prequal.js            the same loader, pinned to this version
#   DIST/v/<version>/prequal-<hash>.wasm   the bundle, checked by the loader with SRI (sha384)
#   DIST/v/<version>/prequal.css           the widget's CSS, for browsers without constructable
#                                          stylesheets
# The loader is one IIFE: wasm-bindgen's `no-modules` glue (kept local), the loader
# (www/embed/loader.js), the manifest and the CSS (www/widget.css + www/embed/embed.css).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
case "${1:-}" in
    --release) shift ;;
    --debug) profile=debug; shift ;;
esac
dist=${1:-dist}

# The release bundle is built the way applicants get it (scripts/lib/wasm-env.sh).
[ "$profile" = release ] && export PREQUAL_BUNDLE=1
source scripts/lib/wasm-env.sh
target_dir=${CARGO_TARGET_DIR:-target}
wasm="$target_dir/wasm32-unknown-unknown/$profile/prequal-widget.wasm"
# The widget with its `embed` entry point (`mount_embedded`), which the demo page's build leaves
# out.
flags=(--features embed)
[ "$profile" = release ] && flags+=(--release)
cargo build --offline --quiet --target wasm32-unknown-unknown --bin prequal-widget "${flags[@]}"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || { echo "build-embed: no version in Cargo.toml" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target no-modules --no-typescript --out-dir "$work" --out-name prequal "$wasm"
grep -q 'function mount_embedded' "$work/prequal.js" \
    || { echo "build-embed: $wasm exports no mount_embedded (src/embed.rs not built in?)" >&2; exit 1; }
if [ "$profile" = release ]; then
    # The same passes as Trunk's for the demo page (www/index.html says why each is safe).
    wasm-opt -Oz --low-memory-unused --converge --strip-producers --strip-target-features \
        --one-caller-inline-max-function-size 200 --reorder-functions-by-name \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$work/prequal_bg.wasm" -o "$work/opt.wasm"
    mv "$work/opt.wasm" "$work/prequal_bg.wasm"
fi

mkdir -p "$dist/v/$version"
node - "$work" "$dist" "$version" "$profile" <<'NODE'
const { readFileSync, writeFileSync, readdirSync, unlinkSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { join } = require('node:path');
const { minify } = require('terser');
const [work, dist, version, profile] = process.argv.slice(2);
(async () => {
  // The names the wasm and the glue know each other by, shortened as in the demo page's build
  // (scripts/lib/wasm-names.mjs).
  const { shortenNames } = await import('./scripts/lib/wasm-names.mjs');
  const { wasm, glue } = shortenNames(
    readFileSync(join(work, 'prequal_bg.wasm')),
    readFileSync(join(work, 'prequal.js'), 'utf8'),
  );
  const integrity = 'sha384-' + createHash('sha384').update(wasm).digest('base64');
  const file = `prequal-${createHash('sha256').update(wasm).digest('hex').slice(0, 16)}.wasm`;
  const dir = join(dist, 'v', version);
  for (const old of readdirSync(dir)) {
    if (/^prequal-[0-9a-f]+\.wasm$/.test(old) && old !== file) unlinkSync(join(dir, old));
  }
  writeFileSync(join(dir, file), wasm);
  const css = readFileSync('www/widget.css', 'utf8') + '\n' + readFileSync('www/embed/embed.css', 'utf8');
  writeFileSync(join(dir, 'prequal.css'), css);
  const template = readFileSync('www/embed/loader.js', 'utf8');
  const loader = (wasmPath) => {
    const manifest = { version, wasm: wasmPath, integrity, css: wasmPath.replace(file, 'prequal.css') };
    const parts = {
      '/*@MANIFEST@*/': JSON.stringify(manifest),
      '/*@CSS@*/': JSON.stringify(css),
      '/*@GLUE@*/': glue,
    };
    let out = template;
    for (const [mark, text] of Object.entries(parts)) {
      if (!out.includes(mark)) throw new Error(`loader.js has no ${mark}`);
      out = out.split(mark).join(text);
    }
    return out;
  };
  // The release loader minified (its `/*!` header kept): every partner page pays for it.
  const finish = async (code) =>
    profile === 'release'
      ? (await minify(code, { compress: { passes: 2 }, mangle: true, format: { comments: /^!/ } })).code
      : code;
  writeFileSync(join(dist, 'prequal.js'), await finish(loader(`v/${version}/${file}`)));
  writeFileSync(join(dir, 'prequal.js'), await finish(loader(file)));
  console.log(`build-embed: ${dist}/prequal.js → v/${version}/${file} (${wasm.length} bytes, ${integrity})`);
})().catch((e) => {
  console.error(`build-embed: ${e.message}`);
  process.exit(1);
});
NODE
