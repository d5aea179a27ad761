//! Step 1: the amount and the term, each a slider with a typed twin, limited to what the
//! partner's offers cover together; and below, live, what the loan costs with each offer
//! that lends this amount for this term.

use std::rc::Rc;

use prequal_rules::config::Config;
use prequal_rules::text::{self, UiText};
use prequal_rules::verdict::Verdict;
use web_sys::{HtmlInputElement, InputEvent, KeyboardEvent};
use yew::prelude::*;

use super::join;
use super::offer_cost::{is_out_of_range, offer_cost, offer_terms};
use super::FormView;
use crate::display::{self, rub};
use crate::form::{self, NumberError, Ranges, AMOUNT, TERM};
use crate::state::FieldInput;

pub struct LoanStepProps {
    pub form: FormView,
    pub config: Rc<Config>,
    pub verdict: Rc<Verdict>,
    pub ranges: Ranges,
}

/// A slider step that gives at most about 200 stops over the range.
fn amount_step_rub(lo_kop: u64, hi_kop: u64) -> u64 {
    let span = hi_kop.saturating_sub(lo_kop) / 100;
    [100, 500, 1_000, 5_000, 10_000]
        .into_iter()
        .find(|step| span / step <= 200)
        .unwrap_or(10_000)
}

pub fn loan_step(p: &LoanStepProps) -> Html {
    let f = &p.form;
    let locale = f.locale;
    let ui = |key| text::ui(key, locale);
    let (amount_lo, amount_hi) = p.ranges.amount_kop;
    let (term_lo, term_hi) = p.ranges.term_days;

    // The sliders show what was typed, within their range: too many digits is the far end.
    let amount = match form::parse_rubles(&f.values[AMOUNT]) {
        Ok(Some(kop)) => kop,
        Err(NumberError::TooLarge) => amount_hi,
        _ => amount_lo,
    }
    .clamp(amount_lo, amount_hi);
    let term = match form::parse_count(&f.values[TERM]) {
        Ok(Some(days)) => days,
        Err(NumberError::TooLarge) => term_hi,
        _ => term_lo,
    }
    .clamp(term_lo, term_hi);

    let slide = |index: usize, to_value: Box<dyn Fn(u64) -> u64>, show: fn(u64) -> String| {
        let on_input = f.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<u64>() {
                let value = to_value(v);
                if value != v {
                    input.set_value(&value.to_string());
                }
                on_input.emit(FieldInput {
                    index,
                    value: show(value),
                    bad_input: false,
                    live: true,
                });
            }
        })
    };
    // The amount slider's stops are whole rubles from the minimum's: a minimum with kopecks
    // (1 000,50 ₽) has its first stop below it, so that one gives the first whole ruble above
    // (`min` itself stays the stops' base, or the rest would miss the maximum).
    let lowest_rub = move |rub: u64| rub + u64::from(rub * 100 < amount_lo);
    // The term slider's stops are the terms that some offer lending this amount lends for:
    // dragged, it lands on the nearest; its arrow keys go to the next one, Home and End to the
    // first and the last (the browser's own step of one day would mostly land between them).
    let term_nearest = {
        let config = p.config.clone();
        Box::new(move |to: u64| u64::from(form::term_nearest(&config, amount, to as u32)))
    };
    let term_keys = {
        let (on_input, config) = (f.on_input.clone(), p.config.clone());
        Callback::from(move |e: KeyboardEvent| {
            let (from, up) = match e.key().as_str() {
                "ArrowRight" | "ArrowUp" => (term, true),
                "ArrowLeft" | "ArrowDown" => (term, false),
                "Home" => (0, true),
                "End" => (u32::MAX, false),
                _ => return,
            };
            e.prevent_default();
            on_input.emit(FieldInput {
                index: TERM,
                value: form::term_step(&config, amount, from, up).to_string(),
                bad_input: false,
                live: true,
            });
        })
    };
    // A range of one value (a single fixed-amount offer) is said as that value.
    let amount_hint = text::fill(
        ui(if amount_lo == amount_hi {
            UiText::AmountOnly
        } else {
            UiText::AmountRange
        }),
        &[&rub(amount_lo, locale), &rub(amount_hi, locale)],
    );
    let term_hint = text::fill(
        ui(if term_lo == term_hi {
            UiText::TermOnly
        } else {
            UiText::TermRange
        }),
        &[&term_lo.to_string(), &term_hi.to_string()],
    );

    // The offers that lend this amount for this term, with their quotes.
    let priced: Vec<Html> = p
        .config
        .offers
        .iter()
        .zip(&p.verdict.offers)
        .filter(|(_, r)| !r.problems.iter().any(|x| is_out_of_range(x.code)))
        .filter_map(|(offer, r)| Some(offer_cost(offer, r.quote.as_ref()?, locale, None, true)))
        .collect();
    let cost_title = f.part("cost-title");
    html! {
        <>
            <div class="pq-loan">
                { f.field_with_hint(AMOUNT, Some(AttrValue::from(amount_hint))) }
                <input type="range" class="pq-slider" id={join(&f.id(AMOUNT), "-range")}
                    min={(amount_lo / 100).to_string()} max={(amount_hi / 100).to_string()}
                    step={amount_step_rub(amount_lo, amount_hi).to_string()}
                    value={(amount / 100).to_string()}
                    aria-labelledby={join(&f.id(AMOUNT), "-label")}
                    aria-valuetext={rub(amount, locale)}
                    oninput={slide(AMOUNT, Box::new(lowest_rub), |rub| display::rubles_input(rub * 100))} />
                { f.field_with_hint(TERM, Some(AttrValue::from(term_hint))) }
                <input type="range" class="pq-slider" id={join(&f.id(TERM), "-range")}
                    min={term_lo.to_string()} max={term_hi.to_string()} step="1"
                    value={term.to_string()}
                    aria-labelledby={join(&f.id(TERM), "-label")}
                    aria-valuetext={text::fill(ui(UiText::Days), &[&term.to_string()])}
                    oninput={slide(TERM, term_nearest, |days| days.to_string())}
                    onkeydown={term_keys} />
            </div>
            <section class="pq-cost" aria-labelledby={cost_title.clone()}>
                <h4 id={cost_title} class="pq-section-title">{ ui(UiText::CostTitle) }</h4>
                if priced.is_empty() {
                    <p class="pq-cost-none">{ ui(UiText::CostNone) }</p>
                    <ul class="pq-offer-terms">
                        { for p.config.offers.iter().map(|o| html! { <li>{ offer_terms(o, locale) }</li> }) }
                    </ul>
                } else {
                    <div class="pq-offers">{ for priced }</div>
                }
            </section>
        </>
    }
}
