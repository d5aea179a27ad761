// Shared set-up for the embed tests (tests/e2e/embed-*.test.mjs): the test dist built by
// `scripts/build-embed.sh --debug target/e2e-dist` (prequal.js + the hashed wasm), the demo
// partner pages from www/, test pages given as HTML (with a CSP header), and a small intake API
// that records what it receives.
import { readFile, readdir, access } from 'node:fs/promises';
import { resolve, extname } from 'node:path';
import { DIST, ROOT, serve } from './browser.mjs';
import { demoConfig, PARTNER_KEY } from './widget.mjs';

export const WWW = resolve(ROOT, 'www');
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Serves DIST + www/ + `pages` ({path: html}) with the strict CSP as an HTTP header, and the
 *  test API. `config(base)` may replace the partner configuration; `keys` are the partner
 *  keys the API knows (default: the test partner's); `hold`: see `serve`. */
export async function startEmbed({ pages = {}, assets = {}, config, keys = [PARTNER_KEY], hold } = {}) {
  await access(resolve(DIST, 'prequal.js')).catch(() => {
    throw new Error(`${DIST}/prequal.js is missing: run scripts/build-embed.sh --debug target/e2e-dist`);
  });
  // offers: every GET /v1/offers, with its headers.
  const api = { posts: [], offersGets: 0, offers: [], pixels: [] };
  let base = '';
  const routes = {};
  for (const name of await readdir(WWW)) {
    if (!TYPES[extname(name)] || name === 'index.html') continue;
    routes[`/${name}`] = async (req, res) => {
      const headers = { 'content-type': TYPES[extname(name)] };
      if (name.endsWith('.html')) headers['content-security-policy'] = CSP;
      res.writeHead(200, headers);
      res.end(await readFile(resolve(WWW, name)));
    };
  }
  for (const [path, html] of Object.entries(pages)) {
    routes[path] = (req, res) => {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'content-security-policy': CSP });
      res.end(html);
    };
  }
  for (const [path, text] of Object.entries(assets)) {
    routes[path] = (req, res) => {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/plain' });
      res.end(text);
    };
  }
  routes['/v1/offers'] = async (req, res) => {
    api.offersGets += 1;
    api.offers.push({ headers: req.headers });
    if (!keys.includes(req.headers['x-prequal-key'])) return json(res, 401, { title: 'unknown key' });
    const c = await demoConfig(base);
    return json(res, 200, config ? config(c) : c);
  };
  routes['/v1/applications'] = async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    api.posts.push({ headers: req.headers, body });
    return json(res, 201, { application_id: body.application_id, status: 'received' });
  };
  routes['/v1/applications/*'] = (req, res) =>
    json(res, 200, { application_id: req.url.split('/').pop(), status: 'received', updated_at: '2026-11-24T10:20:00+03:00' });
  routes['/pixel.gif*'] = (req, res) => {
    api.pixels.push(req.url);
    res.writeHead(200, { 'content-type': 'image/gif' });
    res.end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
  };
  const server = await serve(DIST, routes, { hold });
  base = server.url;
  return { ...server, api };
}

/** A test page: `body` HTML, the loader, and `css` as a same-origin stylesheet route. */
export function page({ body = '', head = '' } = {}) {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>embed test</title>
<link rel="icon" href="data:,">${head}<script src="/prequal.js"></script></head><body>${body}</body></html>`;
}

/** Records every CSP violation on the page, from the start. */
export async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** Records every prequal:* event reaching `selector`'s element (or any host, with null). */
export async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__events = [];
    for (const name of ['ready', 'step', 'change', 'result', 'submitted', 'error', 'resize']) {
      document.addEventListener(`prequal:${name}`, (e) =>
        window.__events.push({ host: e.target.id, name, detail: e.detail }), true);
    }
  });
}

export const eventsOf = (page, host) =>
  page.evaluate((h) => window.__events.filter((e) => !h || e.host === h), host);

/** The form helpers, inside one widget (`host` is a Locator of the host element). */
export async function fillIn(host, values) {
  for (const [name, value] of Object.entries(values)) {
    const el = host.locator(`[name="${name}"]`);
    const tag = await el.evaluate((e) => e.tagName);
    if (tag === 'SELECT') await el.selectOption(value);
    else if ((await el.getAttribute('type')) === 'checkbox') await el.setChecked(Boolean(value));
    else await el.fill(value);
  }
  await host.locator('.pq-step-title').click();
}

export async function nextStep(host) {
  const title = host.locator('.pq-step-title');
  const before = (await title.textContent()).trim();
  await host.locator('[data-action="next"]').click();
  await host.locator('.pq-step-title').filter({ hasNotText: before }).waitFor();
}

export { PARTNER_KEY };
