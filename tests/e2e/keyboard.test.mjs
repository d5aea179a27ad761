// The whole flow with the keyboard alone: Tab to move, typing, Space for boxes, arrows for
// lists and the offer, Enter for Next and Send. No mouse, no element.fill().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from './lib/browser.mjs';
import { open, sharedWidget, stepTitle, widget } from './lib/widget.mjs';

const shared = sharedWidget();

/** Presses Tab until the focus is on `selector` (at most 60 times). */
async function tabTo(page, selector) {
  for (let i = 0; i < 60; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function typeInto(page, name, text) {
  await tabTo(page, `[name="${name}"]`);
  await page.keyboard.type(text);
}

/** Picks `value` in a focused <select> with Home and the arrow keys. */
async function choose(page, name, value) {
  await tabTo(page, `[name="${name}"]`);
  const index = await page
    .locator(`[name="${name}"] option`)
    .evaluateAll((options, v) => options.findIndex((o) => o.value === v), value);
  await page.keyboard.press('Home');
  for (let i = 0; i < index; i += 1) await page.keyboard.press('ArrowDown');
}

/** How this browser's date input wants a date typed: it follows the browser's UI language
 *  (month first in headless Chromium), found by typing into a scratch input. */
async function dateKeys(page) {
  await page.evaluate(() => {
    const probe = document.createElement('input');
    probe.type = 'date';
    probe.id = 'probe';
    document.body.append(probe);
  });
  await page.locator('#probe').focus();
  await page.keyboard.type('01022000');
  const value = await page.locator('#probe').inputValue();
  await page.evaluate(() => document.getElementById('probe').remove());
  const monthFirst = value === '2000-01-02';
  return (iso) => {
    const [y, m, d] = iso.split('-');
    return monthFirst ? `${m}${d}${y}` : `${d}${m}${y}`;
  };
}

async function press(page, selector, key = 'Enter') {
  await tabTo(page, selector);
  const before = await stepTitle(page);
  await page.keyboard.press(key);
  await page.waitForFunction((t) => document.querySelector('.pq-step-title')?.textContent.trim() !== t, before);
}

test('a qualified application from start to sent, keyboard only', async () => {
  const { page, context, consoleErrors } = await newPage(shared.browser);
  await open(page, shared.server);
  const date = await dateKeys(page);
  // Step 1: the default loan; raise it with the slider's arrow keys, then Next.
  await tabTo(page, 'input[type="range"]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('[name="loan.amount_kop"]').inputValue(), '15 500');
  await press(page, '[data-action="next"]');
  // Focus moved to the step's heading: the next Tab goes into the step.
  assert.equal(await page.evaluate(() => document.activeElement.className), 'pq-step-title');

  await typeInto(page, 'applicant.last_name', 'Иванов');
  await typeInto(page, 'applicant.first_name', 'Иван');
  await typeInto(page, 'applicant.birth_date', date('1990-05-10'));
  await typeInto(page, 'applicant.phone', '89123456789');
  await choose(page, 'applicant.region', '77');
  await typeInto(page, 'applicant.passport.series', '4502');
  await typeInto(page, 'applicant.passport.number', '573482');
  await typeInto(page, 'applicant.passport.issue_date', date('2010-06-01'));
  await typeInto(page, 'applicant.passport.issuer_code', '770001');
  assert.equal(await page.locator('[name="applicant.region"]').inputValue(), '77');
  assert.equal(await page.locator('[name="applicant.birth_date"]').inputValue(), '1990-05-10');
  // Enter in a field is Next.
  await tabTo(page, '[name="applicant.passport.issuer_code"]');
  const before = await stepTitle(page);
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('.pq-step-title')?.textContent.trim() !== t, before);

  await choose(page, 'income.employment', 'employed');
  await typeInto(page, 'income.tenure_months', '14');
  await typeInto(page, 'income.confirmed_kop', '80000');
  await typeInto(page, 'income.unconfirmed_kop', '0');
  await typeInto(page, 'obligations.monthly_payments_kop', '5000');
  await typeInto(page, 'obligations.active_loans', '1');
  await typeInto(page, 'obligations.overdue_now_days', '0');
  await typeInto(page, 'obligations.overdue_12m_max_days', '0');
  await tabTo(page, '[name="applicant.has_emergency_contact"]');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('[name="income.employment"]').inputValue(), 'employed');
  await press(page, '[data-action="next"]');

  assert.equal(await stepTitle(page), 'Результат');
  await tabTo(page, 'input[name="offer_id"]');
  assert.ok(await page.locator('input[name="offer_id"]').isChecked());
  await press(page, '[data-action="next"]');

  for (const kind of ['personal_data', 'credit_bureau', 'transfer']) {
    await tabTo(page, `[name="consents.${kind}"]`);
    await page.keyboard.press('Space');
  }
  await tabTo(page, '[data-action="submit"]');
  await page.keyboard.press('Enter');
  await page.locator('.pq-sent-title', { hasText: 'Заявка отправлена' }).waitFor();
  // The pressed button went away with the form: the focus is on what happened, not lost.
  await page.waitForFunction(() => document.activeElement?.classList.contains('pq-sent'));
  const posts = shared.server.api.posts;
  assert.equal(posts.length, 1);
  assert.equal(posts[0].body.loan.amount_kop, 1_550_000);
  assert.equal(posts[0].body.applicant.has_emergency_contact, true);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
