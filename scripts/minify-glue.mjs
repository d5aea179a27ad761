// Trunk's post_build hook (Trunk.toml): shrinks what wasm-bindgen wrote for the page.
// - Every build: the names the wasm and its JS glue know each other by are shortened
//   (scripts/lib/wasm-names.mjs), so that the end-to-end tests run what applicants get.
// - Release builds: the glue is minified with terser. Trunk's own JS minifier cannot read an
//   ES module (`export default`), and the glue is one: unminified it is ≈ 1.2 KB brotli more
//   for every applicant (BENCHMARKS.md, "Widget").
// - Release builds: Trunk's boot script in index.html is cut to the one call it needs (it also
//   awaits the start to fire a `TrunkApplicationStarted` event nothing listens to).
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
if (release) {
  // Trunk 0.21's boot script; left as it is if a later Trunk writes another.
  const boot = /<script type=module>\s*import init from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);\s*dispatchEvent\(new CustomEvent\("TrunkApplicationStarted", \{detail: \{wasm\}\}\)\);\s*<\/script>/;
  page = page.replace(boot, (_, glue, wasm) => `<script type=module>import i from'${glue}';i({module_or_path:'${wasm}'})</script>`);
}
writeFileSync(join(dir, 'index.html'), page);
