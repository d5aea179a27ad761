/* The demo page's GET /v1/offers, started while the page is still being parsed, so that it runs
 * in parallel with the wasm's download instead of after it (ARCHITECTURE.md, "The widget").
 * `mount_standalone` (src/lib.rs) takes it off the element and gives it to the app, whose first
 * load uses it only if it was made for the very URL and key that load would use (src/app.rs
 * `load_offers`). So this makes exactly the request src/net.rs `request` makes, and only where
 * the widget would make it: the same options (src/options.rs `from_attributes`, `problem`), the
 * same URL rule (src/net.rs `url_allowed`). No global: the request waits on the element.
 * It also copies the page URL's tracking parameters onto the element for the widget. */
(function () {
  'use strict';
  var el = document.getElementById('prequal');
  if (!el || !el.hasAttribute('data-prequal-standalone') || typeof fetch !== 'function') return;

  // Rust's `str::trim` (Unicode White_Space); JS's trim() differs (U+FEFF, U+0085).
  var TRIM = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
  // Whitespace, a control character (Rust's `char::is_control`) or a backslash anywhere.
  var UNSAFE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0000-\u001f\u007f-\u009f\\]/;
  function trim(s) { return s.replace(TRIM, ''); }

  // src/net.rs `url_allowed` (and the embed loader's copy): HTTPS, or plain HTTP to 127.0.0.1,
  // localhost or [::1]; no credentials in the URL.
  function urlAllowed(url) {
    url = trim(url);
    if (UNSAFE.test(url)) return false;
    var lower = url.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
    var secure = lower.indexOf('https://') === 0;
    if (!secure && lower.indexOf('http://') !== 0) return false;
    var authority = lower.slice(secure ? 8 : 7).split(/[/?#]/)[0];
    if (!authority || authority.indexOf('@') >= 0) return false;
    if (secure) return true;
    var host = authority.charAt(0) === '[' ? authority.slice(1).split(']')[0] : authority.split(':')[0];
    return host === '127.0.0.1' || host === 'localhost' || host === '::1';
  }

  // The page URL's tracking, as the embed reads it (EMBEDDING.md, "Tracking"): a value the
  // element gives wins; otherwise the query's, trimmed and cut at 500 characters. Attributes
  // are what `mount_standalone` reads, so partners who link to this page with `?click_id=…`
  // keep their attribution.
  try {
    var query = new URLSearchParams(location.search);
    'click_id sub1 sub2 sub3 sub4 sub5 utm_source utm_medium utm_campaign utm_content utm_term'
      .split(' ').forEach(function (name) {
      var attr = 'data-' + name.replace('_', '-');
      var value = Array.from(trim(query.get(name) || '')).slice(0, 500).join('');
      if (value && !trim(el.getAttribute(attr) || '')) el.setAttribute(attr, value);
    });
  } catch (e) {
    // No tracking from the URL.
  }

  try {
    var api = trim(el.getAttribute('data-api') || '') || location.origin;
    var key = trim(el.getAttribute('data-partner-key') || '');
    if (!key || !urlAllowed(api)) return;
    var url = trim(api).replace(/\/+$/, '') + '/v1/offers';
    // The body is read here too, while the wasm downloads: the widget then gets the whole reply
    // at once (src/net.rs `reply_of`) and draws its first step without another wait.
    var response = fetch(url, {
      headers: { 'X-Prequal-Key': key, 'Accept': 'application/json, application/problem+json' },
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (r) {
      return r.text().then(function (body) {
        return { status: r.status, retryAfter: r.headers.get('Retry-After'), body: body };
      });
    });
    // Marked as handled: a failure is the widget's to report (offers.network, "Load again"),
    // and an unused request must not leave an "uncaught (in promise)" error in the console.
    response.catch(function () {});
    el.prequalOffers = { url: url, key: key, response: response };
  } catch (e) {
    // The widget fetches the offers itself.
  }
})();
