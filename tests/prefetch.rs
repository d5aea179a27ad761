//! Browser component tests of the prefetched offers (`Prefetched`): the page's own
//! `GET /v1/offers`, started before the wasm, serves the app's first load when it was made for
//! the same URL and key, and only then; anything else fetches as before.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{options, tick, Widget};
use js_sys::{Function, Promise, Reflect};
use prequal_rules::config::DEMO_CONFIG;
use prequal_widget::{App, AppProps, Locale, Options, Prefetched, WidgetEvent};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use yew::{AppHandle, Callback};

wasm_bindgen_test_configure!(run_in_browser);

const URL: &str = "https://api.example/v1/offers";
const KEY: &str = "pk_test_unit";

/// Replaces `fetch` with one that answers 200 with the demo configuration and records each
/// request's URL and `X-Prequal-Key` in `window.__requests`.
fn fake_fetch() {
    Function::new_with_args(
        "body",
        "window.__requests = [];
         window.fetch = function (input) {
           const r = new Request(input);
           window.__requests.push(r.url + ' ' + r.headers.get('X-Prequal-Key'));
           return Promise.resolve(new Response(body, { status: 200 }));
         };",
    )
    .call1(&JsValue::NULL, &JsValue::from_str(DEMO_CONFIG))
    .unwrap();
}

