//! Step 5: consent and send. The chosen lender, named with its details; three separate
//! consents, unticked until the applicant ticks them, each with the lender's own text and
//! its version; then Send. After sending, the status instead of the form.

use prequal_rules::application::{ConsentKind, Locale};
use prequal_rules::code::Code;
use prequal_rules::config::Offer;
use prequal_rules::text::{self, UiText};
use web_sys::{Event, HtmlInputElement};
use yew::prelude::*;

use super::join;
use super::send_status::send_status;
use crate::state::Send;

pub struct ConsentStepProps {
    pub prefix: AttrValue,
    pub locale: Locale,
    pub offer: Offer,
    /// Which consents are ticked, in `ConsentKind::ALL` order.
    pub ticked: [bool; 3],
    /// Show what is missing (after Send was pressed).
    pub show_errors: bool,
    pub on_consent: Callback<(ConsentKind, bool)>,
    pub send: Send,
    pub application_id: Option<String>,
}

/// The element id of a consent's checkbox.
pub fn consent_id(prefix: &str, kind: ConsentKind) -> String {
    format!("{prefix}consents-{}", kind.as_str())
}

/// The checkbox's `name` (contract.md, "Widget"), which its `change` event names too.
pub fn consent_field(kind: ConsentKind) -> &'static str {
    match kind {
        ConsentKind::PersonalData => "consents.personal_data",
        ConsentKind::CreditBureau => "consents.credit_bureau",
        ConsentKind::Transfer => "consents.transfer",
    }
}

pub fn consent_code(kind: ConsentKind) -> Code {
    match kind {
        ConsentKind::PersonalData => Code::ConsentPersonalData,
        ConsentKind::CreditBureau => Code::ConsentCreditBureau,
        ConsentKind::Transfer => Code::ConsentTransfer,
    }
}

// Never inlined into `App`'s view: V8 compiles a function on its first call, so what the
// first screen does not draw stays out of the startup work (BENCHMARKS.md "Widget").
#[inline(never)]
pub fn consent_step(p: &ConsentStepProps) -> Html {
    let locale = p.locale;
    let ui = |key| text::ui(key, locale);
    let lender = &p.offer.lender;
    let details = [&*lender.ogrn, &lender.inn, &lender.cbr_registry_number];
    let status = send_status(
        &p.send,
        p.application_id.as_deref(),
        locale,
        &join(&p.prefix, "send-status"),
    );
    if matches!(p.send, Send::Sent { .. }) {
        return status;
    }
    let lender_title = join(&p.prefix, "lender-title");
    let busy = matches!(p.send, Send::Sending);
    html! {
        <>
            <section class="pq-lender" aria-labelledby={lender_title.clone()}>
                <h4 id={lender_title} class="pq-section-title">{ ui(UiText::ConsentIntro) }</h4>
                <p class="pq-lender-name">{ &lender.name }</p>
                // The schema lets a partner leave them out; half a line would read "ОГРН , ИНН ,".
                if details.iter().all(|d| !d.is_empty()) {
                    <p class="pq-lender-details">{ text::fill(ui(UiText::LenderDetails), &details) }</p>
                }
                if !lender.address.is_empty() {
                    <p class="pq-lender-details">{ &lender.address }</p>
                }
                <p class="pq-offer-name">{ p.offer.display_name() }</p>
            </section>
            <fieldset class="pq-group pq-consents">
                <legend>{ ui(UiText::ConsentsLegend) }</legend>
                <p class="pq-hint">{ ui(UiText::ConsentsNote) }</p>
                // `accept` (app.rs) leaves out an offer without all three texts.
                { for ConsentKind::ALL.iter().enumerate().filter_map(|(i, kind)| {
                    let kind = *kind;
                    let id = consent_id(&p.prefix, kind);
                    let consent_text = p.offer.consent_texts.get(kind)?;
                    let ticked = p.ticked[i];
                    let error =
                        (p.show_errors && !ticked).then(|| text::message(consent_code(kind), locale));
                    let onchange = {
                        let on_consent = p.on_consent.clone();
                        Callback::from(move |e: Event| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            on_consent.emit((kind, input.checked()));
                        })
                    };
                    let describedby = format!("{id}-text {id}-version {id}-msg");
                    Some(html! {
                        <div class="pq-field pq-consent" data-tone={error.is_some().then_some("error")}>
                            <div class="pq-check">
                                <input type="checkbox" id={id.clone()} name={consent_field(kind)}
                                    checked={ticked} disabled={busy}
                                    aria-invalid={if error.is_some() { "true" } else { "false" }}
                                    aria-describedby={describedby} {onchange} />
                                <label for={id.clone()}>
                                    { text::field_label(consent_field(kind), locale).unwrap_or_default() }
                                </label>
                            </div>
                            <p id={join(&id, "-text")} class="pq-consent-text">
                                { &consent_text.text }
                            </p>
                            <p id={join(&id, "-version")} class="pq-consent-version">
                                { text::fill(ui(UiText::ConsentVersion), &[&consent_text.version]) }
                            </p>
                            <p id={join(&id, "-msg")} class="pq-message">{ error.unwrap_or_default() }</p>
                        </div>
                    })
                }) }
            </fieldset>
            { status }
        </>
    }
}
