//! Helpers for the browser component tests: mount the app into a fresh element with the
//! demo offers (no network), act as a person would, wait for Yew's scheduler, read the DOM.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use prequal_widget::{App, AppProps, Config, Locale, Options, WidgetEvent};
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, FocusEvent, FocusEventInit, HtmlElement, HtmlInputElement,
    HtmlSelectElement, InputEvent, InputEventInit,
};
use yew::Callback;

pub async fn tick() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

/// A mounted widget and every event it emitted.
pub struct Widget {
    pub root: Element,
    pub events: Rc<RefCell<Vec<WidgetEvent>>>,
}

pub fn options(locale: Locale) -> Options {
    Options {
        api: "https://api.example".into(),
        partner_key: "pk_test_unit".into(),
        locale,
        ..Options::default()
    }
}

/// Mounts the widget with `config` given directly (no request is made for it).
pub async fn mount_with(options: Options, config: Config) -> Widget {
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            options,
            on_event: Callback::from(move |e| sink.borrow_mut().push(e)),
            config: Some(Rc::new(config)),
            prefetched: None,
            host_resizes: false,
        },
    )
    .render();
    tick().await;
    tick().await;
    Widget { root, events }
}

pub async fn mount(locale: Locale) -> Widget {
    mount_with(options(locale), Config::demo()).await
}

impl Widget {
    /// The `error` events so far, each as "code message".
    pub fn errors(&self) -> Vec<String> {
        self.events
            .borrow()
            .iter()
            .filter_map(|e| match e {
                WidgetEvent::Error { code, message } => Some(format!("{code} {message}")),
                _ => None,
            })
            .collect()
    }

    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("{selector} is rendered"))
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .collect()
    }

    pub fn input(&self, name: &str) -> HtmlInputElement {
        self.get(&format!("[name=\"{name}\"]")).dyn_into().unwrap()
    }

    pub fn text(&self, selector: &str) -> String {
        self.find(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    /// The message under the field named `name` (through its `aria-describedby`).
    pub fn message(&self, name: &str) -> String {
        let input = self.get(&format!("[name=\"{name}\"]"));
        let ids = input.get_attribute("aria-describedby").unwrap_or_default();
        let id = ids.split(' ').find(|id| id.ends_with("-msg")).unwrap_or("");
        self.text(&format!("#{id}"))
    }

    pub fn invalid(&self, name: &str) -> bool {
        self.get(&format!("[name=\"{name}\"]"))
            .get_attribute("aria-invalid")
            .as_deref()
            == Some("true")
    }

    pub fn step_title(&self) -> String {
        self.text(".pq-step-title")
    }

    /// Types `value` into the field as a person would (an `insertText` input event).
    pub async fn type_in(&self, name: &str, value: &str) {
        let field = self.input(name);
        field.set_value(value);
        let init = InputEventInit::new();
        init.set_bubbles(true);
        init.set_input_type("insertText");
        field
            .dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap())
            .unwrap();
        tick().await;
    }

    /// Leaves the field (a `blur`).
    pub async fn leave(&self, name: &str) {
        let field = self.get(&format!("[name=\"{name}\"]"));
        let init = FocusEventInit::new();
        field
            .dispatch_event(&FocusEvent::new_with_focus_event_init_dict("blur", &init).unwrap())
            .unwrap();
        tick().await;
    }

    pub async fn type_and_leave(&self, name: &str, value: &str) {
        self.type_in(name, value).await;
        self.leave(name).await;
    }

    pub async fn select(&self, name: &str, value: &str) {
        let select: HtmlSelectElement = self.get(&format!("[name=\"{name}\"]")).dyn_into().unwrap();
        select.set_value(value);
        change(&select).await;
    }

    pub async fn check(&self, name: &str, checked: bool) {
        let input = self.input(name);
        input.set_checked(checked);
        change(&input).await;
    }

    /// Chooses an offer on the result step (its radio button).
    pub async fn select_offer(&self, id: &str) {
        let radio: HtmlInputElement = self
            .get(&format!("input[name=offer_id][value=\"{id}\"]"))
            .dyn_into()
            .unwrap();
        radio.set_checked(true);
        change(&radio).await;
    }

    pub async fn click(&self, selector: &str) {
        let el: HtmlElement = self.get(selector).dyn_into().unwrap();
        el.click();
        tick().await;
    }

    pub async fn next(&self) {
        self.click("[data-action=\"next\"]").await;
    }

    pub async fn back(&self) {
        self.click("[data-action=\"back\"]").await;
    }

    /// The loan step as it comes (the default loan fits the payday offer), then a qualified
    /// applicant, up to the result step.
    pub async fn to_result(&self) {
        self.next().await;
        self.fill_about().await;
        self.next().await;
        self.fill_income().await;
        self.next().await;
    }

    pub async fn fill_about(&self) {
        for (name, value) in [
            ("applicant.last_name", "Иванов"),
            ("applicant.first_name", "Иван"),
            ("applicant.birth_date", "1990-05-10"),
            ("applicant.phone", "89123456789"),
            ("applicant.passport.series", "4502"),
            ("applicant.passport.number", "573482"),
            ("applicant.passport.issue_date", "2010-06-01"),
            ("applicant.passport.issuer_code", "770001"),
        ] {
            self.type_and_leave(name, value).await;
        }
        self.select("applicant.region", "77").await;
    }

    pub async fn fill_income(&self) {
        self.select("income.employment", "employed").await;
        for (name, value) in [
            ("income.tenure_months", "14"),
            ("income.confirmed_kop", "80000"),
            ("income.unconfirmed_kop", "0"),
            ("obligations.monthly_payments_kop", "5000"),
            ("obligations.active_loans", "1"),
            ("obligations.overdue_now_days", "0"),
            ("obligations.overdue_12m_max_days", "0"),
        ] {
            self.type_and_leave(name, value).await;
        }
    }

    pub fn event_names(&self) -> Vec<&'static str> {
        self.events.borrow().iter().map(|e| e.name()).collect()
    }
}

async fn change(target: &Element) {
    let init = EventInit::new();
    init.set_bubbles(true);
    target
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    tick().await;
}

/// Counts `fetch` calls from now on (the counter is `window.__fetches`).
pub fn count_fetches() {
    js_sys::Function::new_no_args(
        "window.__fetches = 0; const real = window.fetch; \
         window.fetch = function (...args) { window.__fetches += 1; return real.apply(this, args); };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

pub fn fetches() -> u32 {
    js_sys::Reflect::get(&gloo_utils::window(), &"__fetches".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32
}
