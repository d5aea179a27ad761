// The widget under test: the Trunk-built page served on 127.0.0.1 together with a small
// intake API (GET /v1/offers, POST /v1/applications, GET /v1/applications/{id}) that records
// what it receives, plus helpers that fill the form as a person would.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before } from 'node:test';
import { ROOT, DIST, launch, serve } from './browser.mjs';

export const PARTNER_KEY = 'pk_test_demo';

/** The rules engine's demo configuration, with every offer's endpoint on `base`. */
export async function demoConfig(base) {
  const text = await readFile(resolve(ROOT, 'crates/rules/src/demo_config.json'), 'utf8');
  const config = JSON.parse(text);
  for (const offer of config.offers) offer.endpoint = `${base}/v1/applications`;
  return config;
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** For a test file whose tests share one widget server (`startWidget`) and one browser: both
 *  start before the file's first test and close after its last. Read `shared.server` and
 *  `shared.browser` inside the tests. */
export function sharedWidget() {
  const shared = {};
  before(async () => {
    shared.server = await startWidget();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** JSON with its object keys sorted: the same document however it was written. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Serves the widget and the test API. `post(record, api)` may answer a POST itself (return
 * true after writing the response, or 'drop' to cut the connection); by default the first
 * POST of an idempotency key stores the application and answers 201. `hold`: see `serve`.
 */
export async function startWidget({ post, config, hold } = {}) {
  const api = {
    posts: [], // every POST: { headers, body, text }
    applications: new Map(), // idempotency key → body (what was stored)
    statusGets: [],
    offersGets: [],
    status: 'received',
  };
  let base = '';
  const page = (locale) => async (req, res) => {
    const html = await readFile(resolve(DIST, 'index.html'), 'utf8');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    // Quoted in a debug build's page, not in a release build's (Trunk minifies it).
    res.end(html.replace(/data-locale=("?)ru\1/, `data-locale="${locale}"`));
  };
  const routes = {
    '/en.html': page('en'),
    '/v1/offers': async (req, res) => {
      api.offersGets.push({ headers: req.headers });
      if (req.headers['x-prequal-key'] !== PARTNER_KEY) return json(res, 401, { title: 'unknown key' });
      return json(res, 200, config ?? (await demoConfig(base)));
    },
    '/v1/applications': async (req, res) => {
      const text = await readBody(req);
      const record = { headers: req.headers, text, body: JSON.parse(text) };
      api.posts.push(record);
      if (post) {
        const answer = await post(record, api);
        if (answer === 'drop') return req.socket.destroy();
        if (answer === 'answer') {
          const { status, body, headers } = record.answer;
          return json(res, status, body, headers);
        }
        if (answer) return;
      }
      const key = req.headers['idempotency-key'];
      // As the intake API does (contract.md): a key goes with one body; the same body again
      // gets the saved answer, another body a 422.
      if (api.applications.has(key) && canonical(api.applications.get(key)) !== canonical(record.body)) {
        return json(res, 422, {
          type: 'https://prequal.example/problems/idempotency-key-reused', title: 'key reused', status: 422,
          detail: 'a new application needs a new application_id',
        });
      }
      if (!api.applications.has(key)) api.applications.set(key, record.body);
      return json(res, 201, { application_id: key, status: 'received' });
    },
    '/v1/applications/*': (req, res) => {
      const id = req.url.split('/').pop();
      api.statusGets.push(id);
      if (!api.applications.has(id)) return json(res, 404, { title: 'not found' });
      return json(res, 200, { application_id: id, status: api.status, updated_at: '2026-11-24T10:20:00+03:00' });
    },
  };
  const server = await serve(DIST, routes, { hold });
  base = server.url;
  return { ...server, api };
}

/** The page's own HTML with the test partner key. */
export function pageUrl(server, locale = 'ru') {
  return `${server.url}/${locale === 'en' ? 'en.html' : ''}`;
}

/** A qualified applicant for the demo configuration's payday offer. */
export const APPLICANT = {
  'applicant.last_name': 'Иванов',
  'applicant.first_name': 'Иван',
  'applicant.patronymic': 'Иванович',
  'applicant.birth_date': '1990-05-10',
  'applicant.phone': '89123456789',
  'applicant.email': 'ivan@example.ru',
  'applicant.region': '77',
  'applicant.passport.series': '4502',
  'applicant.passport.number': '573482',
  'applicant.passport.issue_date': '2010-06-01',
  'applicant.passport.issuer_code': '770001',
  'applicant.inn': '500100732259',
  'applicant.snils': '11223344595',
};

export const INCOME = {
  'income.employment': 'employed',
  'income.tenure_months': '14',
  'income.confirmed_kop': '80000',
  'income.unconfirmed_kop': '0',
  'obligations.monthly_payments_kop': '5000',
  'obligations.active_loans': '1',
  'obligations.overdue_now_days': '0',
  'obligations.overdue_12m_max_days': '0',
};

/** Opens the page (with `query`, the page URL's) and waits for the widget to be ready (the
 * loan inputs are drawn). */
export async function open(page, server, locale = 'ru', query = '') {
  await page.addInitScript(() => {
    // Every event the widget dispatches, for the assertions (the page itself logs nothing).
    window.__events = [];
    document.addEventListener('DOMContentLoaded', () => {
      const host = document.getElementById('prequal');
      for (const name of ['ready', 'step', 'change', 'result', 'submitted', 'error', 'resize']) {
        host.addEventListener(`prequal:${name}`, (e) => window.__events.push({ name, detail: e.detail }));
      }
    });
  });
  await page.goto(pageUrl(server, locale) + query);
  await page.locator('input[name="loan.amount_kop"]').waitFor();
}

export const field = (page, name) => page.locator(`[name="${name}"]`);

/** Fills fields as a person would: types, picks from lists, ticks boxes, then leaves. */
export async function fill(page, values) {
  for (const [name, value] of Object.entries(values)) {
    const el = field(page, name);
    const tag = await el.evaluate((e) => e.tagName);
    if (tag === 'SELECT') await el.selectOption(value);
    else if ((await el.getAttribute('type')) === 'checkbox') await el.setChecked(value === true || value === 'true');
    else await el.fill(value);
  }
  await page.locator('.pq-step-title').click(); // leave the last field
}

export async function stepTitle(page) {
  return (await page.locator('.pq-step-title').textContent()).trim();
}

/** Presses Next and waits for the step's heading to change. */
export async function next(page) {
  const before = await stepTitle(page);
  await page.locator('[data-action="next"]').click();
  await page.waitForFunction(
    (t) => document.querySelector('.pq-step-title')?.textContent.trim() !== t,
    before,
  );
}

/** From the loan step to the result step with `about` and `income` filled in. */
export async function toResult(page, { about = APPLICANT, income = INCOME, loan } = {}) {
  if (loan) await fill(page, loan);
  await next(page);
  await fill(page, about);
  await next(page);
  await fill(page, income);
  await next(page);
}

export async function events(page) {
  return page.evaluate(() => window.__events);
}

/** Ticks the three consents (the chosen offer's) on the consent step. */
export async function consentAll(page) {
  for (const kind of ['personal_data', 'credit_bureau', 'transfer']) {
    await field(page, `consents.${kind}`).check();
  }
}

/** From a fresh page to a qualified application sent (or at least submitted once). */
export async function toConsent(page, options) {
  await toResult(page, options);
  await next(page);
  await consentAll(page);
}

/** The widget's text, e.g. to look for a status. */
export function widget(page) {
  return page.locator('.pq-widget');
}

/** Personal data typed in the tests: none of it may appear in events, URLs, storage or logs. */
export const PERSONAL = [
  'Иванов', 'Иван', '1990-05-10', '9123456789', '912 345', '4502', '45 02', '573482',
  '770001', '770-001', '500100732259', '11223344595', '112-233-445', 'ivan@example.ru',
];

/**
 * Fails, saying where, when any of `PERSONAL` is in `data` (events, requests, console lines…).
 * The bundle's file names carry a content hash (`prequal-widget-…_bg.wasm`), which differs
 * with the build's directory and can hold `4502` by chance, so hashes are blanked first.
 */
export function assertNoPersonal(data) {
  const text = JSON.stringify(data).replace(/-[0-9a-f]{16}(?=[._])/g, '-HASH');
  for (const value of PERSONAL) {
    const at = text.indexOf(value);
    assert.ok(at < 0, `${value} leaked: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
  }
}
