//! The error summary shown when Next or Send finds problems: a titled list of links, one per
//! problem, each taking the focus to its field (GOV.UK's pattern). Links do not change the
//! URL: the host page's history stays untouched.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, MouseEvent};
use yew::prelude::*;

use super::join;
use crate::form::Step;

/// One problem: the element to focus, the message, and the step to go to first when the
/// field is on another step.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub target: AttrValue,
    pub message: AttrValue,
    pub fix: Option<(Step, usize)>,
}

pub struct ErrorSummaryProps {
    pub id: AttrValue,
    pub title: AttrValue,
    pub entries: Vec<Entry>,
    /// Go to a field on another step.
    pub on_fix: Callback<(Step, Option<usize>)>,
}

// Never inlined into `App`'s view: V8 compiles a function on its first call, so what the
// first screen does not draw stays out of the startup work (BENCHMARKS.md "Widget").
#[inline(never)]
pub fn error_summary(p: &ErrorSummaryProps) -> Html {
    let title_id = join(&p.id, "-title");
    html! {
        <div id={p.id.clone()} class="pq-summary" tabindex="-1" aria-labelledby={title_id.clone()}>
            <h4 id={title_id} class="pq-summary-title">{ p.title.clone() }</h4>
            <ul class="pq-summary-list">
                { for p.entries.iter().map(|entry| {
                    let onclick = {
                        let (entry, on_fix) = (entry.clone(), p.on_fix.clone());
                        Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            match entry.fix {
                                Some((step, field)) => on_fix.emit((step, Some(field))),
                                None => focus_near(&e, &entry.target),
                            }
                        })
                    };
                    html! {
                        <li>
                            <a href={format!("#{}", entry.target)} {onclick}>
                                { entry.message.clone() }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// Focuses the element `id` inside the widget that holds the clicked link.
fn focus_near(e: &MouseEvent, id: &str) {
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest(".pq-widget").ok().flatten())
        .and_then(|root| root.query_selector(&join("#", id)).ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    if let Some(el) = target {
        let _ = el.focus();
    }
}
