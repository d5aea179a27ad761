// A qualified applicant, start to finish: the request the lender receives (one, in the
// contract's format, with the idempotency key and the consents), the status afterwards, the
// events (no personal data), and the warning before leaving while the application is unsent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot } from './lib/browser.mjs';
import {
  PARTNER_KEY, assertNoPersonal, events, field, next, open, sharedWidget, toConsent, toResult, widget,
} from './lib/widget.mjs';
import { validator } from './lib/schema.mjs';

const shared = sharedWidget();

test('a qualified application is sent once, in the contract format, to the chosen offer', async () => {
  const { page, context, offLoopback, consoleErrors } = await newPage(shared.browser);
  const posted = shared.server.api.posts.length;
  await open(page, shared.server, 'ru', '?click_id=c-123&utm_source=partner+site');
  await toConsent(page);
  // A double click still sends one application.
  await page.locator('[data-action="submit"]').dblclick();
  await page.locator('.pq-sent-title', { hasText: 'Заявка отправлена' }).waitFor();
  const posts = shared.server.api.posts.slice(posted);
  assert.equal(posts.length, 1, 'exactly one POST');
  const [{ body, headers }] = posts;

  const validate = validator('application.schema.json');
  assert.ok(validate(body), JSON.stringify(validate.errors, null, 1));
  assert.match(body.application_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(headers['idempotency-key'], body.application_id);
  assert.equal(headers['x-prequal-key'], PARTNER_KEY);
  assert.equal(headers['content-type'], 'application/json');
  assert.equal(headers.cookie, undefined);
  assert.equal(body.offer_id, 'mfo-a-payday');
  assert.deepEqual(body.loan, { amount_kop: 1_500_000, term_days: 30 });
  assert.equal(body.applicant.phone, '+79123456789');
  assert.deepEqual(body.applicant.passport, {
    series: '4502', number: '573482', issue_date: '2010-06-01', issuer_code: '770-001',
  });
  assert.equal(body.income.confirmed_kop, 8_000_000);
  assert.equal(body.tracking.partner_key, PARTNER_KEY);
  // The page URL's tracking (www/prefetch.js) reaches the lender; what it lacks is null.
  assert.equal(body.tracking.click_id, 'c-123');
  assert.equal(body.tracking.utm_source, 'partner site');
  assert.equal(body.tracking.sub1, null);
  assert.match(body.applied_at, /\+03:00$/);
  assert.deepEqual(
    body.consents.map((c) => [c.kind, c.text_version]),
    [['personal_data', 'pd-2026-01'], ['credit_bureau', 'bki-2026-01'], ['transfer', 'tr-2026-01']],
  );
  for (const c of body.consents) assert.match(c.given_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);

  // After "sent": the status from GET /v1/applications/{id} and what happens next.
  await widget(page).getByText('Получена кредитором').waitFor();
  await widget(page).getByText(/позвонит или напишет/).waitFor();
  assert.ok(shared.server.api.statusGets.includes(body.application_id));
  await widget(page).getByText(body.application_id).waitFor();
  assert.equal(await page.locator('[data-action="back"]').count(), 0, 'no going back after sending');

  const log = await events(page);
  const names = log.map((e) => e.name);
  for (const name of ['ready', 'step', 'change', 'result', 'submitted']) assert.ok(names.includes(name), name);
  assert.deepEqual(log.find((e) => e.name === 'submitted').detail, { application_id: body.application_id });
  assert.deepEqual(log.find((e) => e.name === 'result').detail.qualified, true);
  // Each consent ticked is a `change` too, named as its checkbox, with no value in it.
  const consentChanges = log.filter((e) => e.name === 'change' && e.detail.field.startsWith('consents.'));
  assert.deepEqual(
    consentChanges.map((e) => e.detail),
    ['personal_data', 'credit_bureau', 'transfer'].map((k) => ({ field: `consents.${k}`, valid: true })),
  );
  assertNoPersonal(log);
  assert.deepEqual(offLoopback, []);
  assert.deepEqual(consoleErrors, []);
  assert.equal(shared.server.api.posts.length - posted, 1, 'still exactly one POST');
  await screenshot(page, 'sent-1280');
  await context.close();
});

test('leaving the page warns while a qualified application is unsent, and not after', async () => {
  const { page, context } = await newPage(shared.browser);
  await open(page, shared.server);
  const warns = () =>
    page.evaluate(() => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
  assert.equal(await warns(), false, 'nothing to lose yet');
  await toResult(page);
  assert.equal(await warns(), true, 'qualified and unsent');
  await next(page);
  await toConsentTicks(page);
  // Two presses in one task (the second before the page has drawn "sending…"): one request.
  const posted = shared.server.api.posts.length;
  await page.locator('[data-action="submit"]').evaluate((button) => {
    button.click();
    button.click();
  });
  await page.locator('.pq-sent-title', { hasText: 'Заявка отправлена' }).waitFor();
  assert.equal(await warns(), false, 'sent');
  await page.waitForTimeout(500);
  assert.equal(shared.server.api.posts.length - posted, 1, 'exactly one POST');
  await context.close();
});

async function toConsentTicks(page) {
  for (const kind of ['personal_data', 'credit_bureau', 'transfer']) {
    await field(page, `consents.${kind}`).check();
  }
}
