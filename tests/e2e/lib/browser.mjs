// Shared set-up for the end-to-end tests: a static server for the built widget on 127.0.0.1,
// Debian's Chromium through playwright-core, and a guard that fails a test if the page tries
// to reach anything but the loopback address.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const DIST = resolve(ROOT, process.env.PREQUAL_DIST ?? 'target/e2e-dist');
export const SHOTS = resolve(ROOT, 'target/screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `dir` on 127.0.0.1 at a free port. `routes` maps a path to a handler (req, res); a
 *  path ending in `*` matches every path that starts with what comes before it. `hold(path)`,
 *  if given, is awaited before anything is answered (see `wasmGate`). */
export async function serve(dir = DIST, routes = {}, { hold } = {}) {
  const prefixes = Object.entries(routes).filter(([path]) => path.endsWith('*'));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (hold) await hold(url.pathname);
    const handler =
      routes[url.pathname] ??
      prefixes.find(([path]) => url.pathname.startsWith(path.slice(0, -1)))?.[1];
    if (handler) return handler(req, res);
    const path = normalize(join(dir, url.pathname === '/' ? 'index.html' : url.pathname));
    if (!path.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  const close = () =>
    new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(ok);
    });
  return { url: `http://127.0.0.1:${port}`, close };
}

/**
 * Holds every `.wasm` response until `ready()` is true (polled; at most `ms`), and records for
 * each whether it was released by `ready()` ('ready') or by the time limit ('timeout'). Whatever
 * made `ready()` true therefore happened while the wasm was still downloading, by cause, not by
 * a race: what only starts after the wasm can never release it.
 */
export function wasmGate(ready, ms = 5000) {
  const released = [];
  const hold = async (path) => {
    if (!path.endsWith('.wasm')) return;
    const start = Date.now();
    while (!ready() && Date.now() - start < ms) await new Promise((ok) => setTimeout(ok, 10));
    released.push(ready() ? 'ready' : 'timeout');
  };
  return { hold, released };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A page whose every request is recorded; requests off the loopback are blocked and listed. */
export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'ru-RU' });
  const page = await context.newPage();
  const requests = [];
  const offLoopback = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    requests.push({ method: route.request().method(), url: url.href });
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') {
      return route.continue();
    }
    offLoopback.push(url.href);
    return route.abort();
  });
  const consoleErrors = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  return { context, page, requests, offLoopback, consoleErrors };
}

export async function screenshot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
