//! A `<select>`: the employment type or the region, with its label and message.

use prequal_rules::application::{Employment, Locale};
use prequal_rules::ident::region::REGIONS;
use prequal_rules::text::{self, UiText};
use web_sys::{Event, HtmlSelectElement};
use yew::prelude::*;

use super::join;
use super::FieldProps;
use crate::form::{Kind, FIELDS};
use crate::state::FieldInput;

/// The options: (value, text).
fn choices(kind: Kind, locale: Locale) -> Vec<(&'static str, &'static str)> {
    match kind {
        Kind::Employment => Employment::ALL
            .iter()
            .map(|e| (e.as_str(), text::employment_label(*e, locale)))
            .collect(),
        _ => REGIONS
            .iter()
            .map(|r| {
                let name = match locale {
                    Locale::Ru => r.name_ru,
                    Locale::En => r.name_en,
                };
                (r.code, name)
            })
            .collect(),
    }
}

pub fn select_field(p: &FieldProps) -> Html {
    let spec = &FIELDS[p.index];
    let index = p.index;
    let onchange = {
        let (on_input, on_leave) = (p.on_input.clone(), p.on_leave.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on_input.emit(FieldInput {
                index,
                value: select.value(),
                bad_input: false,
                live: true,
            });
            on_leave.emit(index);
        })
    };
    let placeholder = match spec.kind {
        Kind::Employment => UiText::ChooseEmployment,
        _ => UiText::ChooseRegion,
    };
    let (tone, invalid, message) = p.status();
    let value = p.value.as_str();
    html! {
        <div class="pq-field" data-tone={tone}>
            <label id={join(&p.id, "-label")} for={p.id.clone()}>{ p.label() }</label>
            <select id={p.id.clone()} name={spec.path} autocomplete={spec.autocomplete}
                aria-invalid={invalid} aria-describedby={p.described_by()} {onchange}>
                <option value="" selected={value.is_empty()}>
                    { text::ui(placeholder, p.locale) }
                </option>
                { for choices(spec.kind, p.locale).into_iter().map(|(v, label)| html! {
                    <option value={v} selected={value == v}>{ label }</option>
                }) }
            </select>
            { p.hint_and_message(message) }
        </div>
    }
}
