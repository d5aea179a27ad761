// Writes what benches/first-screen builds from the widget:
//   node benches/first-screen/dump.mjs WIDGET_DIST OUT.rs OUT_DIR/index.html
// - OUT.rs: the built widget's first screen as a Yew `html!`. It loads the widget as the
//   benchmark does (the demo offers from GET /v1/offers) and walks the DOM under #prequal once
//   the amount input is there: every element with its attributes and text, an `oninput` on
//   each input, an `onclick` on each button.
// - OUT_DIR/index.html: the demo page, www/index.html, with this crate as its app and without
//   the prefetch script (nothing to fetch). It is written outside the source tree, with its paths
//   made relative to where it is, so that two benchmarks in one checkout never share the file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { launch, serve } from '../../tests/e2e/lib/browser.mjs';

const [widgetDir, outFile, pageFile] = process.argv.slice(2);
const here = import.meta.dirname;
// Trunk reads a link's `href` as relative to the page, even one that starts with `/`.
const fromPage = (path) => relative(dirname(resolve(pageFile)), resolve(here, path));

let page = readFileSync(resolve(here, '../../www/index.html'), 'utf8');
for (const [from, to] of [
  ['href="../Cargo.toml" data-bin="prequal-widget"', `href="${fromPage('Cargo.toml')}" data-bin="first-screen"`],
  ['rel="inline" href="widget.css"', `rel="inline" href="${fromPage('../../www/widget.css')}"`],
  ['<link data-trunk rel="inline" href="prefetch.js">', ''],
]) {
  if (!page.includes(from)) throw new Error(`www/index.html no longer has ${from}: update dump.mjs`);
  page = page.replace(from, to);
}
mkdirSync(dirname(pageFile), { recursive: true });
writeFileSync(pageFile, page);
const config = readFileSync(resolve(here, '../../crates/rules/src/demo_config.json'), 'utf8');
const server = await serve(resolve(widgetDir), {
  '/v1/offers': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(config);
  },
});
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(server.url);
  await page.locator('input[name="loan.amount_kop"]').waitFor();
  const markup = await page.evaluate(() => {
    // A JSON string is a Rust string literal for everything the widget draws (no control
    // characters, so no `\u` escapes, whose syntax differs).
    const lit = (s) => JSON.stringify(s);
    const VOID = new Set(['input', 'br', 'img', 'hr', 'path', 'circle', 'line']);
    // The attributes yew-macro types as `bool`.
    const BOOLEAN = new Set(['allowfullscreen', 'async', 'autofocus', 'autoplay', 'checked', 'controls',
      'default', 'defer', 'disabled', 'formnovalidate', 'hidden', 'inert', 'ismap', 'itemscope', 'loop',
      'multiple', 'muted', 'nomodule', 'novalidate', 'open', 'playsinline', 'readonly', 'required',
      'reversed', 'selected', 'truespeed']);
    const node = (n) => {
      if (n.nodeType === Node.TEXT_NODE) return n.data.trim() ? `{ ${lit(n.data)} }` : '';
      if (n.nodeType !== Node.ELEMENT_NODE) return '';
      const tag = n.localName;
      const attrs = [...n.attributes].map((a) => `${a.name}=${BOOLEAN.has(a.name) ? '{true}' : lit(a.value)}`);
      if (tag === 'input') attrs.push(`value=${lit(n.value)}`, 'oninput={oninput.clone()}');
      if (tag === 'button') attrs.push('onclick={onclick.clone()}');
      const open = `<${tag} ${attrs.join(' ')}`;
      if (VOID.has(tag) && !n.childNodes.length) return `${open} />`;
      return `${open}>${[...n.childNodes].map(node).join('')}</${tag}>`;
    };
    return [...document.getElementById('prequal').childNodes].map(node).join('\n');
  });
  writeFileSync(outFile, `html! { <>\n${markup}\n</> }\n`);
} finally {
  await browser.close();
  await server.close();
}
