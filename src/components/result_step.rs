//! Step 4: the result. Either the offers the applicant fits, each with its cost, to choose
//! from; or why not, each reason with what to do and a way back to the field. Then the
//! debt-load gauge and the estimate's factors. Everything shown is the rules engine's
//! verdict, computed in the browser: nothing has been sent anywhere.

use std::rc::Rc;

use prequal_rules::application::Locale;
use prequal_rules::code::Code;
use prequal_rules::config::Config;
use prequal_rules::text::{self, UiText};
use prequal_rules::verdict::{Problem, Severity, Verdict};
use web_sys::MouseEvent;
use yew::prelude::*;

use super::debt_gauge::debt_gauge;
use super::estimate_view::estimate_view;
use super::join;
use super::offer_cost::{is_out_of_range, offer_condition, offer_cost, offer_terms};
use crate::form::{self, Step};

pub struct ResultStepProps {
    pub prefix: AttrValue,
    pub locale: Locale,
    pub config: Rc<Config>,
    pub verdict: Rc<Verdict>,
    /// The offer chosen (or the first that fits).
    pub chosen: Option<String>,
    pub on_choose: Callback<String>,
    pub on_fix: Callback<(Step, Option<usize>)>,
}

fn is_consent(code: Code) -> bool {
    matches!(
        code,
        Code::ConsentPersonalData | Code::ConsentCreditBureau | Code::ConsentTransfer
    )
}

