//! Small DOM helpers. Elements are looked up inside the widget's own root, never through
//! `document.getElementById`, so they work the same inside a shadow root (issue 7).

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::NodeRef;

/// The first element matching `selector` inside `root`. (Our ids are made of ASCII letters,
/// digits, `-` and `_`: `#id` needs no escaping.)
pub fn find(root: &NodeRef, selector: &str) -> Option<Element> {
    let root = root.cast::<Element>()?;
    root.query_selector(selector).ok().flatten()
}

/// Moves the keyboard focus to the first element matching `selector` inside `root`, and so
/// scrolls it into view.
///
/// Focusing the element that has the focus does nothing, not even scroll: the step heading
/// keeps it from one step to the next when Next or Back is clicked (their `mousedown` does not
/// take it), and the new step stayed scrolled away. So the element lets go of it first.
pub fn focus(root: &NodeRef, selector: &str) {
    if let Some(el) = find(root, selector).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.blur();
        let _ = el.focus();
    }
}

/// Calls back with an element's height (CSS pixels, rounded) whenever it changes, for the
/// `resize` event; stops when dropped.
pub struct SizeObserver {
    observer: web_sys::ResizeObserver,
    _closure: Closure<dyn FnMut(js_sys::Array)>,
}

impl SizeObserver {
    pub fn watch(element: &Element, on_height: impl Fn(u32) + 'static) -> Option<SizeObserver> {
        let last = Cell::new(0u32);
        // The entry's border box, not getBoundingClientRect(): no layout forced on the page.
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
                return;
            };
            let size = entry.border_box_size().get(0);
            let Ok(size) = size.dyn_into::<web_sys::ResizeObserverSize>() else {
                return;
            };
            let height = size.block_size().round().max(0.0) as u32;
            if last.replace(height) != height {
                on_height(height);
            }
        });
        let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(SizeObserver {
            observer,
            _closure: closure,
        })
    }
}

impl Drop for SizeObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Whether nothing has the keyboard focus (it is on the page's `<body>`), as when the focused
/// element was disabled or removed.
pub fn focus_lost() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_none_or(|e| e.tag_name() == "BODY")
}
