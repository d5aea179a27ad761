// The offers request starts in JavaScript while the wasm downloads (www/prefetch.js on the
// standalone page, the embed loader at mount) and the app's first load uses it: one
// GET /v1/offers per widget, issued while the wasm response is still held back by the test
// server (`wasmGate`), so it cannot have waited for the wasm. A request for another key is left
// unused and the app fetches its own; a failed one is the usual "Load again"; and the scripts'
// URL rule is the widget's own (src/net.rs `url_allowed`), on the same test vectors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import vm from 'node:vm';
import { launch, newPage, wasmGate, ROOT } from './lib/browser.mjs';
import { pageUrl, startWidget } from './lib/widget.mjs';
import { startEmbed, page as html, recordEvents, eventsOf, nextStep, PARTNER_KEY } from './lib/embed.mjs';

const OTHER_KEY = 'pk_test_other';
const FORM = 'input[name="loan.amount_kop"]';
const isOffers = (url) => new URL(url).pathname.endsWith('/v1/offers');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Globals the page has that a blank page does not (own properties of `window`; the tests'
 *  init scripts run in the blank frame too, so their own globals do not count). */
const newGlobals = (page) =>
  page.evaluate(() => {
    const frame = document.createElement('iframe');
    document.body.appendChild(frame);
    const blank = new Set(Object.getOwnPropertyNames(frame.contentWindow));
    frame.remove();
    return Object.getOwnPropertyNames(window).filter((k) => !blank.has(k)).sort();
  });

/** Every request the page issues to /v1/offers, in order (aborted ones included). */
function watchOffers(page) {
  const seen = [];
  page.on('request', (r) => isOffers(r.url()) && seen.push(r));
  return seen;
}

/** Who called `fetch` for the offers, in `window.__offers`: the scripts call `fetch(url, init)`
 *  ('script'), the wasm `fetch(request)` ('widget'); with the key each asked with. */
async function watchFetches(page) {
  await page.addInitScript(() => {
    window.__offers = [];
    const real = window.fetch;
    window.fetch = function (input, init) {
      const request = new Request(input, init);
      if (new URL(request.url).pathname.endsWith('/v1/offers')) {
        window.__offers.push({ by: typeof input === 'string' ? 'script' : 'widget', key: request.headers.get('X-Prequal-Key') });
      }
      return real.apply(this, arguments);
    };
  });
}
const offersFetches = (page) => page.evaluate(() => window.__offers.map((o) => `${o.by} ${o.key}`));

// ---- the standalone page (Trunk's index.html) ----

/** Opens the standalone page, recording its events, without waiting for the form. */
async function openStandalone(page, server) {
  await watchFetches(page);
  await page.addInitScript(() => {
    window.__events = [];
    document.addEventListener('DOMContentLoaded', () => {
      const host = document.getElementById('prequal');
      if (!host) return; // the blank frame of `newGlobals`
      for (const name of ['ready', 'error']) {
        host.addEventListener(`prequal:${name}`, (e) => window.__events.push({ name, detail: e.detail }));
      }
    });
  });
  await page.goto(pageUrl(server));
}

