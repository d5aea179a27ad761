//! The applicant-facing widget: a Yew app over the rules engine (`prequal-rules`). Every check
//! it shows is the rules engine's, so the server re-does exactly the same ones.
//!
//! - [`App`] takes [`Options`] (the contract's widget options) and emits [`WidgetEvent`]s;
//! - [`mount`] renders it into any element and turns its events into DOM `CustomEvent`s named
//!   `prequal:<name>` on that element, returning Yew's handle (`update`, `destroy`): the
//!   embed loader (issue 7) builds on this; [`mount_with_props`] takes every prop, such as an
//!   offers request the page already started ([`Prefetched`]);
//! - `main.rs` only mounts it into the demo page's `#prequal`, reading the options from its
//!   `data-*` attributes and the offers request `www/prefetch.js` started ([`mount_standalone`]).
//!
//! Several instances on one page share nothing: no globals, and element ids carry a random
//! per-instance prefix. No `style` attributes and no inline styles: classes and the
//! stylesheet only, so a strict CSP holds.

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: heap::Heap = heap::Heap::new();

mod app;
mod clock;
mod components;
mod display;
mod dom;
#[cfg(feature = "embed")]
mod embed;
mod event;
mod form;
// Used only as wasm32's allocator; natively its unit tests run it over an arena.
#[cfg_attr(not(target_family = "wasm"), allow(dead_code))]
mod heap;
mod ids;
mod json;
mod mask;
mod net;
mod options;
mod state;

use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::{AppHandle, Callback};

pub use app::{App, AppProps};
pub use event::{WidgetEvent, VERSION};
/// Reads a partner configuration (`GET /v1/offers`'s body) as `Config::from_json` does, without
/// serde in the bundle: for a host that has the configuration already and gives it to
/// [`mount`] (the page's own offers request goes through [`Prefetched`] instead).
pub use json::config as read_config;
pub use net::Prefetched;
pub use options::{OptionProblem, Options, Theme};
pub use prequal_rules::application::Locale;
pub use prequal_rules::config::Config;

/// Dispatches `event` on `target` as a DOM `CustomEvent` named `prequal:<name>`, with its
/// detail as a plain object.
pub fn dispatch_dom_event(target: &Element, event: &WidgetEvent) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let detail = js_sys::JSON::parse(&event.detail_json()).unwrap_or(JsValue::NULL);
    init.set_detail(&detail);
    let name = components::join("prequal:", event.name());
    if let Ok(e) = CustomEvent::new_with_event_init_dict(&name, &init) {
        let _ = target.dispatch_event(&e);
    }
}

/// Renders the widget into `root` with `options`; its events go to `root` as DOM events and
/// to `on_event`. Given `config`, the offers are not fetched.
pub fn mount(
    root: Element,
    options: Options,
    config: Option<Rc<Config>>,
    on_event: Callback<WidgetEvent>,
) -> AppHandle<App> {
    mount_with_props(
        root,
        AppProps {
            options,
            on_event,
            config,
            ..AppProps::default()
        },
    )
}

/// [`mount`] with every prop: e.g. `prefetched`, the offers request a page's script started
/// while the wasm was loading. The events go to `root` as DOM events and to `props.on_event`.
pub fn mount_with_props(root: Element, props: AppProps) -> AppHandle<App> {
    let target = root.clone();
    let on_event = props.on_event.clone();
    let props = AppProps {
        on_event: Callback::from(move |event: WidgetEvent| {
            dispatch_dom_event(&target, &event);
            on_event.emit(event);
        }),
        ..props
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}

/// Mounts the widget into the page's `#prequal` element, with the options from its `data-*`
/// attributes (`data-api`, `data-partner-key`, `data-locale`, `data-click-id`, `data-sub1`…,
/// `data-utm-source`…). Without `data-api` the API is the page's own origin. The offers request
/// `www/prefetch.js` left on the element (`prequalOffers`: `{url, key, response}`) is taken
/// off it and given to the app. Logs nothing.
pub fn mount_standalone() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Only the page Trunk builds marks its element: the embed bundle is this binary with the
    // `embed` feature, so its `main` runs too, and a partner's element that happens to be
    // `#prequal` must not get a second widget.
    let Some(root) = document
        .get_element_by_id("prequal")
        .filter(|e| e.has_attribute("data-prequal-standalone"))
    else {
        return;
    };
    let mut options =
        Options::from_attributes(|name| root.get_attribute(&components::join("data-", name)));
    if options.api.is_empty() {
        if let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) {
            options.api = origin;
        }
    }
    // Taken off the element so that nothing of it stays reachable from the page.
    let slot = JsValue::from_str("prequalOffers");
    let prefetched = js_sys::Reflect::get(&root, &slot)
        .ok()
        .and_then(|v| Prefetched::from_js(&v));
    let _ = js_sys::Reflect::delete_property(&root, &slot);
    let props = AppProps {
        options,
        prefetched,
        ..AppProps::default()
    };
    // The handle lives as long as the page: the demo never unmounts.
    std::mem::forget(mount_with_props(root, props));
}