/// What `fake_fetch` saw: `"<url> <key>"` per request.
fn requests() -> Vec<String> {
    let list = Reflect::get(&gloo_utils::window(), &"__requests".into()).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// A promise made in JS, as a page's script would hand it over: `ok` (the demo configuration
/// as a 200), `empty` (a 200 whose body is not a configuration), `failed` (a rejected fetch),
/// `pending` (never settles), or the reply already read as `www/prefetch.js` hands it over:
/// `read` (a 200 with the demo configuration) and `read-503`.
fn promise(kind: &str) -> Promise {
    let make = Function::new_with_args(
        "kind, body",
        "if (kind === 'ok') return Promise.resolve(new Response(body, { status: 200 }));
         if (kind === 'read') return Promise.resolve({ status: 200, retryAfter: null, body });
         if (kind === 'read-503') return Promise.resolve({ status: 503, retryAfter: '5', body: '' });
         if (kind === 'empty') return Promise.resolve(new Response('{}', { status: 200 }));
         if (kind === 'failed') {
           const p = Promise.reject(new TypeError('Failed to fetch'));
           p.catch(() => {});
           return p;
         }
         return new Promise(() => {});",
    );
    make.call2(
        &JsValue::NULL,
        &JsValue::from_str(kind),
        &JsValue::from_str(DEMO_CONFIG),
    )
    .unwrap()
    .dyn_into()
    .unwrap()
}

fn prefetched(url: &str, key: &str, kind: &str) -> Prefetched {
    Prefetched {
        url: url.into(),
        key: key.into(),
        response: promise(kind),
    }
}

/// Mounts the app without a configuration, so that it loads the offers itself.
fn mount(options: Options, prefetched: Option<Prefetched>) -> (Widget, AppHandle<App>) {
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let props = AppProps {
        options,
        on_event: Callback::from(move |e| sink.borrow_mut().push(e)),
        config: None,
        prefetched,
        host_resizes: false,
    };
    let handle = prequal_widget::mount_with_props(root.clone(), props);
    (Widget { root, events }, handle)
}

/// Waits (up to ~2 s) until `selector` is drawn.
async fn drawn(w: &Widget, selector: &str) {
    for _ in 0..100 {
        if w.find(selector).is_some() {
            return;
        }
        tick().await;
    }
    panic!("{selector} was never drawn");
}

/// Waits (up to ~2 s) until the fake `fetch` has seen `n` requests.
async fn fetched(n: usize) {
    for _ in 0..100 {
        if requests().len() >= n {
            return;
        }
        tick().await;
    }
    panic!("{n} requests expected, got {:?}", requests());
}

const FORM: &str = "input[name=\"loan.amount_kop\"]";

fn errors(w: &Widget) -> Vec<&'static str> {
    w.events
        .borrow()
        .iter()
        .filter_map(|e| match e {
            WidgetEvent::Error { code, .. } => Some(*code),
            _ => None,
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_first_load_uses_the_prefetched_response_and_fetches_nothing() {
    fake_fetch();
    let (w, _app) = mount(options(Locale::Ru), Some(prefetched(URL, KEY, "ok")));
    drawn(&w, FORM).await;
    assert_eq!(requests(), Vec::<String>::new());
    assert!(w.event_names().contains(&"ready"));
}

#[wasm_bindgen_test]
async fn a_reply_the_script_has_already_read_is_used_as_it_is() {
    fake_fetch();
    let (w, _app) = mount(options(Locale::Ru), Some(prefetched(URL, KEY, "read")));
    drawn(&w, FORM).await;
    assert_eq!(requests(), Vec::<String>::new());
    // Its status counts as a fetched reply's would.
    fake_fetch();
    let (w, _app) = mount(options(Locale::Ru), Some(prefetched(URL, KEY, "read-503")));
    drawn(&w, ".pq-load-failed").await;
    assert_eq!(errors(&w), ["offers.http"]);
    assert_eq!(requests(), Vec::<String>::new());
    // An answer that is not the offers is not the applicant's connection.
    let said = w.text(".pq-load-failed");
    assert!(said.contains("сервис сейчас недоступен"), "{said}");
    assert!(!said.contains("интернет"), "{said}");
}

#[wasm_bindgen_test]
async fn the_prefetched_body_is_what_the_app_reads() {
    // A 200 that is no configuration: the same `offers.invalid` as a fetched one, no fetch.
    fake_fetch();
    let (w, _app) = mount(options(Locale::Ru), Some(prefetched(URL, KEY, "empty")));
    drawn(&w, ".pq-load-failed").await;
    assert_eq!(errors(&w), ["offers.invalid"]);
    assert_eq!(requests(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn a_prefetch_for_another_url_or_key_is_left_alone_and_the_offers_fetched() {
    for (url, key) in [
        (URL, "pk_test_other"),
        ("https://other.example/v1/offers", KEY),
        ("https://api.example/v1/offers/", KEY),
    ] {
        fake_fetch();
        // Never settles: were it used, the form would never be drawn.
        let (w, _app) = mount(options(Locale::Ru), Some(prefetched(url, key, "pending")));
        drawn(&w, FORM).await;
        assert_eq!(requests(), [format!("{URL} {KEY}")], "{url} {key}");
    }
}

#[wasm_bindgen_test]
async fn a_rejected_prefetch_is_a_network_failure_and_load_again_fetches() {
    fake_fetch();
    let (w, _app) = mount(options(Locale::Ru), Some(prefetched(URL, KEY, "failed")));
    drawn(&w, ".pq-load-failed").await;
    assert_eq!(errors(&w), ["offers.network"]);
    assert_eq!(requests(), Vec::<String>::new());
    let said = w.text(".pq-load-failed");
    assert!(said.contains("Проверьте подключение к интернету"), "{said}");
    w.click(".pq-load-failed button").await;
    drawn(&w, FORM).await;
    assert_eq!(requests(), [format!("{URL} {KEY}")]);
}

#[wasm_bindgen_test]
async fn bad_options_never_use_a_prefetch() {
    fake_fetch();
    let insecure = Options {
        api: "http://api.example".into(),
        ..options(Locale::Ru)
    };
    let (w, _app) = mount(
        insecure,
        Some(prefetched("http://api.example/v1/offers", KEY, "ok")),
    );
    for _ in 0..5 {
        tick().await;
    }
    assert!(w.find(FORM).is_none());
    assert_eq!(errors(&w), ["options.api_insecure"]);
    assert_eq!(requests(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn only_the_first_load_uses_it() {
    fake_fetch();
    let first = options(Locale::Ru);
    let (w, mut app) = mount(first.clone(), Some(prefetched(URL, KEY, "ok")));
    drawn(&w, FORM).await;
    assert_eq!(requests(), Vec::<String>::new());
    let props = |options: Options| AppProps {
        options,
        on_event: Callback::noop(),
        config: None,
        // Still offered: the app must not take it a second time.
        prefetched: Some(prefetched(URL, KEY, "pending")),
        host_resizes: false,
    };
    app.update(props(Options {
        partner_key: "pk_test_other".into(),
        ..first.clone()
    }));
    fetched(1).await;
    drawn(&w, FORM).await;
    app.update(props(first));
    fetched(2).await;
    drawn(&w, FORM).await;
    assert_eq!(
        requests(),
        [format!("{URL} pk_test_other"), format!("{URL} {KEY}")]
    );
}

/// Records in `root.__sawLoading` whether a loading message was ever drawn in `root`.
fn watch_for_loading(root: &web_sys::Element) {
    Function::new_with_args(
        "root",
        "root.__sawLoading = false;
         new MutationObserver(() => {
           if (root.querySelector('.pq-loading')) root.__sawLoading = true;
         }).observe(root, { childList: true, subtree: true });",
    )
    .call1(&JsValue::NULL, root)
    .unwrap();
}

#[wasm_bindgen_test]
async fn the_loading_message_waits_for_a_slow_reply() {
    // A reply that never comes: nothing at first, then the loading message, then it stays.
    fake_fetch();
    let (w, _app) = mount(options(Locale::Ru), Some(prefetched(URL, KEY, "pending")));
    tick().await;
    assert_eq!(w.root.child_element_count(), 0, "drawn before the delay");
    yew::platform::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(
        w.find(".pq-loading").is_some(),
        "no loading message after the delay"
    );
    assert!(
        w.find("input[name=\"loan.amount_kop\"]").is_none(),
        "a form with no offers"
    );
}

#[wasm_bindgen_test]
async fn a_quick_reply_shows_the_form_with_no_loading_message_before_it() {
    fake_fetch();
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    watch_for_loading(&root);
    let props = AppProps {
        options: options(Locale::Ru),
        on_event: Callback::noop(),
        config: None,
        prefetched: Some(prefetched(URL, KEY, "ok")),
        host_resizes: false,
    };
    let _app = prequal_widget::mount_with_props(root.clone(), props);
    let w = Widget {
        root,
        events: Rc::default(),
    };
    drawn(&w, FORM).await;
    yew::platform::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(w.find(FORM).is_some());
    let saw = Reflect::get(&w.root, &"__sawLoading".into()).unwrap();
    assert_eq!(saw, JsValue::FALSE, "a loading message flashed");
}
