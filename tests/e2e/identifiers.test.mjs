// Each identifier's specific message, as an applicant sees it in the built widget: typed,
// the field left, the rules engine's message next to the field (Russian and English).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot } from './lib/browser.mjs';
import { field, next, open, sharedWidget } from './lib/widget.mjs';

const shared = sharedWidget();

/** The message under a field, found through its aria-describedby. */
async function message(page, name) {
  const ids = (await field(page, name).getAttribute('aria-describedby')).split(' ');
  const id = ids.find((i) => i.endsWith('-msg'));
  return (await page.locator(`[id="${id}"]`).textContent()).trim();
}

async function typeAndLeave(page, name, value) {
  await field(page, name).fill(value);
  await field(page, name).blur();
}

const RU = [
  ['applicant.phone', '8 (495) 123-45-67', 'Это городской номер или номер 8-800, а для заявки нужен мобильный номер'],
  ['applicant.phone', '123', 'Номер телефона записан неверно: нужны +7 и 10 цифр, между ними — только пробелы, скобки, точки или дефисы'],
  ['applicant.inn', '500100732258', 'В ИНН неверная контрольная цифра'],
  ['applicant.inn', '7707083893', 'В ИНН должно быть 12 цифр (10 цифр — только у организаций)'],
  ['applicant.inn', '50010073225x', 'ИНН записан неверно'],
  ['applicant.snils', '11223344596', 'В СНИЛС неверное контрольное число (две последние цифры)'],
  ['applicant.snils', '1122334459', 'В СНИЛС должно быть 11 цифр'],
  ['applicant.passport.issuer_code', '00-0100', 'Код подразделения — это 6 цифр'],
  ['applicant.email', 'ivan@example', 'Адрес электронной почты записан с ошибкой'],
  ['applicant.last_name', 'Ivanov', 'русскими буквами'],
];

