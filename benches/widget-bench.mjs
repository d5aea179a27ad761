// The numbers behind scripts/bench-widget.sh:
//   node benches/widget-bench.mjs WIDGET_DIST MINIMAL_DIST [LOADS] [EMBED_DIST] [FIRST_SCREEN_DIST]
// Prints a Markdown report on stdout.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { launch, serve } from '../tests/e2e/lib/browser.mjs';

const [widgetDir, minimalDir, loadsArg, embedDir, firstScreenDir] = process.argv.slice(2);
const LOADS = Math.max(10, Number(loadsArg ?? 15));
const KEYSTROKES = 500;
const WARMUP = 20;

function sizes(dir, names = readdirSync(dir).sort()) {
  const rows = [];
  for (const name of names) {
    const kind = name.split('.').pop();
    // index.html too: the widget's page inlines its stylesheet and prefetch script there.
    if (!['wasm', 'js', 'css', 'html'].includes(kind)) continue;
    const bytes = readFileSync(join(dir, name));
    rows.push({
      kind,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    });
  }
  const total = { kind: 'total', raw: 0, gzip: 0, brotli: 0 };
  for (const r of rows) for (const k of ['raw', 'gzip', 'brotli']) total[k] += r[k];
  return [...rows, total];
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

// Interactive = the first moment the app's first input is in the DOM and usable: for the
// widget, the amount input (drawn once the offers are loaded); for the minimal app, its button;
// for the first screen as static markup (benches/first-screen), its copy of the amount input.
// The time goes out as a console message: waiting with `page.waitForFunction` would inject
// Playwright's utility script into the page while it loads (≈ 6 ms of parsing on its main
// thread, measured in a trace), which slows whichever app is still loading.
function recorder(selector) {
  return `(() => {
    const check = () => { const el = document.querySelector(${JSON.stringify(selector)}); return !!el && !el.disabled; };
    new MutationObserver((_, obs) => {
      if (check()) { obs.disconnect(); console.debug('bench:interactive ' + performance.now()); }
    }).observe(document, { childList: true, subtree: true });
  })();`;
}

async function loadTime(browser, url, selector) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.addInitScript(recorder(selector));
  const message = page.waitForEvent('console', {
    predicate: (m) => m.text().startsWith('bench:interactive '),
    timeout: 30_000,
  });
  await page.goto(url, { waitUntil: 'commit' });
  const t = Number((await message).text().split(' ')[1]);
  await context.close();
  return t;
}

// In the page: an INN field showing a message (so it is checked as one types); each keystroke
// sets a value that changes the message (one digit short, `inn.length` ↔ a wrong check digit,
// `inn.checksum`) and dispatches `input`; the time is taken when the message element has
// changed (a MutationObserver, called right after the DOM is updated).
async function keystrokes(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('input[name="loan.amount_kop"]').waitFor();
  await page.locator('[data-action="next"]').click();
  const inn = page.locator('input[name="applicant.inn"]');
  await inn.fill('500100732258');
  await inn.blur();
  await page.locator('.pq-field[data-tone="error"]').first().waitFor();
  const samples = await page.evaluate(async (n) => {
    const input = document.querySelector('input[name="applicant.inn"]');
    const msgId = input.getAttribute('aria-describedby').split(' ').find((i) => i.endsWith('-msg'));
    const message = document.getElementById(msgId);
    const out = [];
    for (let i = 0; i < n; i += 1) {
      const value = i % 2 ? '500100732258' : '50010073225';
      const changed = new Promise((ok, fail) => {
        const obs = new MutationObserver(() => { obs.disconnect(); ok(performance.now()); });
        obs.observe(message, { childList: true, characterData: true, subtree: true });
        setTimeout(() => fail(new Error(`keystroke ${i}: the message did not change`)), 2000);
      });
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      out.push((await changed) - t0);
      await new Promise((ok) => setTimeout(ok, 0));
    }
    return out;
  }, KEYSTROKES + WARMUP);
  await context.close();
  return samples.slice(WARMUP);
}

