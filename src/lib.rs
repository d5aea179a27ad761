//! The applicant-facing widget: a Yew app over the rules engine (`prequal-rules`). Every check
//! it shows is the rules engine's, so the server re-does exactly the same ones.
//!
//! The binary (`main.rs`) only mounts it; tests mount the same app into their own element.

mod app;
mod components;

pub use app::{App, AppProps};
pub use prequal_rules::application::Locale;

/// Mounts the app into `#prequal`, or into `<body>` when the page has no such element.
pub fn mount_standalone() {
    let document = web_sys::window().and_then(|w| w.document());
    let root = document
        .as_ref()
        .and_then(|d| d.get_element_by_id("prequal"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root_and_props(root, AppProps::default()).render();
        }
        None => {
            yew::Renderer::<App>::with_props(AppProps::default()).render();
        }
    }
}
