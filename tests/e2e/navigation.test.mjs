// Moving between steps with the mouse: a double click is one press, the new step is scrolled
// to its heading, and no step can be left while the application is on its way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage } from './lib/browser.mjs';
import {
  APPLICANT, consentAll, events, fill, next, open, sharedWidget, startWidget, stepTitle, toResult,
} from './lib/widget.mjs';

const shared = sharedWidget();

const stepEvents = async (page) => (await events(page)).filter((e) => e.name === 'step').map((e) => e.detail.step);

test('a double click on Next goes one step on, and the next step shows no errors', async () => {
  const { page, context, consoleErrors } = await newPage(shared.browser);
  await open(page, shared.server);
  await next(page);
  await fill(page, APPLICANT);
  const before = await stepTitle(page);
  await page.locator('[data-action="next"]').dblclick();
  await page.waitForFunction((t) => document.querySelector('.pq-step-title')?.textContent.trim() !== t, before);
  // Give a second press time to land, had it been taken as one.
  await page.waitForTimeout(300);
  assert.deepEqual(await stepEvents(page), ['about', 'income']);
  assert.equal(await page.locator('.pq-summary').count(), 0, 'no error summary on the new step');
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0, 'no field marked invalid');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

/** Whether the step's heading is inside the viewport. */
const headingInView = (page) =>
  page.locator('.pq-step-title').evaluate((h) => {
    const r = h.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });

test('a step changed by a click is scrolled to its heading, on a phone', async () => {
  const { page, context, consoleErrors } = await newPage(shared.browser, { width: 360, height: 740 });
  await open(page, shared.server);
  await toResult(page);
  // The result step is longer than the screen: its Next button is at the bottom.
  await page.locator('[data-action="next"]').scrollIntoViewIfNeeded();
  assert.equal(await headingInView(page), false, 'the heading is above the screen before Next');
  await next(page);
  assert.ok(await headingInView(page), 'after Next the consent step is seen from its heading');
  await page.locator('[data-action="back"]').scrollIntoViewIfNeeded();
  const before = await stepTitle(page);
  await page.locator('[data-action="back"]').click();
  await page.waitForFunction((t) => document.querySelector('.pq-step-title')?.textContent.trim() !== t, before);
  assert.ok(await headingInView(page), 'after Back the result step is seen from its heading');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('while the application is being sent, Back is gone; after a failure it is back', async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const server = await startWidget({ post: async () => (await held) });
  const browser = await launch();
  try {
    const { page, context } = await newPage(browser);
    await open(page, server);
    await toResult(page);
    await next(page);
    await consentAll(page);
    await page.locator('[data-action="submit"]').click();
    await page.waitForFunction(() => document.querySelector('[data-action="submit"]')?.disabled);
    assert.equal(await page.locator('[data-action="back"]').count(), 0, 'no Back while sending');
    release('drop'); // every attempt fails: the application was not sent
    await page.locator('[data-action="back"]').waitFor({ timeout: 20_000 });
    await context.close();
  } finally {
    release('drop');
    await browser.close();
    await server.close();
  }
});
