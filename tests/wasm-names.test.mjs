// scripts/lib/wasm-names.mjs on a module built here by hand: the names it changes, the ones it
// keeps, and the mismatches it refuses. (Every end-to-end test also runs a renamed build.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortenNames } from '../scripts/lib/wasm-names.mjs';

const name = (s) => [s.length, ...Buffer.from(s)];
const section = (id, ...entries) => {
  const body = [entries.length, ...entries.flat()];
  return [id, body.length, ...body];
};
// Two functions imported from the glue and a memory from elsewhere, one function of its own (`() -> ()`), exported under
// a wasm-bindgen name and a name of the crate's.
function module(glueModule = './app_bg.js') {
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x60, 0, 0]),
    ...section(2,
      [...name(glueModule), ...name('__wbg_log_0123456789abcdef'), 0x00, 0],
      [...name(glueModule), ...name('__wbg_now_fedcba9876543210'), 0x00, 0],
      [...name('env'), ...name('memory'), 0x02, 0x01, 1, 2]),
    ...section(3, [0]),
    ...section(7,
      [...name('__wbindgen_start'), 0x00, 2],
      [...name('mount'), 0x00, 2],
      [...name('__wbindgen_free'), 0x00, 2]),
    ...section(10, [2, 0, 0x0b]),
  ]);
}
const GLUE = `const imports = { "./app_bg.js": { __wbg_log_0123456789abcdef: (s) => console.log(s),
  __wbg_now_fedcba9876543210: () => Date.now() } };
export function mount() { wasm.mount(); }
export function start() { wasm.__wbindgen_start(); }`;

const described = (bytes) => {
  const m = new WebAssembly.Module(bytes);
  return { imports: WebAssembly.Module.imports(m), exports: WebAssembly.Module.exports(m) };
};

test('imports and the glue-used wasm-bindgen exports get short names in both halves', () => {
  const { wasm, glue, renamed } = shortenNames(module(), GLUE);
  const { imports, exports } = described(wasm);
  assert.equal(renamed, 3);
  assert.deepEqual(imports.map((i) => [i.module, i.name, i.kind]), [
    ['m', 'a', 'function'], ['m', 'b', 'function'], ['env', 'memory', 'memory'],
  ]);
  // `mount` is the crate's name, `__wbindgen_free` is not used by the glue: both kept.
  assert.deepEqual(exports.map((e) => e.name), ['c', 'mount', '__wbindgen_free']);
  assert.match(glue, /\{ "m": \{ a: \(s\) => console\.log\(s\),\s+b: \(\) => Date\.now\(\) \} \}/);
  assert.match(glue, /export function mount\(\) \{ wasm\.mount\(\); \}/);
  assert.match(glue, /wasm\.c\(\)/);
  assert.ok(wasm.length < module().length);
});

test('a glue that does not define an import the wasm needs is refused', () => {
  assert.throws(
    () => shortenNames(module(), GLUE.replace('__wbg_now_fedcba9876543210', '__wbg_now_0000000000000000')),
    /the glue has no __wbg_now_fedcba9876543210/,
  );
  assert.throws(() => shortenNames(module('./other_bg.js'), GLUE), /imports nothing from a \.\/<name>_bg\.js module that the glue names/);
  // A module the glue quotes but does not define (a snippet's path) is not the glue's.
  const snippet = GLUE.replaceAll('./app_bg.js', './snippets/app.js');
  assert.throws(() => shortenNames(module('./snippets/app.js'), snippet), /imports nothing from a/);
});

test('a name that is only part of a longer one in the glue is left alone', () => {
  const glue = GLUE.replace('wasm.__wbindgen_start()', 'wasm.__wbindgen_start_x()');
  const { exports } = described(shortenNames(module(), glue).wasm);
  assert.ok(exports.some((e) => e.name === '__wbindgen_start'));
});
