//! Component tests in a real browser (wasm-bindgen-test in headless Chromium): mount the app
//! into an element, act as a person would, wait for Yew's scheduler, read the DOM.
#![cfg(target_arch = "wasm32")]

use prequal_widget::{App, AppProps, Locale};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn tick() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

async fn mount(locale: Locale) -> Element {
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { locale }).render();
    tick().await;
    root
}

fn input(root: &Element, name: &str) -> HtmlInputElement {
    root.query_selector(&format!("input[name=\"{name}\"]"))
        .unwrap()
        .expect("input is rendered")
        .dyn_into()
        .unwrap()
}

/// Types `value` and leaves the field, as the browser reports it: `input` then `change`.
async fn type_and_leave(field: &HtmlInputElement, value: &str) {
    field.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    for kind in ["input", "change"] {
        field
            .dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
            .unwrap();
    }
    tick().await;
}

fn message(root: &Element) -> String {
    root.query_selector("#pq-applicant-phone-msg")
        .unwrap()
        .and_then(|m| m.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn phone_field_has_a_label_and_the_right_input_hints() {
    let root = mount(Locale::Ru).await;
    let phone = input(&root, "applicant.phone");
    assert_eq!(phone.type_(), "tel");
    assert_eq!(phone.get_attribute("inputmode").as_deref(), Some("tel"));
    assert_eq!(phone.get_attribute("autocomplete").as_deref(), Some("tel"));
    let label = root
        .query_selector("label[for=\"pq-applicant-phone\"]")
        .unwrap()
        .unwrap();
    assert!(!label.text_content().unwrap_or_default().is_empty());
}

#[wasm_bindgen_test]
async fn a_landline_is_not_mobile_and_a_mobile_number_is_normalised() {
    let root = mount(Locale::Ru).await;
    let phone = input(&root, "applicant.phone");
    type_and_leave(&phone, "+7 495 123-45-67").await;
    assert_eq!(phone.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(
        message(&root).to_lowercase().contains("мобильн"),
        "{}",
        message(&root)
    );

    type_and_leave(&phone, "8 (912) 345-67-89").await;
    assert_eq!(
        phone.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert!(
        message(&root).contains("+79123456789"),
        "{}",
        message(&root)
    );
}

#[wasm_bindgen_test]
async fn english_messages_are_english() {
    let root = mount(Locale::En).await;
    let phone = input(&root, "applicant.phone");
    type_and_leave(&phone, "12").await;
    let text = message(&root);
    assert!(!text.is_empty() && text.is_ascii(), "{text}");
}
