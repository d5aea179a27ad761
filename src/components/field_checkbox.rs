//! A yes/no question as a checkbox (`obligations.utility_arrears`,
//! `applicant.has_emergency_contact`): unticked is "no".

use web_sys::{Event, HtmlInputElement};
use yew::prelude::*;

use super::join;
use super::FieldProps;
use crate::form::FIELDS;
use crate::state::FieldInput;

pub fn checkbox_field(p: &FieldProps) -> Html {
    let spec = &FIELDS[p.index];
    let index = p.index;
    let onchange = {
        let (on_input, on_leave) = (p.on_input.clone(), p.on_leave.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_input.emit(FieldInput {
                index,
                value: input.checked().to_string(),
                bad_input: false,
                live: true,
            });
            on_leave.emit(index);
        })
    };
    let (tone, invalid, message) = p.status();
    html! {
        <div class="pq-field pq-check" data-tone={tone}>
            <input id={p.id.clone()} name={spec.path} type="checkbox"
                checked={p.value == "true"} aria-invalid={invalid}
                aria-describedby={p.described_by()} {onchange} />
            <label id={join(&p.id, "-label")} for={p.id.clone()}>{ p.label() }</label>
            { p.hint_and_message(message) }
        </div>
    }
}
