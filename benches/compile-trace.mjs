// What V8 compiles before the widget is interactive, function by function:
//   node benches/compile-trace.mjs DIST [LOADS]
// DIST is a built widget (`trunk build --release --dist DIST`; add `-g` to the wasm-opt params
// in www/index.html for function names). For each cold load it records a Chrome trace
// (`wasm.CompileLazy` events: V8 compiles each wasm function on its first call, on the main
// thread) and prints the functions compiled before the amount input appeared, with their body
// size and compile time, then the totals per load (BENCHMARKS.md, "Load: where the time goes").
import { readFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch, serve } from '../tests/e2e/lib/browser.mjs';

const [dir, loadsArg] = process.argv.slice(2);
const LOADS = Number(loadsArg ?? 3);

/** The wasm's imported-function count, body sizes and (if present) function names. */
function readModule(file) {
  const b = readFileSync(file);
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  const skipName = () => { const l = leb(); p += l; };
  const names = new Map(), bodies = [];
  let imports = 0;
  while (p < b.length) {
    const id = b[p++], len = leb(), end = p + len;
    if (id === 2) {
      for (let n = leb(), i = 0; i < n; i++) {
        skipName(); skipName();
        const kind = b[p++];
        if (kind === 0) { imports++; leb(); }
        else if (kind === 1) { p++; if (b[p++] & 1) { leb(); leb(); } else leb(); }
        else if (kind === 2) { if (b[p++] & 1) { leb(); leb(); } else leb(); }
        else if (kind === 3) p += 2;
        else if (kind === 4) { p++; leb(); }
      }
    } else if (id === 10) {
      for (let n = leb(), i = 0; i < n; i++) { const l = leb(); bodies.push(l); p += l; }
    } else if (id === 0) {
      const nl = leb(), name = b.subarray(p, p + nl).toString();
      p += nl;
      while (name === 'name' && p < end) {
        const sub = b[p++], sl = leb(), se = p + sl;
        if (sub === 1) {
          for (let n = leb(), i = 0; i < n; i++) {
            const idx = leb(), l = leb();
            names.set(idx, b.subarray(p, p + l).toString());
            p += l;
          }
        }
        p = se;
      }
    }
    p = end;
  }
  return { imports, bodies, names };
}

const wasm = readdirSync(dir).find((f) => f.endsWith('.wasm'));
const module = readModule(join(dir, wasm));
const config = readFileSync(resolve(import.meta.dirname, '../crates/rules/src/demo_config.json'), 'utf8');
const server = await serve(resolve(dir), {
  '/v1/offers': (req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(config); },
});
const browser = await launch();
const totals = [];
try {
  for (let load = 0; load < LOADS; load++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.addInitScript(`new MutationObserver((_, o) => {
      if (document.querySelector('input[name="loan.amount_kop"]')) {
        o.disconnect(); performance.mark('interactive'); console.debug('interactive');
      }
    }).observe(document, { childList: true, subtree: true });`);
    const cdp = await context.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((ok) => cdp.on('Tracing.tracingComplete', ok));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['v8.wasm', 'blink.user_timing'] } });
    const ready = page.waitForEvent('console', { predicate: (m) => m.text() === 'interactive' });
    await page.goto(server.url, { waitUntil: 'commit' });
    await ready;
    await cdp.send('Tracing.end');
    await complete;
    await context.close();
    const mark = events.find((e) => e.name === 'interactive');
    const compiled = events
      .filter((e) => e.name === 'wasm.CompileLazy' && (!mark || e.ts < mark.ts))
      .sort((a, c) => a.ts - c.ts)
      .map((e) => {
        const index = e.args.func_index;
        return { index, bytes: module.bodies[index - module.imports] ?? 0, us: e.dur, name: module.names.get(index) ?? '' };
      });
    if (load === 0) {
      console.log('index\tbytes\tcompile µs\tname');
      for (const f of compiled) console.log(`${f.index}\t${f.bytes}\t${f.us}\t${f.name}`);
    }
    totals.push({
      functions: compiled.length,
      kb: compiled.reduce((s, f) => s + f.bytes, 0) / 1000,
      ms: compiled.reduce((s, f) => s + f.us, 0) / 1000,
    });
  }
} finally {
  await browser.close();
  await server.close();
}
console.log('\nload\tfunctions\tKB of code\tcompile ms (traced)');
totals.forEach((t, i) => console.log(`${i + 1}\t${t.functions}\t${t.kb.toFixed(1)}\t${t.ms.toFixed(1)}`));
