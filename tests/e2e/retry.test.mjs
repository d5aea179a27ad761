// Sending when the network or the lender misbehaves: network errors and 5xx are retried with
// the same idempotency key (one application stored), 429 waits for Retry-After, a 4xx with
// field problems shows them at the fields, and giving up leaves "not sent — try again".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot } from './lib/browser.mjs';
import { events, open, startWidget, toConsent, widget, field, stepTitle } from './lib/widget.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Answers a POST of the test server with `status` and a JSON body. */
function respond(record, status, body, headers = {}) {
  record.answer = { status, body, headers };
  return 'answer';
}

test('a dropped connection and a 503, then success: one application, one key', async () => {
  const attempts = [];
  const flaky = await startWidget({
    post: (record, api) => {
      attempts.push(Date.now());
      const n = api.posts.length;
      if (n === 1) return 'drop';
      if (n === 2) return respond(record, 503, { type: 'about:blank', title: 'busy', status: 503, detail: 'later' });
      return false;
    },
  });
  const { page, context, consoleErrors } = await newPage(browser);
  await open(page, flaky);
  await toConsent(page);
  await page.locator('[data-action="submit"]').click();
  await page.locator('.pq-sent-title', { hasText: 'Заявка отправлена' }).waitFor({ timeout: 15_000 });
  const keys = flaky.api.posts.map((p) => p.headers['idempotency-key']);
  // Chromium itself may resend a POST once when a reused connection drops: at least 3.
  assert.ok(keys.length >= 3, `${keys.length} attempts`);
  assert.equal(new Set(keys).size, 1, 'the same idempotency key every time');
  assert.equal(keys[0], flaky.api.posts[0].body.application_id);
  assert.equal(flaky.api.applications.size, 1, 'one application stored');
  assert.ok(attempts.at(-1) - attempts[0] >= 450, 'the retries wait');
  assert.deepEqual(consoleErrors.filter((e) => !/Failed to load resource|ERR_/.test(e)), []);
  await context.close();
  await flaky.close();
});

// Retry-After in seconds, or as an HTTP date two seconds ahead, to the second as the header
// has it: 1 to 2 s of waiting either way, where the doubling waits would retry after 0.5 s.
for (const [form, retryAfter] of [
  ['in seconds', () => '1'],
  ['as an HTTP date', () => new Date(Date.now() + 2000).toUTCString()],
]) {
  test(`429 waits for Retry-After ${form}`, async () => {
    const times = [];
    const server = await startWidget({
      post: (record, api) => {
        times.push(Date.now());
        if (api.posts.length === 1) return respond(record, 429, { title: 'slow down', status: 429 }, { 'retry-after': retryAfter() });
        return false;
      },
    });
    const { page, context } = await newPage(browser);
    await open(page, server);
    await toConsent(page);
    await page.locator('[data-action="submit"]').click();
    await page.locator('.pq-sent-title', { hasText: 'Заявка отправлена' }).waitFor({ timeout: 10_000 });
    assert.equal(server.api.posts.length, 2);
    assert.ok(times[1] - times[0] >= 950, `waited ${times[1] - times[0]} ms`);
    await context.close();
    await server.close();
  });
}

test("a lender's codes reach the error event only when shaped like codes", async () => {
  const server = await startWidget({
    post: (record) => respond(record, 422, {
      type: 'https://prequal.example/problems/invalid-application', title: 'invalid', status: 422,
      problems: [
        { code: 'Иванов 9123456789', field: 'applicant.inn', message: 'Проверьте ИНН' },
        { code: 'inn.checksum', field: 'applicant.inn', message: 'ИНН не прошёл проверку у кредитора' },
      ],
    }, { 'content-type': 'application/problem+json' }),
  });
  const { page, context } = await newPage(browser);
  await open(page, server);
  await toConsent(page);
  await page.locator('[data-action="submit"]').click();
  await page.locator('.pq-send', { hasText: 'кредитор нашёл ошибки' }).waitFor();
  const errors = (await events(page)).filter((e) => e.name === 'error');
  assert.deepEqual(errors.map((e) => e.detail), [{ code: 'submit.problems', message: 'inn.checksum' }]);
  await context.close();
  await server.close();
});

