//! Small DOM helpers. Elements are looked up inside the widget's own root, never through
//! `document.getElementById`, so they work the same inside a shadow root (issue 7).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::NodeRef;

/// The element with this id inside `root`.
pub fn find(root: &NodeRef, id: &str) -> Option<Element> {
    let root = root.cast::<Element>()?;
    // Our ids are made of ASCII letters, digits, `-` and `_`: no escaping needed.
    root.query_selector(&format!("#{id}")).ok().flatten()
}

/// Moves the keyboard focus to the element with this id inside `root`.
pub fn focus(root: &NodeRef, id: &str) {
    if let Some(el) = find(root, id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