async function main() {
  const config = JSON.parse(readFileSync(resolve(import.meta.dirname, '../crates/rules/src/demo_config.json'), 'utf8'));
  const widget = await serve(resolve(widgetDir), {
    '/v1/offers': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(config));
    },
  });
  const minimal = await serve(resolve(minimalDir));
  const firstScreen = firstScreenDir ? await serve(resolve(firstScreenDir)) : null;
  const browser = await launch();
  const apps = [
    { name: 'widget', url: widget.url, selector: 'input[name="loan.amount_kop"]' },
    { name: 'minimal', url: minimal.url, selector: 'button' },
  ];
  if (firstScreen) apps.push({ name: 'first screen, static', url: firstScreen.url, selector: 'input[name="loan.amount_kop"]' });
  const times = Object.fromEntries(apps.map((a) => [a.name, []]));
  try {
    // One warm-up load each (starts the browser's processes), then interleaved loads.
    for (const app of apps) await loadTime(browser, app.url, app.selector);
    // Which app loads first rotates from round to round: the load right after another one
    // measured up to 10 ms faster than the same build loaded first (BENCHMARKS.md).
    for (let i = 0; i < LOADS; i += 1) {
      for (let k = 0; k < apps.length; k += 1) {
        const app = apps[(i + k) % apps.length];
        times[app.name].push(await loadTime(browser, app.url, app.selector));
      }
    }
    var keys = await keystrokes(browser, widget.url);
  } finally {
    await browser.close();
    await widget.close();
    await minimal.close();
    await firstScreen?.close();
  }

  const kib = (b) => (b / 1024).toFixed(1);
  const table = (name, rows) =>
    rows.map((r) => `| ${name} | ${r.kind} | ${r.raw} | ${r.gzip} | ${r.brotli} (${kib(r.brotli)} KiB) |`).join('\n');
  const ws = sizes(widgetDir);
  const ms = sizes(minimalDir);
  // A partner page's transfer: the loader (glue, CSS and loader in one file) and the wasm; the
  // separate prequal.css is only for browsers without constructable stylesheets.
  const es = embedDir
    ? (() => {
        const version = readdirSync(join(embedDir, 'v'))[0];
        const wasm = readdirSync(join(embedDir, 'v', version)).find((n) => n.endsWith('.wasm'));
        return sizes(embedDir, ['prequal.js', join('v', version, wasm)]);
      })()
    : [];
  const wm = median(times.widget);
  const mm = median(times.minimal);
  const fm = firstScreen ? median(times['first screen, static']) : null;
  console.log(`Widget bundle vs a minimal Yew app, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| app | file | raw B | gzip -9 B | brotli -q 11 B |\n|---|---|---|---|---|');
  console.log(table('widget', ws));
  console.log(table('minimal Yew', ms));
  if (es.length) console.log(table('embed (prequal.js + wasm)', es));
  if (firstScreen) console.log(table('first screen, static', sizes(firstScreenDir)));
  console.log(`\nNavigation → interactive, headless Chromium, ${LOADS} interleaved cold loads each (ms):\n`);
  console.log('| app | median | min | max |\n|---|---|---|---|');
  for (const [name, xs] of Object.entries(times)) {
    console.log(`| ${name} | ${median(xs).toFixed(1)} | ${Math.min(...xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
  }
  console.log(`\nRatio widget / minimal: ${(wm / mm).toFixed(2)} (budget ≤ 1.3)`);
  // The floor under that ratio: the same page and first screen drawn by Yew with none of the
  // widget's work (no offers, no rules, no state), and what the widget's work adds to it.
  if (fm) console.log(`Ratio first screen, static / minimal: ${(fm / mm).toFixed(2)}; widget / first screen, static: ${(wm / fm).toFixed(2)}`);
  // Each widget load with the minimal load of the same round: the machine's load drifts over a
  // run (other builds on a shared machine), and one round sees nearly the same drift.
  const paired = times.widget.map((w, i) => w / times.minimal[i]);
  console.log(
    `Paired ratios (each widget load / the minimal load of its round): median ${median(paired).toFixed(2)}, ` +
      `quartiles ${quantile(paired, 0.25).toFixed(2)}–${quantile(paired, 0.75).toFixed(2)}`,
  );
  const total = ws.at(-1).brotli;
  console.log(`Widget total brotli: ${total} B = ${kib(total)} KiB (budget ≤ 120 KiB)`);
  console.log(
    `\nKeystroke → check → message in the DOM, ${keys.length} keystrokes after ${WARMUP} warm-up (ms): ` +
      `p50 ${quantile(keys, 0.5).toFixed(2)}, p99 ${quantile(keys, 0.99).toFixed(2)}, max ${Math.max(...keys).toFixed(2)} (budget p99 ≤ 4)`,
  );
}

await main();
