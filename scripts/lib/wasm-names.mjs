// Shortens the names the wasm module and wasm-bindgen's JS glue know each other by.
//
// wasm-bindgen names every import `__wbg_<method>_<16 hex digits>` and every closure trampoline
// after its full Rust type (`wasm_bindgen_<hash>___convert__closures_____invoke___…`). Each name
// is written twice, in the module's import or export section and in the glue, and the hex
// digits do not compress: ≈ 3.6 KB of the bundle's brotli bytes (BENCHMARKS.md, "Widget"), for
// names no applicant ever sees. Binaryen's `--minify-imports-and-exports` does the wasm half but
// leaves the glue to whoever reads its printed map; this does both halves together and checks
// that they still match.
//
// Used by the Trunk hook (scripts/minify-glue.mjs) and scripts/build-embed.sh, on debug and
// release builds alike, so that the end-to-end tests run the glue as applicants get it.

/** Renames the glue module's imports, and the exports the glue uses, in `wasm` (a Buffer) and
 *  in `glue` (its JS source). Returns `{ wasm, glue, renamed }`; throws if the two halves would
 *  not match. */
export function shortenNames(wasm, glue) {
  const sections = [];
  for (let at = 8; at < wasm.length; ) {
    const [size, body] = uleb(wasm, at + 1);
    sections.push({ id: wasm[at], whole: wasm.subarray(at, body + size), body: wasm.subarray(body, body + size) });
    at = body + size;
  }
  // Only wasm-bindgen's own exports that the glue uses are renamed. The others (`memory`,
  // `main`, an exported Rust function that the glue wraps under the same name) keep their
  // names, which no short name may then take.
  const rename = (name) => GENERATED.test(name) && identifier(name).test(glue);
  const names = new Names();
  const exports = sections.find((s) => s.id === 7);
  if (exports) for (const [name] of readExports(exports.body)) if (!rename(name)) names.taken.add(name);

  // The glue's own import module, `./<name>_bg.js`, a quoted key in the glue. Others (a
  // snippet's `./snippets/…`, `wasm:js/string-constants`) mean something by their names.
  const modules = new Map();
  const ofGlue = (module) => /^\.\/[^/]+_bg\.js$/.test(module) && quoted(module).test(glue);
  const out = Buffer.concat([
    wasm.subarray(0, 8),
    ...sections.map(({ id, whole, body }) =>
      id === 2 ? section(2, rewriteImports(body, names, modules, ofGlue))
      : id === 7 ? section(7, rewriteExports(body, names, rename))
      : whole),
  ]);

  if (!modules.size) throw new Error('the wasm imports nothing from a ./<name>_bg.js module that the glue names');
  let js = glue;
  for (const [from, to] of modules) js = js.replace(quoted(from), `"${to}"`);
  for (const [from, to] of names.map) {
    const re = identifier(from);
    if (!re.test(js)) throw new Error(`the glue has no ${from}, which the wasm imports`);
    js = js.replace(re, to);
  }
  for (const from of names.map.keys()) {
    if (identifier(from).test(js)) throw new Error(`${from} is still in the glue after renaming`);
  }
  if (!WebAssembly.validate(out)) throw new Error('the renamed wasm does not validate');
  return { wasm: out, glue: js, renamed: names.map.size };
}

const GENERATED = /^(__wbindgen_|__wbg_|__externref_|wasm_bindgen_)/;

/** Short names, `a`…`Z`, `aa`…, in the order first asked for; never one already taken. */
class Names {
  map = new Map();
  taken = new Set();
  #next = 0;
  get(from) {
    if (!this.map.has(from)) {
      let name;
      do name = letters(this.#next++);
      while (this.taken.has(name));
      this.map.set(from, name);
    }
    return this.map.get(from);
  }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
function letters(n) {
  let s = '';
  do {
    s = ALPHABET[n % ALPHABET.length] + s;
    n = Math.floor(n / ALPHABET.length) - 1;
  } while (n >= 0);
  return s;
}

// Import section: (module, field, descriptor)*. Every import from the glue gets a short field
// name, and each of the glue's modules a short name of its own; other imports stay as they are.
function rewriteImports(body, names, modules, ofGlue) {
  let [count, at] = uleb(body, 0);
  const parts = [leb(count)];
  while (count--) {
    const [module, afterModule] = string(body, at);
    const [field, afterField] = string(body, afterModule);
    const end = skipImportDescriptor(body, afterField);
    if (ofGlue(module)) {
      if (!modules.has(module)) modules.set(module, `m${modules.size || ''}`);
      parts.push(encodeString(modules.get(module)), encodeString(names.get(field)));
    } else {
      parts.push(body.subarray(at, afterField));
    }
    parts.push(body.subarray(afterField, end));
    at = end;
  }
  return Buffer.concat(parts);
}

// Export section: (name, kind, index)*.
function readExports(body) {
  let [count, at] = uleb(body, 0);
  const entries = [];
  while (count--) {
    const [name, afterName] = string(body, at);
    const [, end] = uleb(body, afterName + 1);
    entries.push([name, body.subarray(afterName, end)]);
    at = end;
  }
  return entries;
}

function rewriteExports(body, names, rename) {
  const entries = readExports(body);
  return Buffer.concat([
    leb(entries.length),
    ...entries.flatMap(([name, descriptor]) => [encodeString(rename(name) ? names.get(name) : name), descriptor]),
  ]);
}

// https://webassembly.github.io/spec/core/binary/modules.html#import-section
function skipImportDescriptor(body, at) {
  const kind = body[at++];
  const limits = (i) => {
    const flags = body[i++];
    [, i] = uleb(body, i);
    if (flags & 1) [, i] = uleb(body, i);
    return i;
  };
  switch (kind) {
    case 0: return uleb(body, at)[1]; // function: type index
    case 1: return limits(at + 1); // table: reference type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return uleb(body, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`unknown import kind ${kind}`);
  }
}

const quoted = (s) => new RegExp(`(["'])${escape(s)}\\1`, 'g');
const identifier = (name) => new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`, 'g');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function uleb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

function string(bytes, at) {
  const [length, start] = uleb(bytes, at);
  return [bytes.toString('utf8', start, start + length), start + length];
}

const encodeString = (s) => {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
};

const section = (id, body) => Buffer.concat([Buffer.from([id]), leb(body.length), body]);
