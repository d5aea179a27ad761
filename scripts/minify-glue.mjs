// Trunk's post_build hook (Trunk.toml): minifies wasm-bindgen's JS glue in a release build.
// Trunk's own JS minifier cannot read an ES module (`export default`), and the glue is one:
// unminified it is ≈ 1.2 KB brotli more for every applicant (BENCHMARKS.md, "Widget").
// The file keeps its name; an `integrity` Trunk wrote into index.html for it is recomputed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

let page = readFileSync(join(dir, 'index.html'), 'utf8');
// The glue is the `X.js` next to its `X_bg.wasm`.
const files = readdirSync(dir);
for (const name of files.filter((n) => n.endsWith('.js') && files.includes(n.replace(/\.js$/, '_bg.wasm')))) {
  const path = join(dir, name);
  const source = readFileSync(path);
  const out = await minify(source.toString('utf8'), { module: true, compress: { passes: 2 }, mangle: true });
  const before = sri(source);
  const after = sri(Buffer.from(out.code));
  writeFileSync(path, out.code);
  page = page.split(before).join(after);
}
writeFileSync(join(dir, 'index.html'), page);
