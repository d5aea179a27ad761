//! Back and Next (or Send) at the bottom of each step. Next and Send are the form's submit
//! buttons, so Enter in a field works too; Back never submits. The `data-action` attributes
//! are the contract's stable hooks.
//!
//! A press on these buttons does not take the focus from the field being typed in: leaving an
//! invalid field draws its message above the buttons, which moved the button away between
//! the press and the release, and the click was lost. The field is left when the step changes
//! or the error summary takes the focus.
//!
//! The second click of a double click is not a second press: it would land on the next step's
//! Next, drawn in the same place, and press it too (its empty fields all shown as errors).

use prequal_rules::application::Locale;
use prequal_rules::text::{self, UiText};
use web_sys::MouseEvent;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forward {
    None,
    Next,
    Submit { again: bool, busy: bool },
}

pub struct NavButtonsProps {
    pub locale: Locale,
    pub back: bool,
    pub forward: Forward,
    pub on_back: Callback<()>,
}

pub fn nav_buttons(p: &NavButtonsProps) -> Html {
    let ui = |key| text::ui(key, p.locale);
    let onclick = {
        let on_back = p.on_back.clone();
        Callback::from(move |_: MouseEvent| on_back.emit(()))
    };
    let keep_focus = Callback::from(|e: MouseEvent| e.prevent_default());
    // A click's `detail` counts the clicks in a row (0 from the keyboard); cancelling a submit
    // button's click cancels the form's submission.
    let one_press = Callback::from(|e: MouseEvent| {
        if e.detail() > 1 {
            e.prevent_default()
        }
    });
    html! {
        <div class="pq-nav" onmousedown={keep_focus} onclick={one_press}>
            if p.back {
                <button type="button" class="pq-button pq-button--secondary" data-action="back"
                    {onclick}>{ ui(UiText::Back) }</button>
            }
            { match p.forward {
                Forward::None => html! {},
                Forward::Next => html! {
                    <button type="submit" class="pq-button" data-action="next">
                        { ui(UiText::Next) }
                    </button>
                },
                Forward::Submit { again, busy } => html! {
                    <button type="submit" class="pq-button" data-action="submit" disabled={busy}>
                        { ui(if again { UiText::SubmitAgain } else { UiText::Submit }) }
                    </button>
                },
            } }
        </div>
    }
}
