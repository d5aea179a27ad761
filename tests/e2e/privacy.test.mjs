// The privacy guarantee (contract.md, "Widget"): after `ready`, an application that does not
// qualify causes no network request at all. Every request the page makes is watched. Nothing
// personal reaches URLs, storage, cookies, the console or events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from './lib/browser.mjs';
import {
  APPLICANT, INCOME, assertNoPersonal, events, open, sharedWidget, toResult, widget,
} from './lib/widget.mjs';

const shared = sharedWidget();

for (const [why, income] of [
  ['a debt load above every limit', { 'obligations.monthly_payments_kop': '60000' }],
  ['a current overdue', { 'obligations.overdue_now_days': '45' }],
]) {
  test(`not qualified (${why}): no request at all after ready`, async () => {
    const { page, context, requests, offLoopback } = await newPage(shared.browser);
    const messages = [];
    page.on('console', (msg) => messages.push(msg.text()));
    await open(page, shared.server);
    await page.waitForFunction(() => window.__events.some((e) => e.name === 'ready'));
    const atReady = requests.length;
    const url = page.url();

    await toResult(page, { about: APPLICANT, income: { ...INCOME, ...income } });
    await widget(page).getByText('Сейчас заявку лучше не отправлять').waitFor();
    // Go back and forth, open a reason's field, come back: still nothing on the wire.
    await page.locator('.pq-reasons .pq-link').first().click();
    await page.locator('[data-action="next"]').click();
    await widget(page).getByText('Сейчас заявку лучше не отправлять').waitFor();
    // No way on from this result: neither Next nor Send is there to press.
    assert.equal(await page.locator('[data-action="next"], [data-action="submit"]').count(), 0);
    // Long enough for anything a timer would send (a retry's first wait is under a second).
    await page.waitForTimeout(2000);
    assert.deepEqual(requests.slice(atReady), [], 'no request after ready');
    assert.equal(shared.server.api.posts.length, 0);

    const log = await events(page);
    assert.equal(log.find((e) => e.name === 'result').detail.qualified, false);
    assert.ok(log.find((e) => e.name === 'result').detail.codes.length > 0);
    assert.equal(page.url(), url, 'the URL never changes');
    const stored = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
    }));
    assert.deepEqual(stored, { local: 0, session: 0, cookie: '' });
    assertNoPersonal([log, requests, messages]);
    assert.deepEqual(messages, [], 'the widget logs nothing');
    assert.deepEqual(offLoopback, []);
    await context.close();
  });
}