// Never inlined into `App`'s view: V8 compiles a function on its first call, so what the
// first screen does not draw stays out of the startup work (BENCHMARKS.md "Widget").
#[inline(never)]
pub fn result_step(p: &ResultStepProps) -> Html {
    let locale = p.locale;
    let ui = |key| text::ui(key, locale);
    let v = &p.verdict;
    let qualified = v.qualified_but_for_consent();
    let id = |name: &str| format!("{}{name}", p.prefix);

    // A reason, with what the offer asks for where the reason is one offer's.
    let reason = |problem: &Problem, condition: Option<String>| {
        let target = Step::of_field(problem.field).filter(|s| *s != Step::Consent);
        let fix = target.map(|step| {
            let field = form::index(problem.field);
            let on_fix = p.on_fix.clone();
            let label = text::field_label(problem.field, locale).unwrap_or(problem.field);
            let onclick = Callback::from(move |_: MouseEvent| on_fix.emit((step, field)));
            html! {
                <button type="button" class="pq-link" {onclick}>
                    { ui(UiText::FixField) }
                    <span class="pq-sr-only">{ ": " }{ label }</span>
                </button>
            }
        });
        html! {
            <li class="pq-reason">
                <p class="pq-reason-message">{ problem.message }</p>
                if let Some(condition) = condition {
                    <p class="pq-offer-range">{ condition }</p>
                }
                if let Some(advice) = problem.advice {
                    <p class="pq-advice">
                        <span class="pq-advice-label">{ ui(UiText::WhatToDo) }{ ": " }</span>
                        { advice }
                    </p>
                }
                { fix.unwrap_or_default() }
            </li>
        }
    };

    let blockers: Vec<&Problem> = v
        .problems
        .iter()
        .filter(|x| x.severity == Severity::Blocker && !is_consent(x.code))
        .filter(|x| x.code != Code::OfferNoneFits)
        .collect();
    let none_fits: Vec<&Problem> = v
        .problems
        .iter()
        .filter(|x| x.code == Code::OfferNoneFits)
        .collect();
    let warnings: Vec<&Problem> = v
        .problems
        .iter()
        .filter(|x| x.severity == Severity::Warning)
        .collect();

    let fitting = p
        .config
        .offers
        .iter()
        .zip(&v.offers)
        .filter(|(_, r)| r.fits)
        .filter_map(|(offer, r)| Some((offer, r.quote.as_ref()?)));

    // The debt load with the chosen offer's payment; the verdict's headline otherwise.
    let chosen = p.chosen.as_deref();
    let pdn = v
        .offers
        .iter()
        .find(|r| Some(r.id.as_str()) == chosen)
        .and_then(|r| r.pdn)
        .or(v.pdn);

    let choices = html! {
        <fieldset class="pq-group pq-choices">
            <legend>{ ui(UiText::ChooseOffer) }</legend>
            { for fitting.map(|(offer, quote)| {
                let radio_id = id(&format!("offer-{}", sanitize(&offer.id)));
                let cost_id = join(&radio_id, "-cost");
                let checked = p.chosen.as_deref() == Some(offer.id.as_str());
                let onchange = {
                    let (on_choose, offer_id) = (p.on_choose.clone(), offer.id.clone());
                    Callback::from(move |_: Event| on_choose.emit(offer_id.clone()))
                };
                html! {
                    <div class="pq-choice" data-checked={checked.then_some("true")}>
                        <div class="pq-choice-head">
                            <input type="radio" name="offer_id" id={radio_id.clone()}
                                value={offer.id.clone()} {checked} {onchange}
                                aria-describedby={cost_id.clone()} />
                            <label for={radio_id}>
                                { offer.display_name() }
                                <span class="pq-offer-lender">{ &offer.lender.name }</span>
                            </label>
                        </div>
                        { offer_cost(offer, quote, locale, Some(cost_id), false) }
                    </div>
                }
            }) }
        </fieldset>
    };

    let offer_reasons = p
        .config
        .offers
        .iter()
        .zip(&v.offers)
        .filter(|(_, r)| !r.fits && !r.problems.is_empty());
    let reasons_id = id("reasons-title");
    let warnings_id = id("warnings-title");
    let gauge_title = id("gauge-title");
    html! {
        <>
            <div class="pq-verdict" data-verdict={if qualified { "ok" } else { "no" }}>
                <p class="pq-verdict-title">
                    { ui(if qualified { UiText::ResultQualified } else { UiText::ResultNotQualified }) }
                </p>
            </div>
            if qualified {
                { choices }
            } else {
                <section class="pq-reasons" aria-labelledby={reasons_id.clone()}>
                    <h4 id={reasons_id} class="pq-section-title">{ ui(UiText::Reasons) }</h4>
                    <ul class="pq-reason-list">
                        { for blockers.iter().map(|x| reason(x, None)) }
                        { for offer_reasons.map(|(offer, r)| html! {
                            <li class="pq-offer-reasons">
                                <p class="pq-offer-name">
                                    { text::fill(ui(UiText::OfferDoesNotFit), &[offer.display_name()]) }
                                </p>
                                // "Choose a term within this offer" says little without the offer's terms.
                                if r.problems.iter().any(|x| is_out_of_range(x.code)) {
                                    <p class="pq-offer-range">{ offer_terms(offer, locale) }</p>
                                }
                                <ul class="pq-reason-list">{ for r.problems.iter().map(|x| {
                                    let youngest = p.config.policy.min_age;
                                    reason(x, offer_condition(offer, x.code, youngest, locale))
                                }) }</ul>
                            </li>
                        }) }
                        { for none_fits.iter().map(|x| reason(x, None)) }
                    </ul>
                </section>
            }
            if !warnings.is_empty() {
                <section class="pq-warnings" aria-labelledby={warnings_id.clone()}>
                    <h4 id={warnings_id} class="pq-section-title">{ ui(UiText::NoteWarnings) }</h4>
                    <ul class="pq-reason-list">{ for warnings.iter().map(|x| reason(x, None)) }</ul>
                </section>
            }
            <section class="pq-debt" aria-labelledby={gauge_title.clone()}>
                <h4 id={gauge_title} class="pq-section-title">{ ui(UiText::DebtLoadTitle) }</h4>
                if let Some(pdn) = pdn {
                    { debt_gauge(&pdn, locale, &id("gauge")) }
                } else {
                    <p>{ ui(UiText::DebtLoadUnknown) }</p>
                }
            </section>
            { estimate_view(&v.estimate, locale, &id("estimate")) }
        </>
    }
}

/// An offer id made safe for an element id.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
