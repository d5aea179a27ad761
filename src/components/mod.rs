//! One view per file: plain functions from what they show to `Html`, with no state of their own
//! (that is the `App`'s), so no component machinery per view in the bundle. The steps get the
//! form through a [`FormView`].
//!
//! Every `class` is a literal; what changes (a field's tone, the current step, the chosen
//! offer, the theme) is a `data-*` attribute the stylesheet selects on. Yew turns any computed
//! `class` into its `Classes` set, an `IndexSet` whose code costs about 3 KB of the bundle.

pub mod about_step;
pub mod consent_step;
pub mod debt_gauge;
pub mod error_summary;
pub mod estimate_view;
pub mod field_checkbox;
pub mod field_select;
pub mod field_text;
pub mod income_step;
pub mod loan_step;
pub mod nav_buttons;
pub mod offer_cost;
pub mod progress;
pub mod result_step;
pub mod send_status;

use std::rc::Rc;

use prequal_rules::application::Locale;
use yew::prelude::*;

use crate::form::{Issue, Kind, Values, AMOUNT, FIELDS, TERM};
use crate::state::FieldInput;
use field_checkbox::checkbox_field;
use field_select::select_field;
use field_text::text_field;

/// What a step needs to draw its inputs: the values, the messages to show, and where input
/// goes. Cheap to clone.
#[derive(Clone)]
pub struct FormView {
    /// This instance's id prefix (`pq-1a2b3c4d-`).
    pub prefix: AttrValue,
    pub locale: Locale,
    pub values: Rc<Values>,
    /// The message to show at each field, `None` where nothing is shown yet.
    pub shown: Rc<Vec<Option<Issue>>>,
    pub on_input: Callback<FieldInput>,
    pub on_leave: Callback<usize>,
}

impl FormView {
    /// The element id of field `index`: the prefix and the JSON path with `-` for `.`.
    pub fn id(&self, index: usize) -> String {
        field_id(&self.prefix, index)
    }

    /// Another element's id in this instance (`title`, `step`…).
    pub fn part(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// The input for field `index`, by its kind.
    pub fn field(&self, index: usize) -> Html {
        self.field_with_hint(index, None)
    }

    /// The input for field `index`, with a hint computed by the caller instead of the
    /// table's.
    pub fn field_with_hint(&self, index: usize, hint: Option<AttrValue>) -> Html {
        let props = FieldProps {
            index,
            id: AttrValue::from(self.id(index)),
            locale: self.locale,
            value: AttrValue::from(self.values.get(index).cloned().unwrap_or_default()),
            issue: self.shown.get(index).cloned().flatten(),
            hint,
            on_input: self.on_input.clone(),
            on_leave: self.on_leave.clone(),
        };
        match FIELDS[index].kind {
            Kind::Checkbox => checkbox_field(&props),
            Kind::Employment | Kind::Region => select_field(&props),
            _ => text_field(&props),
        }
    }
}

/// `a` then `b`, for element ids and selectors: one function, where `format!` would give
/// every call site its own formatting code in the bundle.
#[inline(never)]
pub fn join(a: &str, b: &str) -> String {
    [a, b].concat()
}

/// The element id of field `index` under `prefix`.
pub fn field_id(prefix: &str, index: usize) -> String {
    format!("{prefix}{}", FIELDS[index].path.replace('.', "-"))
}

/// What every input's view takes.
pub struct FieldProps {
    /// The field's position in [`FIELDS`].
    pub index: usize,
    pub id: AttrValue,
    pub locale: Locale,
    pub value: AttrValue,
    pub issue: Option<Issue>,
    /// Overrides the table's hint.
    pub hint: Option<AttrValue>,
    pub on_input: Callback<FieldInput>,
    pub on_leave: Callback<usize>,
}

impl FieldProps {
    /// The `data-tone` (`error`, `note`, `ok`), `aria-invalid` and message of the field's
    /// current issue.
    pub fn status(&self) -> (Option<&'static str>, &'static str, String) {
        use crate::form::Tone;
        match &self.issue {
            Some(i) => {
                let tone = match i.tone {
                    Tone::Error => "error",
                    Tone::Note => "note",
                    Tone::Ok => "ok",
                };
                let invalid = if i.is_error() { "true" } else { "false" };
                (Some(tone), invalid, i.message.clone())
            }
            None => (None, "false", String::new()),
        }
    }

    /// The hint text: the caller's, or the table's.
    pub fn hint_text(&self) -> Option<AttrValue> {
        self.hint.clone().or_else(|| {
            FIELDS[self.index]
                .hint
                .map(|key| AttrValue::from(prequal_rules::text::ui(key, self.locale)))
        })
    }

    /// `aria-describedby`: the hint (if any) and the message.
    pub fn described_by(&self) -> String {
        match self.hint_text() {
            Some(_) => format!("{0}-hint {0}-msg", self.id),
            None => join(&self.id, "-msg"),
        }
    }

    /// The label's text, with "optional" where the label itself does not say it.
    pub fn label(&self) -> Html {
        use prequal_rules::text::{self, UiText};
        let spec = &FIELDS[self.index];
        let label = text::field_label(spec.path, self.locale).unwrap_or(spec.path);
        let optional = spec.optional && spec.path != "applicant.patronymic";
        html! {
            <>
                { label }
                if optional {
                    // A space, not only a margin: the accessible name is "ИНН (необязательно)".
                    { " " }
                    <span class="pq-optional">{ text::ui(UiText::Optional, self.locale) }</span>
                }
            </>
        }
    }

    /// The hint and the message under the input.
    pub fn hint_and_message(&self, message: String) -> Html {
        // The loan's sliders (`{id}-range`) have no text of their own: the range under the
        // typed twin is their visible `<label>` (contract.md: every input has one).
        let slider = matches!(self.index, AMOUNT | TERM).then(|| join(&self.id, "-range"));
        html! {
            <>
                if let Some(hint) = self.hint_text() {
                    if let Some(slider) = slider {
                        <label id={join(&self.id, "-hint")} class="pq-hint" for={slider}>
                            { hint }
                        </label>
                    } else {
                        <p id={join(&self.id, "-hint")} class="pq-hint">{ hint }</p>
                    }
                }
                <p id={join(&self.id, "-msg")} class="pq-message" aria-live="polite">
                    { message }
                </p>
            </>
        }
    }
}