test('each identifier gets its own message, in Russian', async () => {
  const { page, context, consoleErrors } = await newPage(shared.browser, { width: 360, height: 740 });
  await open(page, shared.server);
  await next(page);
  // The series is checked together with the number.
  await typeAndLeave(page, 'applicant.passport.number', '573482');
  await typeAndLeave(page, 'applicant.passport.series', '4596');
  assert.match(await message(page, 'applicant.passport.series'), /год выпуска бланка/);
  await typeAndLeave(page, 'applicant.passport.series', '12345');
  assert.equal(await message(page, 'applicant.passport.series'), 'Серия паспорта — это 4 цифры, номер — 6 цифр');
  for (const [name, value, expected] of RU) {
    await typeAndLeave(page, name, value);
    const shown = await message(page, name);
    assert.ok(shown.includes(expected), `${name}=${value}: ${shown}`);
    assert.equal(await field(page, name).getAttribute('aria-invalid'), 'true', name);
  }
  await screenshot(page, 'identifiers-360');
  // Right values clear the messages as they are typed (a message is showing: live check).
  await field(page, 'applicant.inn').fill('500100732259');
  assert.equal(await message(page, 'applicant.inn'), '');
  assert.equal(await field(page, 'applicant.inn').getAttribute('aria-invalid'), 'false');
  await field(page, 'applicant.phone').fill('+7 912 345-67-89');
  assert.equal(await message(page, 'applicant.phone'), 'Номер: +79123456789');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('and in English', async () => {
  const { page, context } = await newPage(shared.browser);
  await open(page, shared.server, 'en');
  await next(page);
  await typeAndLeave(page, 'applicant.inn', '500100732258');
  assert.equal(await message(page, 'applicant.inn'), "The INN's check digit is wrong");
  await typeAndLeave(page, 'applicant.phone', '8 495 123 45 67');
  assert.match(await message(page, 'applicant.phone'), /mobile/);
  assert.equal(await page.locator('.pq-widget').getAttribute('lang'), 'en');
  await context.close();
});

test('formatting as one types keeps the caret and accepts a paste', async () => {
  const { page, context } = await newPage(shared.browser);
  await open(page, shared.server);
  await next(page);
  const phone = field(page, 'applicant.phone');
  await phone.click();
  await page.keyboard.type('89123456789');
  assert.equal(await phone.inputValue(), '8 912 345-67-89');
  // Fix a digit in the middle: the caret stays where the applicant is typing.
  await phone.evaluate((e) => e.setSelectionRange(5, 5)); // after "8 912"
  await page.keyboard.press('Backspace');
  await page.keyboard.type('7');
  assert.equal(await phone.inputValue(), '8 917 345-67-89');
  assert.equal(await phone.evaluate((e) => e.selectionStart), 5);
  // Backspace just after a separator takes the digit before it, not only the space.
  await phone.evaluate((e) => e.setSelectionRange(6, 6)); // after "8 917 "
  await page.keyboard.press('Backspace');
  assert.equal(await phone.inputValue(), '8 913 456-78-9');
  assert.equal(await phone.evaluate((e) => e.selectionStart), 4);
  // A paste of a whole passport into the series fills the number too.
  await field(page, 'applicant.passport.series').focus();
  await page.evaluate(() => navigator.clipboard?.writeText?.('').catch(() => {}));
  await field(page, 'applicant.passport.series').evaluate((e) => {
    e.value = '45 02 573482';
    e.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  });
  assert.equal(await field(page, 'applicant.passport.series').inputValue(), '45 02');
  await page.waitForFunction(() => document.querySelector('[name="applicant.passport.number"]').value === '573482');
  // And into the number: the series goes where it belongs.
  await field(page, 'applicant.passport.number').evaluate((e) => {
    e.value = '4503 123456';
    e.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  });
  assert.equal(await field(page, 'applicant.passport.number').inputValue(), '123456');
  await page.waitForFunction(() => document.querySelector('[name="applicant.passport.series"]').value === '45 03');
  await context.close();
});

test('a date typed in part, a date cleared again, a name emptied: each says so when left', async () => {
  const { page, context, consoleErrors } = await newPage(shared.browser, { width: 360, height: 740 });
  await open(page, shared.server);
  await next(page);
  // Only the day typed, from the keyboard: Chromium fires no `input` event for it.
  const date = field(page, 'applicant.birth_date');
  await date.focus();
  await page.keyboard.type('10');
  await field(page, 'applicant.phone').focus();
  assert.equal(await message(page, 'applicant.birth_date'), 'Введите дату полностью: день, месяц и год');
  assert.equal(await date.getAttribute('aria-invalid'), 'true');
  // Cleared again (no `input` event either): now it is missing, not half-typed.
  await date.focus();
  await page.keyboard.press('Backspace');
  await field(page, 'applicant.phone').focus();
  assert.equal(await message(page, 'applicant.birth_date'), 'Укажите дату рождения');
  // A name typed and emptied is missing when left; one merely tabbed past is not checked yet.
  await typeAndLeave(page, 'applicant.first_name', 'Иван');
  await typeAndLeave(page, 'applicant.first_name', '');
  assert.notEqual(await message(page, 'applicant.first_name'), '');
  assert.equal(await field(page, 'applicant.first_name').getAttribute('aria-invalid'), 'true');
  await field(page, 'applicant.patronymic').focus();
  await field(page, 'applicant.last_name').focus();
  await field(page, 'applicant.phone').focus();
  assert.equal(await message(page, 'applicant.last_name'), '');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('Next pressed while an invalid field still has the focus: the first click shows the summary', async () => {
  // Leaving the field draws its message above the buttons. When the press itself took the
  // focus, the button moved down between the press and the release and the click was lost.
  const { page, context, consoleErrors } = await newPage(shared.browser, { width: 360, height: 740 });
  await open(page, shared.server);
  await next(page);
  await field(page, 'applicant.inn').fill('500100732258');
  await page.locator('[data-action="next"]').click();
  await page.locator('.pq-summary a', { hasText: 'В ИНН неверная контрольная цифра' }).waitFor({ timeout: 2000 });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('pq-summary')), true);
  assert.equal(await message(page, 'applicant.inn'), 'В ИНН неверная контрольная цифра');
  // Back from the same state works on the first click too, and keeps what was typed.
  await field(page, 'applicant.inn').fill('50010073225');
  await page.locator('[data-action="back"]').click();
  await field(page, 'loan.amount_kop').waitFor({ timeout: 2000 });
  await next(page);
  assert.equal(await field(page, 'applicant.inn').inputValue(), '50010073225');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
