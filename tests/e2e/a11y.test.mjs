// An axe-core audit of every step (with messages showing where a step has them) and
// screenshots of each at 360 px and 1280 px under target/screenshots/ for review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { newPage, screenshot } from './lib/browser.mjs';
import {
  APPLICANT, INCOME, consentAll, field, fill, next, open, sharedWidget, toResult, widget,
} from './lib/widget.mjs';

const shared = sharedWidget();

async function audit(page, name, width) {
  const results = await new AxeBuilder({ page }).include('.pq-widget').analyze();
  const summary = results.violations.map(
    (v) => `${name}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  // axe-core no longer checks ids, but a repeated one sends aria-labelledby to the wrong text.
  const repeated = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('.pq-widget [id]')].map((e) => e.id);
    return ids.filter((id, i) => ids.indexOf(id) !== i);
  });
  for (const id of repeated) summary.push(`${name}: the id ${id} is used more than once`);
  // contract.md: every input has a visible <label> (axe-core also accepts aria-labelledby).
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('.pq-widget input, .pq-widget select')]
      .filter((e) => ![...e.labels].some((l) => l.textContent.trim() && l.checkVisibility()))
      .map((e) => e.name || e.id),
  );
  for (const input of unlabelled) summary.push(`${name}: ${input} has no visible <label>`);
  await screenshot(page, `${name}-${width}`);
  return summary;
}

for (const width of [360, 1280]) {
  test(`every step passes axe-core with no violations at ${width} px`, async () => {
    const { page, context } = await newPage(shared.browser, { width, height: width === 360 ? 740 : 900 });
    await open(page, shared.server);
    const violations = [];
    violations.push(...(await audit(page, 'loan', width)));
    await next(page);
    await page.locator('[data-action="next"]').click(); // an empty step: the summary shows
    await page.locator('.pq-summary').waitFor();
    await fill(page, { 'applicant.inn': '500100732258', 'applicant.phone': '84951234567' });
    violations.push(...(await audit(page, 'about-errors', width)));
    await fill(page, { ...APPLICANT });
    await next(page);
    violations.push(...(await audit(page, 'income', width)));
    await fill(page, INCOME);
    await next(page);
    await widget(page).getByText('Предварительно вы подходите').waitFor();
    violations.push(...(await audit(page, 'result', width)));
    await next(page);
    await page.locator('[data-action="submit"]').click(); // without consents: the summary
    await page.locator('.pq-summary').waitFor();
    violations.push(...(await audit(page, 'consent', width)));
    await consentAll(page);
    await page.locator('[data-action="submit"]').click();
    await widget(page).getByText('Получена кредитором').waitFor();
    violations.push(...(await audit(page, 'sent', width)));
    assert.deepEqual(violations, []);
    await context.close();
  });
}

test('a not-qualified result and the English widget pass axe-core too', async () => {
  const { page, context } = await newPage(shared.browser, { width: 360, height: 740 });
  await open(page, shared.server);
  await toResult(page, { income: { ...INCOME, 'obligations.monthly_payments_kop': '60000' } });
  await widget(page).getByText('Сейчас заявку лучше не отправлять').waitFor();
  const violations = await audit(page, 'result-not-qualified', 360);
  const { page: en, context: enContext } = await newPage(shared.browser, { width: 1280, height: 900 });
  await open(en, shared.server, 'en');
  await toResult(en);
  violations.push(...(await audit(en, 'result-en', 1280)));
  assert.deepEqual(violations, []);
  await enContext.close();
  await context.close();
});
