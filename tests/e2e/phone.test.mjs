// The first thin slice end to end: the built widget, a phone number typed by a person, the
// rules engine's message in the page, and an accessibility audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { serve, launch, newPage, screenshot } from './lib/browser.mjs';

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openWidget(options) {
  const t = await newPage(browser, options);
  await t.page.goto(server.url);
  await t.page.locator('input[name="applicant.phone"]').waitFor();
  return t;
}

test('a landline number gets a specific message, then a mobile one clears it', async () => {
  const { page, context, offLoopback, consoleErrors } = await openWidget();
  const phone = page.locator('input[name="applicant.phone"]');
  await page.getByLabel('Мобильный телефон').fill('8 (495) 123-45-67');
  await phone.blur();
  const message = page.locator('#pq-applicant-phone-msg');
  await assert.doesNotReject(message.getByText(/мобильн/i).waitFor());
  assert.equal(await phone.getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'phone-landline');

  await phone.fill('+7 (912) 345-67-89');
  await assert.doesNotReject(message.getByText('+79123456789').waitFor());
  assert.equal(await phone.getAttribute('aria-invalid'), 'false');
  assert.deepEqual(offLoopback, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('the page passes an axe-core audit with no violations', async () => {
  const { page, context } = await openWidget({ width: 360, height: 740 });
  await page.locator('input[name="applicant.phone"]').fill('123');
  await page.locator('input[name="applicant.phone"]').blur();
  await page.locator('.pq-field--invalid').waitFor();
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  assert.deepEqual(summary, []);
  await screenshot(page, 'phone-360');
  await context.close();
});
