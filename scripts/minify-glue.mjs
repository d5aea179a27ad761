// Trunk's post_build hook (Trunk.toml): shrinks what wasm-bindgen wrote for the page.
// - Every build: the names the wasm and its JS glue know each other by are shortened
//   (scripts/lib/wasm-names.mjs), so that the end-to-end tests run what applicants get.
// - Release builds: the glue is minified with terser. Trunk's own JS minifier cannot read an
//   ES module (`export default`), and the glue is one: unminified it is ≈ 1.2 KB brotli more
//   for every applicant (BENCHMARKS.md, "Widget").
// Files keep their names; an `integrity` Trunk wrote into index.html for one is recomputed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';
import { shortenNames } from './lib/wasm-names.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
const release = process.env.TRUNK_PROFILE === 'release';
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

let page = readFileSync(join(dir, 'index.html'), 'utf8');
const replaceIntegrity = (before, after) => {
  page = page.split(sri(before)).join(sri(after));
};
// The glue is the `X.js` next to its `X_bg.wasm`.
const files = readdirSync(dir);
for (const name of files.filter((n) => n.endsWith('.js') && files.includes(n.replace(/\.js$/, '_bg.wasm')))) {
  const gluePath = join(dir, name);
  const wasmPath = join(dir, name.replace(/\.js$/, '_bg.wasm'));
  const glue = readFileSync(gluePath);
  const wasm = readFileSync(wasmPath);
  const source = release
    ? (await minify(glue.toString('utf8'), { module: true, compress: { passes: 2 }, mangle: true })).code
    : glue.toString('utf8');
  const short = shortenNames(wasm, source);
  writeFileSync(gluePath, short.glue);
  writeFileSync(wasmPath, short.wasm);
  replaceIntegrity(glue, Buffer.from(short.glue));
  replaceIntegrity(wasm, short.wasm);
}
writeFileSync(join(dir, 'index.html'), page);
