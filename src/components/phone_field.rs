//! The mobile phone input: checked by the rules engine as the applicant types (once a message
//! is showing, so it clears the moment the number is right) and when they leave the field.

use prequal_rules::application::Locale;
use prequal_rules::ident::phone;
use prequal_rules::text;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct PhoneFieldProps {
    pub locale: Locale,
}

/// What the field shows under itself.
#[derive(Clone, PartialEq)]
enum Status {
    Untouched,
    Valid(String),
    Invalid(&'static str),
}

#[function_component(PhoneField)]
pub fn phone_field(props: &PhoneFieldProps) -> Html {
    let status = use_state(|| Status::Untouched);
    let locale = props.locale;
    let check = move |value: &str| -> Status {
        match phone::validate(value) {
            Ok(number) => Status::Valid(number.to_string()),
            Err(e) => Status::Invalid(text::message(e.code, locale)),
        }
    };
    let oninput = {
        let status = status.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if !matches!(*status, Status::Untouched) {
                status.set(check(&input.value()));
            }
        })
    };
    let onchange = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            status.set(check(&input.value()));
        })
    };
    let label = text::field_label("applicant.phone", locale).unwrap_or("Телефон");
    let (invalid, message) = match &*status {
        Status::Invalid(m) => (true, (*m).to_string()),
        Status::Valid(n) => (false, format!("✓ {n}")),
        Status::Untouched => (false, String::new()),
    };
    html! {
        <div class={classes!("pq-field", invalid.then_some("pq-field--invalid"))}>
            <label for="pq-applicant-phone">{ label }</label>
            <input id="pq-applicant-phone" name="applicant.phone" type="tel" inputmode="tel"
                autocomplete="tel" placeholder="+7 912 345-67-89"
                aria-invalid={invalid.to_string()} aria-describedby="pq-applicant-phone-msg"
                {oninput} {onchange} />
            <p id="pq-applicant-phone-msg" class="pq-message" aria-live="polite">{ message }</p>
        </div>
    }
}