test('field problems from the lender are shown at the fields, then the same id is sent again', async () => {
  const server = await startWidget({
    post: (record, api) => {
      if (api.posts.length === 1) {
        return respond(record, 422, {
          type: 'https://prequal.example/problems/invalid-application', title: 'invalid', status: 422,
          detail: '1 field', problems: [{ code: 'inn.checksum', field: 'applicant.inn', message: 'ИНН не прошёл проверку у кредитора' }],
        }, { 'content-type': 'application/problem+json' });
      }
      return false;
    },
  });
  const { page, context } = await newPage(browser);
  await open(page, server);
  await toConsent(page);
  await page.locator('[data-action="submit"]').click();
  await page.locator('.pq-send', { hasText: 'кредитор нашёл ошибки' }).waitFor();
  // A code the widget knows is shown in its own words, in the page's language.
  const link = page.locator('.pq-summary a', { hasText: 'В ИНН неверная контрольная цифра' });
  await link.click();
  assert.equal(await stepTitle(page), 'О себе');
  const inn = field(page, 'applicant.inn');
  assert.equal(await inn.evaluate((e) => e === document.activeElement), true);
  assert.equal(await inn.getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'server-problem-360');
  // Clear the optional INN, go back to the consents and send again.
  await inn.fill('');
  for (let i = 0; i < 3; i += 1) await page.locator('[data-action="next"]').click();
  await page.locator('[data-action="submit"]').click();
  await page.locator('.pq-sent-title', { hasText: 'Заявка отправлена' }).waitFor();
  const ids = server.api.posts.map((p) => p.body.application_id);
  assert.equal(ids.length, 2);
  assert.equal(ids[0], ids[1]);
  assert.equal(server.api.posts[1].body.applicant.inn, undefined);
  await context.close();
  await server.close();
});

test('after the retries run out: "not sent — try again", and trying again sends the same id', async () => {
  let failing = true;
  const server = await startWidget({ post: () => (failing ? 'drop' : false) });
  const { page, context } = await newPage(browser);
  await open(page, server);
  await toConsent(page);
  await page.locator('[data-action="submit"]').click();
  await page.locator('.pq-send', { hasText: 'Заявка не отправлена — попробуйте ещё раз' }).waitFor({ timeout: 20_000 });
  assert.ok(server.api.posts.length >= 5, `${server.api.posts.length} attempts`); // 5 (+ Chromium's own resends)
  // The partner hears why: the last attempt got no answer at all (a 5xx would be "HTTP 503").
  const failed = (await events(page)).filter((e) => e.name === 'error');
  assert.deepEqual(failed.map((e) => e.detail), [{ code: 'submit.network', message: 'no answer' }]);
  assert.equal(await page.locator('[data-action="submit"]').textContent(), 'Отправить ещё раз');
  // The focus, lost when the pressed button was disabled, is back on it: Enter tries again.
  await page.waitForFunction(() => document.activeElement?.dataset.action === 'submit');
  failing = false;
  await page.locator('[data-action="submit"]').click();
  await page.locator('.pq-sent-title', { hasText: 'Заявка отправлена' }).waitFor();
  assert.equal(new Set(server.api.posts.map((p) => p.headers['idempotency-key'])).size, 1);
  assert.equal(server.api.applications.size, 1);
  await context.close();
  await server.close();
});

/**
 * A lender that stores every application but whose answers are lost until the widget gives
 * up ("not sent — try again"); from then on it answers. Resolves on the consent step there.
 */
async function afterLostAnswers() {
  let losing = true;
  const server = await startWidget({
    post: (record, api) => {
      if (!losing) return false;
      const key = record.headers['idempotency-key'];
      if (!api.applications.has(key)) api.applications.set(key, record.body);
      return 'drop';
    },
  });
  const { page, context } = await newPage(browser);
  await open(page, server);
  await toConsent(page);
  await page.locator('[data-action="submit"]').click();
  await page.locator('.pq-send', { hasText: 'Заявка не отправлена — попробуйте ещё раз' }).waitFor({ timeout: 20_000 });
  losing = false;
  const sendAgain = async () => {
    await page.locator('[data-action="submit"]').click();
    await page.locator('.pq-sent-title', { hasText: 'Заявка отправлена' }).waitFor({ timeout: 15_000 });
  };
  const close = async () => {
    await context.close();
    await server.close();
  };
  return { server, page, sendAgain, close };
}

test('stored but the answer lost: trying again re-sends the very same body and ends in "sent"', async () => {
  const { server, sendAgain, close } = await afterLostAnswers();
  await sendAgain();
  // Byte for byte: `applied_at` is the first try's, not the moment of trying again.
  assert.equal(new Set(server.api.posts.map((p) => p.text)).size, 1);
  assert.equal(server.api.applications.size, 1);
  await close();
});

test('changed after a lost answer: a new application with a new id, never a reused key', async () => {
  const { server, page, sendAgain, close } = await afterLostAnswers();
  // The applicant gives the first consent again: a new time in the application.
  const consent = page.locator('input[name="consents.personal_data"]');
  await consent.uncheck();
  await page.waitForTimeout(1100); // the record's time is to the second
  await consent.check();
  await sendAgain();
  const keys = server.api.posts.map((p) => p.headers['idempotency-key']);
  assert.equal(new Set(keys).size, 2);
  assert.notEqual(keys.at(-1), keys[0]);
  assert.equal(server.api.posts.at(-1).body.application_id, keys.at(-1));
  await close();
});