test('standalone page: one GET /v1/offers, issued while the wasm is still downloading, used by the widget', async () => {
  let seen = [];
  const gate = wasmGate(() => seen.length > 0);
  const server = await startWidget({ hold: gate.hold });
  try {
    const { page, context, consoleErrors } = await newPage(browser);
    seen = watchOffers(page);
    // A cookie for the API's origin: the request must go without it (credentials: 'omit').
    await context.addCookies([{ name: 'session', value: 'x', url: server.url }]);
    await openStandalone(page, server);
    await page.locator(FORM).waitFor();
    await page.waitForFunction(() => window.__events.some((e) => e.name === 'ready'));
    assert.ok(gate.released.length >= 1, 'the wasm was requested');
    assert.deepEqual([...new Set(gate.released)], ['ready'], 'the offers request came while the wasm was held');
    await page.waitForTimeout(200);
    assert.equal(seen.length, 1, 'one offers request');
    assert.equal(server.api.offersGets.length, 1);
    const headers = server.api.offersGets[0].headers;
    assert.equal(headers['x-prequal-key'], PARTNER_KEY);
    assert.equal(headers.accept, 'application/json, application/problem+json');
    assert.equal(headers.cookie, undefined);
    assert.equal(seen[0].url(), `${server.url}/v1/offers`);
    assert.equal(seen[0].method(), 'GET');
    assert.deepEqual(await offersFetches(page), [`script ${PARTNER_KEY}`], 'the widget fetched nothing itself');
    // Nothing left behind: the element's hand-over is gone, and no global was added (Trunk's
    // `wasmBindings` included).
    assert.equal(await page.evaluate(() => 'prequalOffers' in document.getElementById('prequal')), false);
    assert.equal(await page.evaluate(() => 'wasmBindings' in window), false);
    assert.deepEqual(await newGlobals(page), []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  } finally {
    await server.close();
  }
});

test('standalone page: a prefetch that fails shows "Load again", which then fetches and works', async () => {
  let seen = [];
  const gate = wasmGate(() => seen.length > 0);
  const server = await startWidget({ hold: gate.hold });
  try {
    const { page, context } = await newPage(browser);
    seen = watchOffers(page);
    await page.route('**/v1/offers', (route) => route.abort('failed'), { times: 1 });
    await openStandalone(page, server);
    await page.locator('.pq-load-failed').waitFor();
    // The one that failed was the prefetch: it was issued while the wasm was held.
    assert.deepEqual([...new Set(gate.released)], ['ready']);
    assert.equal(seen.length, 1);
    const errors = await page.evaluate(() => window.__events.filter((e) => e.name === 'error').map((e) => e.detail.code));
    assert.deepEqual(errors, ['offers.network']);
    assert.equal(server.api.offersGets.length, 0);
    await page.locator('.pq-load-failed button').click();
    await page.locator(FORM).waitFor();
    assert.equal(seen.length, 2);
    assert.equal(server.api.offersGets.length, 1);
    assert.deepEqual(await offersFetches(page), [`script ${PARTNER_KEY}`, `widget ${PARTNER_KEY}`]);
    await context.close();
  } finally {
    await server.close();
  }
});

// ---- the embed loader ----

const MOUNT_JS = `Prequal.mount('#w', { api: '/', partnerKey: '${PARTNER_KEY}' });`;

async function openEmbed(server, path) {
  const ctx = await newPage(browser);
  await recordEvents(ctx.page);
  await watchFetches(ctx.page);
  ctx.seen = watchOffers(ctx.page);
  await ctx.page.goto(server.url + path);
  await ctx.page.waitForFunction(() => window.Prequal && window.Prequal.mount);
  return ctx;
}

const mountIn = (page, options, then) =>
  page.evaluate(([o, t]) => {
    window.handle = window.Prequal.mount('#w', o);
    if (t) window.handle.update(t);
  }, [options, then]);

const readyCount = async (page, host) => (await eventsOf(page, host)).filter((e) => e.name === 'ready').length;

test('embed: <mfo-prequal> and Prequal.mount each make one GET /v1/offers, issued while the wasm is still downloading', async () => {
  let server;
  const gate = wasmGate(() => server && server.api.offersGets >= 2);
  server = await startEmbed({
    hold: gate.hold,
    pages: {
      '/both.html': html({
        body: `<mfo-prequal id="el" api="/" partner-key="${PARTNER_KEY}"></mfo-prequal><div id="w"></div>
          <script src="/mount-w.js"></script>`,
      }),
    },
    assets: { '/mount-w.js': MOUNT_JS },
  });
  try {
    const { page, context, consoleErrors, seen } = await openEmbed(server, '/both.html');
    await page.locator('#el').locator(FORM).waitFor();
    await page.locator('#w').locator(FORM).waitFor();
    assert.ok(gate.released.length >= 1, 'the wasm was requested');
    assert.deepEqual([...new Set(gate.released)], ['ready'], 'both offers requests came while the wasm was held');
    await page.waitForFunction(() => window.__events.filter((e) => e.name === 'ready').length >= 2);
    await page.waitForTimeout(200);
    assert.equal(server.api.offersGets, 2, 'one per widget');
    assert.equal(seen.length, 2);
    assert.deepEqual(await offersFetches(page), [`script ${PARTNER_KEY}`, `script ${PARTNER_KEY}`]);
    for (const { headers } of server.api.offers) {
      assert.equal(headers['x-prequal-key'], PARTNER_KEY);
      assert.equal(headers.accept, 'application/json, application/problem+json');
    }
    // Both widgets work.
    await nextStep(page.locator('#el'));
    await nextStep(page.locator('#w'));
    assert.deepEqual(await newGlobals(page), ['Prequal']);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  } finally {
    await server.close();
  }
});

test('embed: a prefetch for another key is left unused; the widget fetches its own, with the same request', async () => {
  const server = await startEmbed({
    keys: [PARTNER_KEY, OTHER_KEY],
    pages: { '/blank.html': html({ body: '<div id="w"></div>' }) },
  });
  try {
    const { page, context, consoleErrors } = await openEmbed(server, '/blank.html');
    // Changed in the same task as the mount: the wasm cannot be there yet, so the widget
    // starts with the other key while the loader's request asked with the first.
    await mountIn(page, { api: '/', partnerKey: PARTNER_KEY }, { partnerKey: OTHER_KEY });
    await page.locator('#w').locator(FORM).waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(server.api.offers.map((o) => o.headers['x-prequal-key']), [PARTNER_KEY, OTHER_KEY]);
    assert.deepEqual(await offersFetches(page), [`script ${PARTNER_KEY}`, `widget ${OTHER_KEY}`]);
    // The loader's request is the widget's own but for the key.
    const [a, b] = server.api.offers.map(({ headers }) => {
      const { 'x-prequal-key': _, connection: __, ...rest } = headers;
      return rest;
    });
    assert.deepEqual(a, b);
    await nextStep(page.locator('#w'));
    assert.deepEqual(consoleErrors, []);
    await context.close();
  } finally {
    await server.close();
  }
});

test('embed: update() to another key after ready fetches again and works; the prefetch is never reused', async () => {
  const server = await startEmbed({
    keys: [PARTNER_KEY, OTHER_KEY],
    pages: { '/blank.html': html({ body: '<div id="w"></div>' }) },
  });
  try {
    const { page, context, consoleErrors } = await openEmbed(server, '/blank.html');
    await mountIn(page, { api: '/', partnerKey: PARTNER_KEY });
    await page.locator('#w').locator(FORM).waitFor();
    await page.waitForFunction(() => window.__events.some((e) => e.name === 'ready'));
    assert.equal(server.api.offersGets, 1);
    await page.evaluate((k) => window.handle.update({ partnerKey: k }), OTHER_KEY);
    await page.waitForFunction(() => window.__events.filter((e) => e.name === 'ready').length >= 2);
    await page.evaluate((k) => window.handle.update({ partnerKey: k }), PARTNER_KEY);
    await page.waitForFunction(() => window.__events.filter((e) => e.name === 'ready').length >= 3);
    assert.deepEqual(server.api.offers.map((o) => o.headers['x-prequal-key']), [PARTNER_KEY, OTHER_KEY, PARTNER_KEY]);
    assert.deepEqual(await offersFetches(page), [`script ${PARTNER_KEY}`, `widget ${OTHER_KEY}`, `widget ${PARTNER_KEY}`]);
    assert.equal(await readyCount(page, 'w'), 3);
    await nextStep(page.locator('#w'));
    assert.deepEqual(consoleErrors, []);
    await context.close();
  } finally {
    await server.close();
  }
});

test('embed: a prefetch that fails shows "Load again", which then fetches and works', async () => {
  const server = await startEmbed({ pages: { '/blank.html': html({ body: '<div id="w"></div>' }) } });
  try {
    const { page, context, seen } = await openEmbed(server, '/blank.html');
    await page.route('**/v1/offers', (route) => route.abort('failed'), { times: 1 });
    await mountIn(page, { api: '/', partnerKey: PARTNER_KEY });
    const w = page.locator('#w');
    await w.locator('.pq-load-failed').waitFor();
    const errors = (await eventsOf(page, 'w')).filter((e) => e.name === 'error').map((e) => e.detail.code);
    assert.deepEqual(errors, ['offers.network']);
    assert.equal(seen.length, 1);
    assert.equal(server.api.offersGets, 0);
    await w.locator('.pq-load-failed button').click();
    await w.locator(FORM).waitFor();
    assert.equal(seen.length, 2);
    assert.equal(server.api.offersGets, 1);
    assert.deepEqual(await offersFetches(page), [`script ${PARTNER_KEY}`, `widget ${PARTNER_KEY}`]);
    await nextStep(w);
    await context.close();
  } finally {
    await server.close();
  }
});

// ---- the URL rule: src/net.rs `url_allowed`, mirrored in both scripts ----

/** The string literals of `for <name> in [ … ]` in src/net.rs's test of `url_allowed`. */
async function netVectors() {
  const source = await readFile(resolve(ROOT, 'src/net.rs'), 'utf8');
  const block = (name) => {
    const body = source.split(`for ${name} in [`)[1].split('] {')[0];
    return [...body.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  };
  return { ok: block('ok'), bad: block('bad') };
}

/** Runs www/prefetch.js against a fake element with `attrs`; returns what it fetched. */
async function runPrefetch(attrs, origin = 'http://127.0.0.1:8080', search = '') {
  const source = await readFile(resolve(ROOT, 'www/prefetch.js'), 'utf8');
  const fetched = [];
  const el = {
    hasAttribute: (name) => name in attrs || name === 'data-prequal-standalone',
    getAttribute: (name) => (name in attrs ? attrs[name] : null),
    setAttribute: (name, value) => { attrs[name] = value; },
  };
  const context = vm.createContext({
    document: { getElementById: (id) => (id === 'prequal' ? el : null) },
    location: { origin, search },
    URLSearchParams,
    fetch: (url, init) => {
      fetched.push({ url, init });
      return Promise.resolve({});
    },
  });
  vm.runInContext(source, context);
  return { fetched, handed: el.prequalOffers };
}

// Rust's `str::trim` and `trim_end_matches('/')` for these ASCII vectors.
const offersUrl = (api) => `${api.trim().replace(/\/+$/, '')}/v1/offers`;

test('prefetch.js and the loader share one URL rule, and it is url_allowed on its own test vectors', async () => {
  const pick = (text) => text.slice(text.indexOf('  var TRIM'), text.indexOf('\n  }\n', text.indexOf('function urlAllowed')));
  const loader = await readFile(resolve(ROOT, 'www/embed/loader.js'), 'utf8');
  const standalone = await readFile(resolve(ROOT, 'www/prefetch.js'), 'utf8');
  assert.ok(pick(loader).includes('function urlAllowed'));
  const strip = (s) => s.split('\n').filter((l) => !l.trim().startsWith('//')).join('\n');
  assert.equal(strip(pick(standalone)), strip(pick(loader)), 'the two copies of the URL rule differ');

  const { ok, bad } = await netVectors();
  assert.ok(ok.length >= 5 && bad.length >= 10, `${ok.length} + ${bad.length} vectors`);
  for (const api of ok) {
    const { fetched, handed } = await runPrefetch({ 'data-api': api, 'data-partner-key': ' pk_test_demo ' });
    assert.equal(fetched.length, 1, api);
    assert.equal(fetched[0].url, offersUrl(api), api);
    // The request `fetch` makes of it, fetch's defaults included (`GET`, `cors` mode for a URL),
    // is the one src/net.rs `request` makes.
    const request = new Request(fetched[0].url, fetched[0].init);
    assert.deepEqual(
      {
        method: request.method,
        mode: request.mode,
        credentials: request.credentials,
        cache: request.cache,
        headers: [...request.headers],
      },
      {
        method: 'GET',
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
        headers: [
          ['accept', 'application/json, application/problem+json'],
          ['x-prequal-key', 'pk_test_demo'],
        ],
      },
      api,
    );
    assert.equal(handed.url, fetched[0].url);
    assert.equal(handed.key, 'pk_test_demo');
    assert.ok(typeof handed.response.then === 'function');
  }
  for (const api of bad.filter((a) => a.trim() !== '')) {
    const { fetched, handed } = await runPrefetch({ 'data-api': api, 'data-partner-key': 'pk_test_demo' });
    assert.deepEqual(fetched, [], JSON.stringify(api));
    assert.equal(handed, undefined);
  }
  // Rust's trim, not JS's: U+FEFF is not whitespace to Rust (refused), U+0085 is (trimmed).
  assert.equal((await runPrefetch({ 'data-api': '\ufeffhttps://mfo.example', 'data-partner-key': 'pk_x' })).fetched.length, 0);
  const nel = await runPrefetch({ 'data-api': '\u2003https://mfo.example/\u0085', 'data-partner-key': 'pk_x' });
  assert.equal(nel.fetched[0].url, 'https://mfo.example/v1/offers');
  // No data-api: the page's origin; no key, or a page that is not on HTTPS or this machine: none.
  assert.equal((await runPrefetch({ 'data-partner-key': 'pk_x' })).fetched[0].url, 'http://127.0.0.1:8080/v1/offers');
  assert.equal((await runPrefetch({ 'data-api': 'https://mfo.example' })).fetched.length, 0);
  assert.equal((await runPrefetch({ 'data-partner-key': 'pk_x' }, 'http://shop.example')).fetched.length, 0);
});

test('embed: options the widget refuses are never prefetched', async () => {
  const server = await startEmbed({
    pages: { '/many.html': html({ body: '<div id="hosts"></div>' }) },
  });
  try {
    const { page, context, requests, seen } = await openEmbed(server, '/many.html');
    const { bad } = await netVectors();
    const local = server.url;
    const cases = [
      // URLs url_allowed refuses (absolute ones: a relative `api` is resolved against the page).
      ...bad.filter((a) => /^[a-z]+:/i.test(a.trim())).map((api) => ({ api, partnerKey: PARTNER_KEY })),
      { api: `\ufeff${local}`, partnerKey: PARTNER_KEY },
      { api: `${local}/a b`, partnerKey: PARTNER_KEY },
      // Good URLs, other options wrong.
      { api: local, partnerKey: 'sk_live_secret' },
      { api: local },
      { api: local, partnerKey: PARTNER_KEY, partner_key: 'x' },
      { api: local, partnerKey: PARTNER_KEY, locale: 'de' },
      { api: local, partnerKey: PARTNER_KEY, tracking: 'x' },
      { api: local, partnerKey: PARTNER_KEY, footer: 7 },
      { api: [local], partnerKey: PARTNER_KEY },
    ];
    await page.evaluate((list) => {
      list.forEach((options, i) => {
        const div = document.createElement('div');
        div.id = `h${i}`;
        document.getElementById('hosts').appendChild(div);
        window.Prequal.mount(div, options);
      });
    }, cases);
    await page.waitForFunction((n) => window.__events.filter((e) => e.name === 'error').length >= n, cases.length);
    const codes = (await eventsOf(page)).filter((e) => e.name === 'error').map((e) => e.detail.code);
    assert.ok(codes.every((c) => c.startsWith('options.')), codes.join(', '));
    // A good widget after them, so that anything late would have been seen.
    await page.evaluate((o) => {
      const div = document.createElement('div');
      div.id = 'w';
      document.body.appendChild(div);
      window.Prequal.mount(div, o);
    }, { api: local, partnerKey: PARTNER_KEY });
    await page.locator('#w').locator(FORM).waitFor();
    await page.waitForTimeout(200);
    assert.equal(seen.length, 1, seen.map((r) => r.url()).join('\n'));
    assert.deepEqual(requests.filter((r) => isOffers(r.url)).length, 1);
    assert.deepEqual(await offersFetches(page), [`script ${PARTNER_KEY}`]);
    // Rust's trim (U+2003, U+0085 are whitespace): the widget uses the loader's request.
    await page.evaluate((o) => window.Prequal.mount('#w', o), { api: `\u2003${local}/\u0085`, partnerKey: PARTNER_KEY });
    await page.waitForFunction(() => window.__events.filter((e) => e.name === 'ready' && e.host === 'w').length >= 2);
    await page.waitForTimeout(200);
    assert.equal(seen.length, 2, seen.map((r) => r.url()).join('\n'));
    assert.deepEqual(await offersFetches(page), [`script ${PARTNER_KEY}`, `script ${PARTNER_KEY}`]);
    await context.close();
  } finally {
    await server.close();
  }
});

test('prefetch.js gives the widget the page URL\'s tracking, unless the element has its own', async () => {
  const attrs = { 'data-partner-key': 'pk_x', 'data-sub1': 'from-page', 'data-sub3': ' ' };
  const long = 'я'.repeat(499) + '😀x';
  const { fetched } = await runPrefetch(
    attrs,
    undefined,
    `?click_id=%20abc%20&sub1=from-url&sub2=&sub3=s3&utm_source=partner+site&utm_term=${encodeURIComponent(long)}&other=1`,
  );
  assert.equal(fetched.length, 1, 'the offers are still prefetched');
  assert.deepEqual(attrs, {
    'data-partner-key': 'pk_x',
    'data-sub1': 'from-page',
    // A blank attribute is no value.
    'data-sub3': 's3',
    'data-click-id': 'abc',
    'data-utm-source': 'partner site',
    // Cut at 500 characters (code points, as the embed cuts them), never inside one.
    'data-utm-term': 'я'.repeat(499) + '😀',
  });
  // No query, no attributes.
  const none = { 'data-partner-key': 'pk_x' };
  await runPrefetch(none);
  assert.deepEqual(Object.keys(none), ['data-partner-key']);
});
