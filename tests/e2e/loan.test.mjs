// The loan step's term slider dragged with a real pointer: it stops only at terms one of the
// demo's offers lends for (5–30 days in one payment, 56–168 days in 14-day instalments), and
// follows the pointer without jumping back and forth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { newPage } from './lib/browser.mjs';
import { field, open, sharedWidget, startWidget } from './lib/widget.mjs';

const shared = sharedWidget();
const lends = (days) => (days >= 5 && days <= 30) || (days >= 56 && days <= 168 && days % 14 === 0);

test('the term slider, dragged across, lands only on terms an offer lends for, in order', async () => {
  const { page, context, consoleErrors } = await newPage(shared.browser, { width: 360, height: 740 });
  await open(page, shared.server);
  const slider = page.locator('input[type="range"]').nth(1);
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 2, y);
  await page.mouse.down();
  const seen = [];
  for (let x = box.x + 2; x <= box.x + box.width - 2; x += 3) {
    await page.mouse.move(x, y);
    seen.push(Number(await field(page, 'loan.term_days').inputValue()));
  }
  await page.mouse.up();
  for (const days of seen) assert.ok(lends(days), `${days} days in ${seen}`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `went back: ${seen}`);
  assert.equal(seen.at(-1), 168);
  assert.ok(seen.includes(30) && seen.includes(56) && seen.includes(70), `${seen}`);
  assert.equal(await slider.inputValue(), '168');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('a lender or offer name of one long word wraps instead of widening the widget', async () => {
  // A partner's configuration may name an offer or a lender with no space to break at.
  const config = JSON.parse(await readFile(new URL('../../crates/rules/src/demo_config.json', import.meta.url), 'utf8'));
  config.offers[0].name = 'Заём' + 'Оченьдлинноеназвание'.repeat(4);
  config.offers[0].lender.name = 'ООО«МикрофинансоваяКомпанияОченьДлинноеНазваниеБезПробелов»';
  const server = await startWidget({ config });
  try {
    const { page, context, consoleErrors } = await newPage(shared.browser, { width: 360, height: 740 });
    await open(page, server);
    await page.locator('.pq-offer-name').first().waitFor();
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= 360),
      'no sideways scroll at 360 px',
    );
    assert.deepEqual(consoleErrors, []);
    await context.close();
  } finally {
    await server.close();
  }
});
