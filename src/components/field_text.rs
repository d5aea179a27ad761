//! A text-like input (text, tel, email, date, money, counts) with its label, hint and
//! message. Formats as the applicant types (see `mask`), checks when they leave it.

use wasm_bindgen::JsValue;
use web_sys::{Event, FocusEvent, HtmlInputElement, InputEvent};
use yew::prelude::*;

use super::join;
use super::FieldProps;
use crate::form::{self, Kind, FIELDS};
use crate::mask::{self, Mask};
use crate::state::FieldInput;

pub fn text_field(p: &FieldProps) -> Html {
    let spec = &FIELDS[p.index];
    let index = p.index;
    let live = p.issue.as_ref().is_some_and(|i| i.is_error());
    let shown = p.issue.is_some();

    let oninput = {
        let (on_input, before) = (p.on_input.clone(), p.value.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut value = input.value();
            let kind = input_type(&e);
            let deleting = kind.starts_with("delete");
            // A whole passport pasted into the series or the number: both fields at once. Into
            // the number only when pasted (or dropped): ten digits typed there are a mistake
            // to point out, not a reason to replace the series typed before.
            let series_field = spec.mask == Some(Mask::PassportSeries);
            let pasted = kind.starts_with("insertFrom");
            if !deleting && (series_field || (spec.path == PASSPORT_NUMBER && pasted)) {
                if let Some((series, number)) = split_passport(&value) {
                    let (mine, other, theirs) = if series_field {
                        (series, PASSPORT_NUMBER, number)
                    } else {
                        (number, "applicant.passport.series", series)
                    };
                    input.set_value(&mine);
                    if let Some(other) = form::index(other) {
                        on_input.emit(FieldInput {
                            index: other,
                            value: theirs,
                            bad_input: false,
                            live: true,
                        });
                    }
                    value = mine;
                }
            }
            if let Some(mask) = spec.mask {
                let caret = input
                    .selection_start()
                    .ok()
                    .flatten()
                    .unwrap_or(value.encode_utf16().count() as u32);
                let laid_out = if deleting {
                    let backward = kind == "deleteContentBackward";
                    mask::on_delete(mask, &before, &value, caret, backward)
                } else {
                    mask::on_insert(mask, &value, caret)
                };
                if let Some((formatted, caret)) = laid_out {
                    input.set_value(&formatted);
                    let _ = input.set_selection_range(caret, caret);
                    value = formatted;
                }
            }
            let bad_input = spec.kind == Kind::Date && input.validity().bad_input();
            on_input.emit(FieldInput {
                index,
                value,
                bad_input,
                live,
            });
        })
    };

    let onblur = {
        let (on_input, on_leave) = (p.on_input.clone(), p.on_leave.clone());
        Callback::from(move |e: FocusEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let value = input.value();
            if let Some(mask) = spec.mask {
                // Tidy what deletions left (a stray separator) now that typing is over.
                if let Some(tidy) = mask::format(mask, &value).filter(|t| *t != value) {
                    input.set_value(&tidy);
                    on_input.emit(FieldInput {
                        index,
                        value: tidy,
                        bad_input: false,
                        live: true,
                    });
                }
            }
            // A half-typed date, and one cleared again, fire no `input` event in Chromium (the
            // value stays ""): the state is read here.
            let bad_input = spec.kind == Kind::Date && input.validity().bad_input();
            if bad_input || (spec.kind == Kind::Date && shown && value.is_empty()) {
                on_input.emit(FieldInput {
                    index,
                    value,
                    bad_input,
                    live: true,
                });
            }
            on_leave.emit(index);
        })
    };

    let (tone, invalid, message) = p.status();
    let suffix = (spec.kind == Kind::Money).then_some("₽");
    html! {
        <div class="pq-field" data-tone={tone}>
            <label id={join(&p.id, "-label")} for={p.id.clone()}>{ p.label() }</label>
            <div class="pq-input-row">
                <input id={p.id.clone()} name={spec.path} type={spec.input_type}
                    inputmode={spec.inputmode} autocomplete={spec.autocomplete}
                    spellcheck={(spec.kind == Kind::Text).then_some("false")}
                    value={p.value.clone()} aria-invalid={invalid}
                    aria-describedby={p.described_by()} {oninput} {onblur} />
                if let Some(suffix) = suffix {
                    <span class="pq-suffix" aria-hidden="true">{ suffix }</span>
                }
            </div>
            { p.hint_and_message(message) }
        </div>
    }
}

/// The `inputType` of an `input` event; empty for a plain `Event` (as scripts and some
/// autofill dispatch), which is then treated as an insertion.
fn input_type(e: &Event) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("inputType"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

const PASSPORT_NUMBER: &str = "applicant.passport.number";

/// A series and number pasted together (`4502 573482`, `45 02 573482`): the laid-out series
/// and the number.
fn split_passport(value: &str) -> Option<(String, String)> {
    let digits = mask::format(Mask::PassportSeries, value)?.replace(' ', "");
    if digits.len() != 10 {
        return None;
    }
    let series = mask::format(Mask::PassportSeries, &digits[..4])?;
    Some((series, digits[4..].to_owned()))
}
