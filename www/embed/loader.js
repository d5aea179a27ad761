/*! prequal embed loader — EMBEDDING.md. Built by scripts/build-embed.sh from www/embed/loader.js:
 *  one IIFE, one global (`Prequal`), the custom element <mfo-prequal>. */
(function () {
  'use strict';
  if (typeof window === 'undefined' || (window.Prequal && window.Prequal.mount)) return; // loaded twice: keep the first

  var MANIFEST = /*@MANIFEST@*/;
  var CSS = /*@CSS@*/;
  var EVENTS = ['ready', 'step', 'change', 'result', 'submitted', 'error', 'resize'];

  // Where this script came from: the wasm and the CSS are next to it.
  var SCRIPT = (document.currentScript && document.currentScript.src) ||
    (function () {
      var s = document.querySelector('script[src*="prequal"][src$=".js"]');
      return s ? s.src : location.href;
    })();

  // ---- wasm-bindgen's glue (target no-modules), kept local to this function ----
  /*@GLUE@*/
  // ---- the loader ----

  function report(message) {
    try { console.error('prequal: ' + message); } catch (e) { /* no console */ }
  }

  var loading = null;
  function load() {
    if (!loading) {
      var url = new URL(MANIFEST.wasm, SCRIPT).href;
      loading = Promise.resolve().then(function () {
        var response = fetch(url, { integrity: MANIFEST.integrity, credentials: 'omit' });
        return wasm_bindgen({ module_or_path: response });
      }).then(function () { return wasm_bindgen; });
      loading.catch(function (e) {
        report('could not load the widget from ' + url + ' (' + (e && e.message) + '); see EMBEDDING.md, "Troubleshooting"');
      });
    }
    return loading;
  }

  // The widget's stylesheet: one constructable sheet shared by every shadow root (it never
  // changes); a <link> to prequal.css where constructable sheets are not supported.
  var shared = null;
  function baseSheet() {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(CSS);
    }
    return shared;
  }
  var constructable = (function () {
    try { return 'adoptedStyleSheets' in Document.prototype && !!new CSSStyleSheet().replaceSync; } catch (e) { return false; }
  })();

  function copy(options) {
    var out = {};
    if (options && typeof options === 'object') {
      for (var k in options) if (Object.prototype.hasOwnProperty.call(options, k)) out[k] = options[k];
    }
    return out;
  }

  // An option given as `null` (or `undefined`) is no option: in `update` it removes one
  // (EMBEDDING.md), so a mistyped name set by mistake can be taken back.
  function given(options) {
    var out = copy(options);
    for (var k in out) if (out[k] === null || out[k] === undefined) delete out[k];
    return out;
  }

  // An `api` path ("/", "/mfo", "./api") is resolved against the page, for same-origin
  // set-ups. Anything else without a scheme ("api.lender.ru") is left for the widget to refuse:
  // read as a path, it would send the key to a made-up address on the partner's own site.
  function resolved(options) {
    if (options && typeof options === 'object' && typeof options.api === 'string') {
      var api = options.api.trim();
      if (/^\.{0,2}\//.test(api)) {
        options = copy(options);
        try { options.api = new URL(api, document.baseURI).href; } catch (e) { /* left as is: reported */ }
      }
    }
    return options;
  }

  // ---- the offers request, started at mount while the wasm loads ----
  // mount_embedded hands it to the app, whose first load uses it only if it was made for the
  // very URL and key that load would use (src/app.rs `load_offers`); so this must make exactly
  // the request src/net.rs `request` makes, and never where src/embed.rs `parse` refuses the
  // `api` or the key (nor for an unknown option or one of the wrong type).

  var OPTIONS = ['api', 'partnerKey', 'locale', 'theme', 'tracking', 'pixel', 'partner', 'footer'];

  // Rust's `char::is_whitespace` (Unicode White_Space), which `str::trim` strips: JS's trim()
  // differs (it strips U+FEFF, keeps U+0085), and the URL must come out as Rust's does.
  var TRIM = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
  // Whitespace, a control character (Rust's `char::is_control`) or a backslash anywhere.
  var UNSAFE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0000-\u001f\u007f-\u009f\\]/;
  function trim(s) { return s.replace(TRIM, ''); }

  // src/net.rs `url_allowed`: HTTPS, or plain HTTP to 127.0.0.1, localhost or [::1]; no
  // credentials in the URL. Keep the two in step (tests/e2e/prefetch.test.mjs checks both).
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

  // src/embed.rs `string`: absent or blank is '', a string longer than `max` characters or
  // another type is a mistake (null).
  function text(value, max) {
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') return null;
    if (!trim(value)) return '';
    return Array.from(value).length > max ? null : trim(value);
  }

  // The options' shape as far as the loader can tell cheaply (the known names, the types of
  // the values, the locale); a deeper mistake (a theme variable, a pixel template…) is the
  // widget's to report, after at most this one request to the configured API.
  function plausible(options) {
    if (!options || typeof options !== 'object' || Array.isArray(options)) return false;
    for (var k in options) {
      if (Object.prototype.hasOwnProperty.call(options, k) && OPTIONS.indexOf(k) < 0) return false;
    }
    var object = function (v) { return v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v)); };
    var locale = text(options.locale, 10);
    return (locale === '' || locale === 'ru' || locale === 'en') &&
      text(options.pixel, 2000) !== null && text(options.footer, 2000) !== null &&
      object(options.tracking) && object(options.partner) &&
      (object(options.theme) || typeof options.theme === 'string');
  }

  /** {url, key, response} for mount_embedded, or undefined when the options would not load. */
  function prefetch(options) {
    try {
      if (typeof fetch !== 'function' || !plausible(options)) return undefined;
      var api = text(options.api, 2000);
      var key = text(options.partnerKey, 200);
      if (!api || !key || key.indexOf('pk_') !== 0 || !urlAllowed(api)) return undefined;
      var url = api.replace(/\/+$/, '') + '/v1/offers';
      // The body is read here too, while the wasm downloads: the widget then gets the whole
      // reply at once (src/net.rs `reply_of`) and draws its first step without another wait.
      var response = fetch(url, {
        headers: { 'X-Prequal-Key': key, 'Accept': 'application/json, application/problem+json' },
        credentials: 'omit',
        cache: 'no-store'
      }).then(function (r) {
        return r.text().then(function (body) {
          return { status: r.status, retryAfter: r.headers.get('Retry-After'), body: body };
        });
      });
      // Marked as handled: a failure is the widget's to report (offers.network), and an unused
      // request must not leave an "uncaught (in promise)" error in the host's console.
      response.catch(function () {});
      return { url: url, key: key, response: response };
    } catch (e) {
      return undefined;
    }
  }

  /** One widget on one host element. */
  function Widget(host, options) {
    this.host = host;
    this.options = options;
    this.listeners = {};
    this.dead = false;
    this.native = null;
    var root = host.__prequalRoot = host.shadowRoot || host.attachShadow({ mode: 'open' });
    while (root.firstChild) root.removeChild(root.firstChild);
    this.root = root;
    if (constructable) {
      this.theme = new CSSStyleSheet();
      root.adoptedStyleSheets = [baseSheet(), this.theme];
    } else {
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL(MANIFEST.css, SCRIPT).href;
      root.appendChild(link);
      this.theme = null;
    }
    this.box = document.createElement('div');
    this.box.className = 'pq-embed';
    root.appendChild(this.box);
    var self = this;
    // Started before load(), so the offers are on their way while the wasm downloads.
    var offers = prefetch(resolved(options));
    load().then(function (wb) {
      if (self.dead) return;
      try {
        self.native = wb.mount_embedded(self.box, resolved(self.options), function (name, detail) { self.fire(name, detail); }, offers);
        offers = undefined;
        self.applyTheme();
      } catch (e) {
        report('the widget failed to start (' + (e && e.message) + ')');
      }
    }, function (e) {
      if (self.dead) return;
      var p = document.createElement('p');
      p.className = 'pq-load-error';
      p.setAttribute('role', 'alert');
      p.setAttribute('lang', self.options.locale === 'en' ? 'en' : 'ru');
      p.textContent = self.options.locale === 'en' ? 'The form could not be loaded.' : 'Не удалось загрузить форму.';
      self.box.appendChild(p);
      var detail = { code: 'load.failed', message: 'the widget could not be loaded' };
      self.host.dispatchEvent(new CustomEvent('prequal:error', { detail: detail, bubbles: true, composed: true }));
      self.fire('error', detail);
    });
  }

  Widget.prototype.fire = function (name, detail) {
    if (this.dead) return;
    var list = (this.listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try { list[i].call(this.handle, detail); } catch (e) { setTimeout(function () { throw e; }); }
    }
  };

  Widget.prototype.applyTheme = function () {
    if (!this.native) return;
    var css = this.native.theme_css();
    if (this.theme) {
      this.theme.replaceSync(css);
    } else if (css) {
      report('theme variables need constructable stylesheets (this browser lacks them)');
    }
  };

  Widget.prototype.update = function (options, replace) {
    if (this.dead) return;
    this.options = given(replace ? options : Object.assign(copy(this.options), copy(options)));
    if (this.native) {
      try {
        this.native.update(resolved(this.options));
        this.applyTheme();
      } catch (e) {
        report('update failed (' + (e && e.message) + ')');
      }
    }
  };

  Widget.prototype.unmount = function () {
    if (this.dead) return;
    this.dead = true;
    this.listeners = {};
    if (this.native) {
      try { this.native.unmount(); this.native.free(); } catch (e) { /* already gone */ }
      this.native = null;
    }
    while (this.root.firstChild) this.root.removeChild(this.root.firstChild);
    if (constructable) this.root.adoptedStyleSheets = [];
    if (this.host.__prequal === this) this.host.__prequal = null;
  };

  function makeHandle(widget) {
    var handle = {
      update: function (options) { widget.update(options, false); return handle; },
      on: function (name, fn) {
        if (EVENTS.indexOf(name) < 0) report('unknown event "' + name + '"; known: ' + EVENTS.join(', '));
        else if (typeof fn === 'function' && !widget.dead) (widget.listeners[name] = widget.listeners[name] || []).push(fn);
        return handle;
      },
      off: function (name, fn) {
        var list = widget.listeners[name];
        if (list) widget.listeners[name] = fn ? list.filter(function (f) { return f !== fn; }) : [];
        return handle;
      },
      unmount: function () { widget.unmount(); }
    };
    widget.handle = handle;
    return handle;
  }

  var inert = {
    update: function () { return inert; },
    on: function () { return inert; },
    off: function () { return inert; },
    unmount: function () {}
  };

  /** Prequal.mount(elementOrSelector, options) → {update, on, off, unmount}. Never throws. */
  function mount(target, options) {
    try {
      var host = typeof target === 'string' ? document.querySelector(target) : target;
      if (!host || host.nodeType !== 1) {
        report('mount: no element ' + (typeof target === 'string' ? 'matches "' + target + '"' : 'given'));
        return inert;
      }
      if (host.shadowRoot && host.shadowRoot !== host.__prequalRoot) {
        report('mount: the element already has a shadow root of its own; give the widget an empty element');
        return inert;
      }
      if (host.__prequal) host.__prequal.unmount(); // mounting again replaces the old widget
      var widget = new Widget(host, given(options));
      host.__prequal = widget;
      return makeHandle(widget);
    } catch (e) {
      report('mount failed (' + (e && e.message) + ')');
      return inert;
    }
  }

  // ---- <mfo-prequal>: the same options as kebab-case attributes ----
  var TRACKING = ['click-id', 'sub1', 'sub2', 'sub3', 'sub4', 'sub5',
    'utm-source', 'utm-medium', 'utm-campaign', 'utm-content', 'utm-term'];
  var ATTRIBUTES = ['api', 'partner-key', 'locale', 'theme', 'theme-variables', 'tracking', 'pixel',
    'partner-name', 'partner-logo', 'footer'].concat(TRACKING);

  // An attribute holding a JSON object (`theme`, `tracking`: the options' own shapes) is read
  // as one; anything else stays the string it is.
  function json(value) {
    if (typeof value !== 'string' || !/^\s*\{/.test(value)) return value;
    try { return JSON.parse(value); } catch (e) { return value; }
  }

  function fromAttributes(el) {
    var o = {};
    var get = function (name) { var v = el.getAttribute(name); return v === null ? undefined : v; };
    if (get('api') !== undefined) o.api = get('api');
    if (get('partner-key') !== undefined) o.partnerKey = get('partner-key');
    if (get('locale') !== undefined) o.locale = get('locale');
    if (get('pixel') !== undefined) o.pixel = get('pixel');
    if (get('footer') !== undefined) o.footer = get('footer');
    var theme = json(get('theme'));
    var vars = get('theme-variables');
    var variables = {};
    // "colorPrimary: #0a7d5a; radius: 4px" → {colorPrimary: '#0a7d5a', radius: '4px'}
    if (vars !== undefined) {
      vars.split(';').forEach(function (pair) {
        if (!trim(pair)) return;
        var at = pair.indexOf(':');
        // An entry without a colon ("radius 4px", "radius") goes on with a value that is no
        // string, for the widget to report (an unknown name, or a value of the wrong type).
        variables[trim(at < 0 ? pair : pair.slice(0, at))] = at < 0 ? false : trim(pair.slice(at + 1));
      });
    }
    if (theme !== null && typeof theme === 'object' && !Array.isArray(theme)) {
      // The option's own shape, theme='{"preset": "dark", "variables": {…}}'; `theme-variables`
      // on top of its variables.
      o.theme = copy(theme);
      if (vars !== undefined) o.theme.variables = Object.assign(copy(theme.variables), variables);
    } else if (vars !== undefined) {
      o.theme = { preset: theme, variables: variables };
    } else if (theme !== undefined) {
      o.theme = theme;
    }
    if (get('partner-name') !== undefined || get('partner-logo') !== undefined) {
      o.partner = { name: get('partner-name'), logo: get('partner-logo') };
    }
    // tracking='{"click_id": "…", "sub1": "…"}', and one attribute per parameter on top.
    var given = json(get('tracking'));
    var object = given !== null && typeof given === 'object';
    var tracking = object ? copy(given) : {};
    var any = object;
    TRACKING.forEach(function (name) {
      if (get(name) !== undefined) { tracking[name.replace('-', '_')] = get(name); any = true; }
    });
    if (given !== undefined && !object) o.tracking = given; // not an object: the widget says so
    else if (any) o.tracking = tracking;
    return o;
  }

  if (window.customElements && !window.customElements.get('mfo-prequal')) {
    var PrequalElement = function () { return Reflect.construct(HTMLElement, [], PrequalElement); };
    PrequalElement.prototype = Object.create(HTMLElement.prototype);
    PrequalElement.prototype.constructor = PrequalElement;
    Object.setPrototypeOf(PrequalElement, HTMLElement);
    Object.defineProperty(PrequalElement, 'observedAttributes', { get: function () { return ATTRIBUTES; } });
    // Mounted a microtask after it is connected, so that attributes set just after inserting it
    // (in the same script) are read with the rest rather than reported missing first.
    PrequalElement.prototype.connectedCallback = function () {
      var self = this;
      if (self.__prequalHandle || self.__prequalConnecting) return;
      self.__prequalConnecting = true;
      Promise.resolve().then(function () {
        self.__prequalConnecting = false;
        if (!self.isConnected || self.__prequalHandle) return;
        var handle = self.__prequalHandle = mount(self, fromAttributes(self));
        (self.__prequalListeners || []).forEach(function (l) { handle.on(l[0], l[1]); });
      });
    };
    PrequalElement.prototype.disconnectedCallback = function () {
      var self = this;
      // A move (disconnect + connect in one task) keeps the widget.
      Promise.resolve().then(function () {
        if (!self.isConnected && self.__prequalHandle) {
          self.__prequalHandle.unmount();
          self.__prequalHandle = null;
        }
      });
    };
    PrequalElement.prototype.attributeChangedCallback = function () {
      var self = this;
      if (!self.__prequalHandle || self.__prequalPending) return;
      self.__prequalPending = true;
      Promise.resolve().then(function () {
        self.__prequalPending = false;
        if (self.__prequal) self.__prequal.update(fromAttributes(self), true);
      });
    };
    /** The element's handle methods: el.on('ready', fn), el.off(…); options are its attributes. */
    // The element keeps its listeners: added before the widget is mounted, they wait for it, and
    // a widget mounted again (the element removed and inserted again) gets them all.
    PrequalElement.prototype.on = function (name, fn) {
      if (typeof fn === 'function') (this.__prequalListeners = this.__prequalListeners || []).push([name, fn]);
      if (this.__prequalHandle) this.__prequalHandle.on(name, fn);
      return this;
    };
    PrequalElement.prototype.off = function (name, fn) {
      if (this.__prequalListeners) {
        this.__prequalListeners = this.__prequalListeners.filter(function (l) { return l[0] !== name || (fn && l[1] !== fn); });
      }
      if (this.__prequalHandle) this.__prequalHandle.off(name, fn);
      return this;
    };
    window.customElements.define('mfo-prequal', PrequalElement);
  }

  window.Prequal = Object.freeze({ version: MANIFEST.version, mount: mount });
})();
