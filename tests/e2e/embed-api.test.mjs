// The embed loader (issue 7) on test pages served with the strict CSP as an HTTP header:
// several widgets on one page, theme variables, hostile host CSS, bad configuration, events and
// the pixel without personal data, unmount and mount again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage } from './lib/browser.mjs';
import { APPLICANT, INCOME, assertNoPersonal } from './lib/widget.mjs';
import { startEmbed, page as html, watchCsp, recordEvents, eventsOf, fillIn, nextStep, PARTNER_KEY } from './lib/embed.mjs';

let server;
let browser;
before(async () => {
  server = await startEmbed({
    pages: {
      '/two.html': html({
        body: '<div id="a"></div><div id="b"></div><div class="pq-widget"><button id="probe" class="pq-button">host</button></div>',
      }),
      // Global rules hit everything on the page; the host here is an element they do not name
      // (a rule naming the host's own element or class is the partner's say over its box).
      '/hostile.html': html({ head: '<link rel="stylesheet" href="/hostile.css">', body: '<aside id="w"></aside>' }),
      '/boxed.html': html({
        head: '<link rel="stylesheet" href="/boxed.css">',
        body: '<div id="w" class="card"></div><div id="gone" class="gone"></div><div id="veiled" class="veiled"></div><mfo-prequal id="el" class="off" api="/" partner-key="' + PARTNER_KEY + '"></mfo-prequal>',
      }),
      '/blank.html': html({ body: '<div id="w"></div><button id="host-button">host</button>' }),
      '/element.html': html({
        body: `<mfo-prequal id="el" partner-key="${PARTNER_KEY}" api="/" locale="en" theme="dark"
          partner-name="Acme &lt;b&gt;" footer="&lt;img src=x onerror=alert(1)&gt; Legal text"></mfo-prequal>`,
      }),
    },
    assets: {
      '/hostile.css': `* { all: unset !important; }
        html, body { display: block !important; }
        div, section, form, input, select, button, label, p, h2, h3, ol, li, fieldset, span {
          display: none !important; font-size: 2px !important; color: red !important; }
        input { font-size: 2px; }
        aside { font: 40px serif !important; color: red !important; letter-spacing: 9px !important; }
        html { font-size: 10px !important; }
        :root { --pq-color-text: red; --pq-color-muted: red; --pq-font: monospace; }`,
      '/boxed.css': `.card { max-width: 300px; margin: 40px; padding: 10px; border: 5px solid blue; }
        .gone { display: none; }
        .veiled { visibility: hidden; }
        mfo-prequal.off { display: none !important; }`,
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path) {
  const ctx = await newPage(browser);
  await watchCsp(ctx.page);
  await recordEvents(ctx.page);
  await ctx.page.goto(server.url + path);
  await ctx.page.waitForFunction(() => window.Prequal && window.Prequal.mount);
  return ctx;
}

const mountIn = (page, selector, options) =>
  page.evaluate(([sel, o]) => {
    window.handles = window.handles || {};
    window.handles[sel] = window.Prequal.mount(sel, o);
  }, [selector, options]);

const opts = (extra = {}) => ({ api: '/', partnerKey: PARTNER_KEY, ...extra });

test('two widgets on one page work independently, each in its own open shadow root', async () => {
  const { page, context, consoleErrors, offLoopback } = await open('/two.html');
  await mountIn(page, '#a', opts({ locale: 'ru' }));
  await mountIn(page, '#b', opts({ locale: 'en', theme: { preset: 'bank', variables: { colorPrimary: 'rgb(1, 2, 3)', radius: '3px' } } }));
  const a = page.locator('#a');
  const b = page.locator('#b');
  await a.locator('input[name="loan.amount_kop"]').waitFor();
  await b.locator('input[name="loan.amount_kop"]').waitFor();
  assert.equal(await page.evaluate(() => typeof window.wasm_bindgen), 'undefined', 'one global only');
  assert.match(await a.locator('.pq-title').textContent(), /заяв/i);
  assert.match(await b.locator('.pq-title').textContent(), /Loan/);
  // Theme variables, applied through the widget's own stylesheet (computed styles).
  const styles = await page.evaluate(() => ['#a', '#b'].map((id) => {
    const root = document.querySelector(id).shadowRoot;
    const w = root.querySelector('.pq-widget');
    const button = root.querySelector('[data-action="next"]');
    return {
      mode: root.mode,
      primary: getComputedStyle(w).getPropertyValue('--pq-color-primary').trim(),
      radius: getComputedStyle(w).borderTopLeftRadius,
      button: getComputedStyle(button).backgroundColor,
      bank: w.dataset.theme === 'bank',
      styleAttrs: root.querySelectorAll('[style]').length,
    };
  }));
  assert.equal(styles[0].mode, 'open');
  assert.equal(styles[1].primary, 'rgb(1, 2, 3)');
  assert.equal(styles[1].button, 'rgb(1, 2, 3)');
  assert.equal(styles[1].radius, '3px');
  assert.ok(styles[1].bank);
  assert.notEqual(styles[0].button, 'rgb(1, 2, 3)', 'the other widget keeps its look');
  assert.deepEqual([styles[0].styleAttrs, styles[1].styleAttrs], [0, 0]);
  // The widget's CSS does not reach the page: a look-alike button outside keeps the page's look.
  const probe = await page.evaluate(() => getComputedStyle(document.querySelector('#probe')).minHeight);
  assert.notEqual(probe, '44px');
  // Independent state: A moves on, B stays on the first step.
  await nextStep(a);
  assert.match(await b.locator('.pq-progress-text').textContent(), /Step 1/);
  // update() re-renders only that widget.
  await page.evaluate(() => window.handles['#b'].update({ locale: 'ru' }));
  await b.locator('.pq-title', { hasText: /заяв/i }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(offLoopback, []);
  await context.close();
});

test('hostile host CSS leaves the widget visible and usable; the widget CSS does not leak out', async () => {
  const { page, context, consoleErrors } = await open('/hostile.html');
  // The page's stylesheet is served from the test route below.
  await mountIn(page, '#w', opts({ partner: { name: 'Acme' }, footer: 'Legal text' }));
  const w = page.locator('#w');
  const amount = w.locator('input[name="loan.amount_kop"]');
  await amount.waitFor();
  const look = await page.evaluate(() => {
    const host = document.querySelector('#w');
    const input = host.shadowRoot.querySelector('input[name="loan.amount_kop"]');
    const r = host.getBoundingClientRect();
    return {
      hostDisplay: getComputedStyle(host).display,
      height: r.height,
      inputFont: getComputedStyle(input).fontSize,
      inputDisplay: getComputedStyle(input).display,
    };
  });
  assert.equal(look.hostDisplay, 'inline', "the page's `all: unset` is the page's say over the host's box");
  assert.ok(look.height > 200, `widget height ${look.height}`);
  assert.equal(look.inputFont, '16px');
  // Text styles the host would pass down by inheritance stop at the widget's wrapper.
  const inherited = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector('#w').shadowRoot.querySelector('.pq-title'));
    return [s.color, s.letterSpacing, s.fontFamily.includes('serif') && !s.fontFamily.includes('sans')];
  });
  assert.deepEqual(inherited, ['rgb(28, 28, 28)', 'normal', false]);
  // Nor do the page's root font size (Bootstrap 3's 10px) or its own --pq-* custom
  // properties, which would inherit into the shadow root.
  const own = await page.evaluate(() => {
    const root = document.querySelector('#w').shadowRoot;
    const s = (sel) => getComputedStyle(root.querySelector(sel));
    return {
      title: s('.pq-title').fontSize,
      hint: s('.pq-hint').fontSize,
      partner: [s('.pq-partner').color, s('.pq-partner').fontFamily.includes('monospace')],
      legal: s('.pq-legal').color,
    };
  });
  assert.deepEqual(own, { title: '21.6px', hint: '14px', partner: ['rgb(28, 28, 28)', false], legal: 'rgb(79, 86, 97)' });
  assert.notEqual(look.inputDisplay, 'none');
  await nextStep(w);
  await fillIn(w, { 'applicant.last_name': 'Петров' });
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the host element's box is the partner's: its size, margins and hiding rules apply", async () => {
  const { page, context, consoleErrors } = await open('/boxed.html');
  await mountIn(page, '#w', opts());
  await mountIn(page, '#gone', opts());
  await mountIn(page, '#veiled', opts());
  await page.locator('#w input[name="loan.amount_kop"]').waitFor();
  await page.locator('#veiled input[name="loan.amount_kop"]').waitFor({ state: 'attached' });
  // Hidden the other way (a tab or a carousel script): the widget inside is hidden with it.
  const veiled = await page.evaluate(() =>
    getComputedStyle(document.querySelector('#veiled').shadowRoot.querySelector('input[name="loan.amount_kop"]')).visibility);
  assert.equal(veiled, 'hidden');
  const box = await page.evaluate(() => {
    const w = document.querySelector('#w');
    const s = getComputedStyle(w);
    return {
      width: w.getBoundingClientRect().width,
      margin: s.marginLeft,
      border: s.borderLeftWidth,
      gone: getComputedStyle(document.querySelector('#gone')).display,
      off: getComputedStyle(document.querySelector('#el')).display,
    };
  });
  assert.deepEqual(box, { width: 300, margin: '40px', border: '5px', gone: 'none', off: 'none' });
  // Shown again by the page, the hidden widget is there and working.
  await page.evaluate(() => document.querySelector('#gone').classList.remove('gone'));
  await page.locator('#gone input[name="loan.amount_kop"]').waitFor();
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('resize follows the whole widget: the partner header and footer, and option updates', async () => {
  const { page, context, consoleErrors } = await open('/blank.html');
  await mountIn(page, '#w', opts({ partner: { name: 'Partner Ltd' }, footer: 'one\ntwo\nthree\nfour' }));
  await page.locator('#w input[name="loan.amount_kop"]').waitFor();
  // The last `resize` is the host's height, once the sizes have settled.
  const settled = () =>
    page.waitForFunction(() => {
      const sizes = window.__events.filter((e) => e.name === 'resize');
      const last = sizes[sizes.length - 1];
      return last && last.detail.height === Math.round(document.querySelector('#w').getBoundingClientRect().height)
        ? last.detail.height
        : false;
    }).then((h) => h.jsonValue());
  const first = await settled();
  await page.evaluate(() => window.handles['#w'].update({ footer: 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight' }));
  const taller = await settled();
  assert.ok(taller > first, `${taller} > ${first}`);
  // A bad option replaces the form with the message: a much shorter widget, and its height.
  await page.evaluate(() => window.handles['#w'].update({ api: 'http://lender.example' }));
  const message = await settled();
  assert.ok(message < 200, `${message}`);
  assert.equal(consoleErrors.length, 1, consoleErrors.join('\n'));
  await context.close();
});

test('bad configuration: one console error naming the option, a polite message, an error event, the page keeps working', async () => {
  const cases = [
    [{ api: '/', partnerKey: PARTNER_KEY, colour: 'red' }, 'colour', 'options.unknown'],
    [{ api: '/', partnerKey: PARTNER_KEY, locale: 7 }, 'locale', 'options.type'],
    [{ api: '/' }, 'partnerKey', 'options.partner_key_missing'],
    [{ api: '/', partnerKey: PARTNER_KEY, theme: { variables: { colorBg: 'red;} *{display:none' } } }, 'theme.variables.colorBg', 'options.invalid'],
    [{ api: '/', partnerKey: PARTNER_KEY, pixel: 'http://tracker.example/p?e={event}' }, 'pixel', 'options.invalid'],
    // Not a path and no scheme: never read as a path on the partner's own site.
    [{ api: 'api.lender.example', partnerKey: PARTNER_KEY }, 'api', 'options.api_insecure'],
  ];
  for (const [options, option, code] of cases) {
    const { page, context, consoleErrors } = await open('/blank.html');
    await mountIn(page, '#w', options);
    await page.locator('#w .pq-error[role="alert"]').waitFor();
    assert.match(await page.locator('#w .pq-error').textContent(), /настроен неверно/);
    await page.waitForFunction(() => window.__events.some((e) => e.name === 'error'));
    const errors = (await eventsOf(page)).filter((e) => e.name === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].detail.code, code);
    assert.equal(consoleErrors.length, 1, consoleErrors.join('\n'));
    assert.ok(consoleErrors[0].includes(`"${option}"`), `${consoleErrors[0]} names ${option}`);
    // The host page still works.
    await page.evaluate(() => document.querySelector('#host-button').addEventListener('click', () => { window.clicked = true; }));
    await page.locator('#host-button').click();
    assert.equal(await page.evaluate(() => window.clicked), true);
    await context.close();
  }
  // A selector that matches nothing: one console error, an inert handle, no exception.
  const { page, context, consoleErrors } = await open('/blank.html');
  const ok = await page.evaluate(() => {
    const h = window.Prequal.mount('#nowhere', {});
    h.on('ready', () => {}).update({}).unmount();
    return true;
  });
  assert.ok(ok);
  assert.equal(consoleErrors.length, 1);
  await context.close();
});

test('update({name: null}) takes a mistaken option back, and the widget starts', async () => {
  const { page, context, consoleErrors } = await open('/blank.html');
  await mountIn(page, '#w', opts({ partner_key: PARTNER_KEY }));
  await page.locator('#w .pq-error[role="alert"]').waitFor();
  assert.equal(consoleErrors.length, 1);
  await page.evaluate(() => window.handles['#w'].update({ partner_key: null }));
  await page.locator('#w input[name="loan.amount_kop"]').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('#w .pq-error').count(), 0);
  assert.equal(consoleErrors.length, 1, consoleErrors.join('\n'));
  // And at mount: an option given as null is no option.
  await mountIn(page, '#w', opts({ partner_key: null }));
  await page.locator('#w input[name="loan.amount_kop"]').waitFor({ timeout: 5000 });
  assert.equal(consoleErrors.length, 1, consoleErrors.join('\n'));
  await context.close();
});

test('an offer breaking a legal cap in the served configuration shows the message and names it', async () => {
  const capped = await startEmbed({
    pages: { '/blank.html': html({ body: '<div id="w"></div>' }) },
    config: (c) => { c.offers[0].daily_rate_pct = 1.5; return c; },
  });
  try {
    const { page, context, consoleErrors } = await newPage(browser);
    await recordEvents(page);
    await page.goto(capped.url + '/blank.html');
    await page.waitForFunction(() => window.Prequal);
    await page.evaluate((k) => window.Prequal.mount('#w', { api: '/', partnerKey: k }), PARTNER_KEY);
    await page.locator('#w .pq-config-problem').waitFor();
    assert.match(await page.locator('#w .pq-config-problem').textContent(), /настроен неверно/);
    assert.ok(consoleErrors.some((e) => e.includes('cap.daily_rate')), consoleErrors.join('\n'));
    assert.ok((await eventsOf(page)).some((e) => e.name === 'error' && e.detail.code === 'cap.daily_rate'));
    await context.close();
  } finally {
    await capped.close();
  }
});

test('events arrive in order on the host and through on(), carry no personal data, and the pixel fires only on ready, step, submitted', async () => {
  const { page, context, requests } = await open('/blank.html?click_id=clk-1&sub2=s2&utm_source=blog');
  await page.evaluate((k) => {
    window.viaOn = [];
    const h = window.Prequal.mount('#w', {
      api: '/', partnerKey: k,
      pixel: `${location.origin}/pixel.gif?e={event}&c={click_id}&s={sub2}&u={utm_source}`,
    });
    for (const n of ['ready', 'step', 'change', 'result', 'error']) h.on(n, (d) => window.viaOn.push({ name: n, detail: d }));
    window.handles = { '#w': h };
  }, PARTNER_KEY);
  const w = page.locator('#w');
  await w.locator('input[name="loan.amount_kop"]').waitFor();
  await nextStep(w);
  await fillIn(w, APPLICANT);
  await nextStep(w);
  await page.waitForFunction(() => window.viaOn.filter((e) => e.name === 'step').length >= 2);
  const dom = (await eventsOf(page, 'w')).filter((e) => e.name !== 'resize');
  const names = dom.map((e) => e.name);
  assert.equal(names[0], 'ready');
  assert.deepEqual(dom.filter((e) => e.name === 'step').map((e) => e.detail.index), [1, 2]);
  assert.ok(names.indexOf('change') > names.indexOf('step'), 'changes after the first step event');
  const viaOn = await page.evaluate(() => window.viaOn);
  assert.deepEqual(viaOn, dom.filter((e) => e.name !== 'resize').map(({ name, detail }) => ({ name, detail })));
  assertNoPersonal([dom, viaOn, requests, server.api.pixels]);
  // On to the result, the consents and sending: `result` and `change` fire no pixel,
  // `submitted` does.
  await fillIn(w, INCOME);
  await nextStep(w);
  await nextStep(w);
  for (const kind of ['personal_data', 'credit_bureau', 'transfer']) await w.locator(`[name="consents.${kind}"]`).check();
  await w.locator('[data-action="submit"]').click();
  await page.waitForFunction(() => window.__events.some((e) => e.name === 'submitted'));
  const pixelGets = () => page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('/pixel.gif')).length);
  await page.waitForFunction(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('/pixel.gif')).length >= 6);
  await page.waitForTimeout(300);
  assert.equal(await pixelGets(), 6);
  const pixels = requests.filter((r) => r.url.includes('/pixel.gif')).map((r) => new URL(r.url).searchParams.get('e'));
  assert.deepEqual(pixels, ['ready', 'step', 'step', 'step', 'step', 'submitted']);
  assert.ok((await eventsOf(page, 'w')).some((e) => e.name === 'result'), 'a result event, with no pixel');
  // With the tracking parameters from the page's URL.
  const first = new URL(requests.find((r) => r.url.includes('/pixel.gif')).url);
  assert.equal(first.searchParams.get('c'), 'clk-1');
  assert.equal(first.searchParams.get('s'), 's2');
  assert.equal(first.searchParams.get('u'), 'blog');
  assertNoPersonal([requests, server.api.pixels]);
  await context.close();
});

test('unmount leaves nothing behind, fires nothing more, and mounting again works', async () => {
  const { page, context, consoleErrors } = await open('/blank.html');
  // The page's listeners and nodes after a garbage collection: the same after one round as
  // after five (Yew leaves its listeners on a destroyed app's root, so apps are parked).
  const cdp = await context.newCDPSession(page);
  const counters = async () => {
    // Yew drops an app's nodes from a task of its own; then two collections.
    await page.waitForTimeout(300);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
    return { nodes, jsEventListeners };
  };
  let afterFirst;
  for (let round = 0; round < 5; round++) {
    await mountIn(page, '#w', opts());
    await page.locator('#w input[name="loan.amount_kop"]').waitFor();
    // What was typed goes with the unmount, whichever widget takes over the parked app.
    await nextStep(page.locator('#w'));
    assert.equal(await page.locator('#w input[name="applicant.last_name"]').inputValue(), '', `round ${round}`);
    await fillIn(page.locator('#w'), { 'applicant.last_name': 'Петров' });
    await page.evaluate(() => window.handles['#w'].unmount());
    const left = await page.evaluate(() => {
      const root = document.querySelector('#w').shadowRoot;
      return { nodes: root.childNodes.length, sheets: root.adoptedStyleSheets.length, light: document.querySelector('#w').childNodes.length };
    });
    assert.deepEqual(left, { nodes: 0, sheets: 0, light: 0 }, `round ${round}`);
    if (round === 0) afterFirst = await counters();
  }
  const afterFive = await counters();
  assert.equal(afterFive.jsEventListeners, afterFirst.jsEventListeners, 'listeners left behind by unmount');
  assert.ok(afterFive.nodes <= afterFirst.nodes + 2, `nodes ${afterFirst.nodes} → ${afterFive.nodes}`);
  // Nothing fires after unmount (no observers, timers or listeners left working).
  const count = (await eventsOf(page)).length;
  await page.setViewportSize({ width: 400, height: 900 });
  await page.waitForTimeout(300);
  assert.equal((await eventsOf(page)).length, count);
  // Mount once more: a working widget.
  await mountIn(page, '#w', opts());
  await nextStep(page.locator('#w'));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('a widget that takes over an app unmounted in the same task starts empty', async () => {
  const { page, context } = await open('/two.html');
  await mountIn(page, '#a', opts());
  await mountIn(page, '#b', { api: '/' }); // no key: the message, its app parked
  await page.locator('#b .pq-error[role="alert"]').waitFor();
  await nextStep(page.locator('#a'));
  await fillIn(page.locator('#a'), { 'applicant.last_name': 'Петров' });
  // Both in one task: Yew renders the parked and the taken-over state together.
  await page.evaluate(() => {
    window.handles['#a'].unmount();
    window.handles['#b'].update({ partnerKey: 'pk_test_demo' });
  });
  await page.locator('#b input[name="loan.amount_kop"]').waitFor();
  await nextStep(page.locator('#b'));
  assert.equal(await page.locator('#b input[name="applicant.last_name"]').inputValue(), '');
  await context.close();
});

test('<mfo-prequal>: attributes are options, texts stay text, removing the element unmounts it', async () => {
  const { page, context, consoleErrors } = await open('/element.html');
  const el = page.locator('#el');
  await el.locator('input[name="loan.amount_kop"]').waitFor();
  assert.match(await el.locator('.pq-title').textContent(), /Loan/);
  assert.equal(await el.locator('.pq-partner-name').textContent(), 'Acme <b>');
  assert.equal(await el.locator('.pq-legal').textContent(), '<img src=x onerror=alert(1)> Legal text');
  assert.equal(await page.evaluate(() => document.querySelector('#el').shadowRoot.querySelectorAll('img, b').length), 0);
  assert.ok(await el.locator('.pq-widget[data-theme="dark"]').count());
  // The preset reaches the partner's name and footer too, outside the form, on its own
  // background (readable on a light page as on a dark one).
  const look = await page.evaluate(() => {
    const root = document.querySelector('#el').shadowRoot;
    const s = (sel) => getComputedStyle(root.querySelector(sel));
    return [s('.pq-partner').color, s('.pq-legal').color, s('.pq-embed').backgroundColor];
  });
  assert.deepEqual(look, ['rgb(238, 241, 245)', 'rgb(180, 188, 200)', 'rgb(24, 28, 34)']);
  // An attribute change updates the widget.
  await page.evaluate(() => document.querySelector('#el').setAttribute('locale', 'ru'));
  await el.locator('.pq-title', { hasText: /заяв/i }).waitFor();
  // Removed from the page: the widget is unmounted, its form gone from the shadow root.
  const left = await page.evaluate(async () => {
    const el = document.querySelector('#el');
    const root = el.shadowRoot;
    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    return [root.querySelectorAll('input').length, root.querySelectorAll('.pq-widget').length];
  });
  assert.deepEqual(left, [0, 0]);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('<mfo-prequal theme-variables>: an entry without a colon is reported, not dropped', async () => {
  const { page, context, consoleErrors } = await open('/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('mfo-prequal');
    el.setAttribute('api', '/');
    el.setAttribute('partner-key', 'pk_test_demo');
    el.setAttribute('theme-variables', 'colorBg: #fff; radius');
    document.body.append(el);
  });
  await page.locator('mfo-prequal .pq-error[role="alert"]').waitFor();
  assert.equal(consoleErrors.length, 1, consoleErrors.join('\n'));
  assert.ok(consoleErrors[0].includes('"theme.variables.radius"'), consoleErrors[0]);
  await context.close();
});

test('<mfo-prequal> made by a script: attributes set after inserting it, JSON theme and tracking, early listeners', async () => {
  const { page, context, consoleErrors } = await open('/blank.html');
  await page.evaluate(() => {
    const el = document.createElement('mfo-prequal');
    el.id = 'js';
    document.body.append(el);
    // In the same script, after insertion: read together with the rest, no "missing" first.
    el.setAttribute('api', '/');
    el.setAttribute('partner-key', 'pk_test_demo');
    el.setAttribute('theme', JSON.stringify({ preset: 'dark', variables: { colorPrimary: 'rgb(1, 2, 3)' } }));
    el.setAttribute('tracking', JSON.stringify({ click_id: 'c-json', sub1: 's-json' }));
    el.setAttribute('sub1', 's-attr');
    el.setAttribute('pixel', `${location.origin}/pixel.gif?e={event}&c={click_id}&s={sub1}`);
    window.early = [];
    el.on('ready', (d) => window.early.push(d));
  });
  const el = page.locator('#js');
  await el.locator('input[name="loan.amount_kop"]').waitFor();
  await page.waitForFunction(() => window.early.length === 1);
  assert.ok(await el.locator('.pq-widget[data-theme="dark"]').count());
  const primary = await page.evaluate(() =>
    getComputedStyle(document.querySelector('#js').shadowRoot.querySelector('.pq-widget')).getPropertyValue('--pq-color-primary').trim());
  assert.equal(primary, 'rgb(1, 2, 3)');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/pixel.gif')));
  const pixel = new URL(await page.evaluate(() => performance.getEntriesByType('resource').find((r) => r.name.includes('/pixel.gif')).name));
  assert.deepEqual([pixel.searchParams.get('e'), pixel.searchParams.get('c'), pixel.searchParams.get('s')], ['ready', 'c-json', 's-attr']);
  // Removed and inserted again: a new widget, and the element's listeners are still there.
  await page.evaluate(async () => {
    const el = document.querySelector('#js');
    el.remove();
    await new Promise((r) => setTimeout(r, 20));
    document.body.append(el);
  });
  await page.waitForFunction(() => window.early.length === 2);
  assert.deepEqual((await eventsOf(page)).filter((e) => e.name === 'error'), []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a bundle that cannot be loaded: a message in the widget's language and a load.failed event", async () => {
  const { page, context } = await newPage(browser);
  await recordEvents(page);
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(server.url + '/blank.html');
  await page.waitForFunction(() => window.Prequal && window.Prequal.mount);
  await mountIn(page, '#w', opts({ locale: 'en' }));
  const message = page.locator('#w .pq-load-error');
  await message.waitFor();
  assert.equal(await message.textContent(), 'The form could not be loaded.');
  assert.equal(await message.getAttribute('lang'), 'en');
  await page.waitForFunction(() => window.__events.some((e) => e.name === 'error'));
  assert.deepEqual((await eventsOf(page)).filter((e) => e.name === 'error').map((e) => e.detail.code), ['load.failed']);
  await context.close();
});

test('an element with a shadow root of its own is left alone', async () => {
  const { page, context, consoleErrors } = await open('/blank.html');
  const kept = await page.evaluate(() => {
    const host = document.querySelector('#w');
    host.attachShadow({ mode: 'open' }).innerHTML = '<b>partner component</b>';
    window.Prequal.mount(host, { api: '/', partnerKey: 'pk_test_demo' }).on('ready', () => {}).unmount();
    return host.shadowRoot.innerHTML;
  });
  assert.equal(kept, '<b>partner component</b>');
  assert.equal(consoleErrors.length, 1);
  assert.match(consoleErrors[0], /shadow root of its own/);
  await context.close();
});
