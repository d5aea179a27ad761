// The demo partner site (www/article.html, www/white-label.html) on the real intake server
// (`prequal-server --demo`, a temporary PREQUAL_DATA, the test dist as its dist/): the pages'
// strict CSP holds, and the tracking parameters from the page's URL reach the application the
// widget forwards, which the server accepts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink, mkdir, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, newPage, ROOT, DIST } from './lib/browser.mjs';
import { APPLICANT, INCOME, assertNoPersonal } from './lib/widget.mjs';
import { watchCsp, recordEvents, eventsOf, fillIn, nextStep } from './lib/embed.mjs';

const BIN = resolve(ROOT, process.env.PREQUAL_SERVER_BIN ?? 'target/debug/prequal-server');
let dir;
let proc;
let base;
let browser;

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

before(async () => {
  await access(BIN).catch(() => { throw new Error(`${BIN} is missing: cargo build -p prequal-server`); });
  await access(join(DIST, 'prequal.js')).catch(() => {
    throw new Error(`${DIST}/prequal.js is missing: run scripts/build-embed.sh --debug target/e2e-dist`);
  });
  dir = await mkdtemp(join(tmpdir(), 'prequal-embed-'));
  await symlink(DIST, join(dir, 'dist'));
  await symlink(resolve(ROOT, 'www'), join(dir, 'www'));
  await mkdir(join(dir, 'data'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  proc = spawn(BIN, ['--demo'], {
    cwd: dir,
    env: { ...process.env, PREQUAL_PORT: String(port), PREQUAL_DATA: join(dir, 'data'), RUST_LOG: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/prequal.js`);
      if (r.ok) break;
    } catch { /* not yet */ }
    if (i > 100) throw new Error('the demo server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  proc?.kill('SIGTERM');
  if (proc) await new Promise((ok) => (proc.exitCode !== null ? ok() : proc.once('exit', ok)));
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the server serves the loader and its versioned, integrity-checked bundle', async () => {
  const js = await (await fetch(`${base}/prequal.js`)).text();
  const manifest = JSON.parse(js.match(/var MANIFEST = (\{.*?\});/)[1]);
  assert.match(manifest.wasm, /^v\/[0-9.]+\/prequal-[0-9a-f]{16}\.wasm$/);
  assert.match(manifest.integrity, /^sha384-/);
  const wasm = await fetch(`${base}/${manifest.wasm}`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const pinned = await fetch(`${base}/v/${manifest.version}/prequal.js`);
  assert.equal(pinned.status, 200);
});

test('article page: the custom element under a strict CSP, tracking from the URL reaches the forwarded application', async () => {
  const { page, context, consoleErrors, offLoopback } = await newPage(browser);
  await watchCsp(page);
  await recordEvents(page);
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/v1/applications')) posts.push(r.postDataJSON());
  });
  const answers = [];
  page.on('response', (r) => r.url().endsWith('/v1/applications') && answers.push(r.status()));
  await page.goto(`${base}/article.html?click_id=clk-42&sub3=s-three&utm_source=newsletter&utm_campaign=spring`);
  const w = page.locator('mfo-prequal');
  await w.locator('input[name="loan.amount_kop"]').waitFor();
  await nextStep(w);
  await fillIn(w, APPLICANT);
  await nextStep(w);
  await fillIn(w, INCOME);
  await nextStep(w);
  await nextStep(w);
  for (const kind of ['personal_data', 'credit_bureau', 'transfer']) await w.locator(`[name="consents.${kind}"]`).check();
  await w.locator('[data-action="submit"]').click();
  await page.waitForFunction(() => window.__events.some((e) => e.name === 'submitted'), null, { timeout: 20000 });
  assert.equal(posts.length, 1);
  assert.deepEqual(answers, [201]);
  const t = posts[0].tracking;
  assert.equal(t.partner_key, 'pk_test_demo');
  assert.equal(t.click_id, 'clk-42');
  assert.equal(t.sub1, 'article-first-loan', 'the attribute');
  assert.equal(t.sub3, 's-three');
  assert.equal(t.utm_source, 'newsletter');
  assert.equal(t.utm_campaign, 'spring');
  const events = await eventsOf(page);
  assertNoPersonal(events);
  // The page's own event log shows the same events (an external script, allowed by the CSP).
  assert.ok((await page.locator('#event-log li').count()) > 3);
  // Its long JSON lines wrap: at 360 px the page is no wider than the phone.
  await page.setViewportSize({ width: 360, height: 740 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scroll at 360 px');
  assert.ok(await w.locator('.pq-legal').count());
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(offLoopback, []);
  await context.close();
});

test('white-label page: JS API, bank preset with partner colours, English, name, logo and footer', async () => {
  const { page, context, consoleErrors } = await newPage(browser);
  await watchCsp(page);
  await page.goto(`${base}/white-label.html`);
  const w = page.locator('#widget');
  await w.locator('input[name="loan.amount_kop"]').waitFor();
  assert.match(await w.locator('.pq-title').textContent(), /Loan/);
  assert.equal(await w.locator('.pq-partner-name').textContent(), 'Northbridge Finance');
  await page.waitForFunction(() => document.querySelector('#widget').shadowRoot.querySelector('.pq-partner-logo').complete);
  const look = await page.evaluate(() => {
    const root = document.querySelector('#widget').shadowRoot;
    return {
      button: getComputedStyle(root.querySelector('[data-action="next"]')).backgroundColor,
      logo: root.querySelector('.pq-partner-logo').naturalWidth,
      font: getComputedStyle(root.querySelector('.pq-widget')).fontFamily,
    };
  });
  assert.equal(look.button, 'rgb(107, 47, 163)');
  assert.ok(look.logo > 0, 'the logo loaded');
  assert.match(look.font, /Georgia/);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
