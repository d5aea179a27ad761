//! The explained estimate: the likelihood band and every factor with its effect, its
//! message and what to do — all from the rules engine's `Estimate` — and its note that this
//! is an estimate, not the lender's decision.

use prequal_rules::application::Locale;
use prequal_rules::estimate::{Estimate, NEGATIVE_BELOW};
use prequal_rules::text::{self, UiText};
use yew::prelude::*;

use super::join;

/// The estimate `e`, its element id `id`.
pub fn estimate_view(e: &Estimate, locale: Locale, id: &str) -> Html {
    let ui = |key| text::ui(key, locale);
    let title_id = join(id, "-title");

    html! {
        <section class="pq-estimate" id={id.to_owned()} aria-labelledby={title_id.clone()}>
            <h4 id={title_id} class="pq-section-title">{ ui(UiText::EstimateTitle) }</h4>
            <p class="pq-likelihood" data-band={serde_band(e)}>{ e.band.label(locale) }</p>
            <p class="pq-factors-title">{ ui(UiText::FactorsTitle) }</p>
            <ul class="pq-factors">
                { for e.factors.iter().map(|f| {
                    let good = f.score >= NEGATIVE_BELOW;
                    let name_id = format!("{id}-{}", f.factor);
                    let percent = (f.score * 100.0).round().clamp(0.0, 100.0) as u32;
                    let effect = ui(if good { UiText::FactorHelps } else { UiText::FactorHurts });
                    html! {
                        <li class="pq-factor" data-effect={if good { "good" } else { "bad" }}>
                            <div class="pq-factor-head">
                                <span class="pq-factor-name" id={name_id.clone()}>
                                    { text::factor_label(f.factor, locale).unwrap_or(f.factor) }
                                </span>
                                <span class="pq-factor-effect">
                                    { effect }{ " · " }
                                    { text::fill(ui(UiText::FactorScore), &[&percent.to_string()]) }
                                </span>
                            </div>
                            <meter class="pq-meter" min="0" max="100" low="70" optimum="100"
                                value={percent.to_string()} aria-labelledby={name_id} />
                            if let Some(message) = f.message {
                                <p class="pq-factor-message">{ message }</p>
                            }
                            if let Some(advice) = f.advice {
                                <p class="pq-advice">
                                    <span class="pq-advice-label">{ ui(UiText::WhatToDo) }{ ": " }</span>
                                    { advice }
                                </p>
                            }
                        </li>
                    }
                }) }
            </ul>
            <p class="pq-estimate-note">{ e.note }</p>
        </section>
    }
}

fn serde_band(e: &Estimate) -> &'static str {
    use prequal_rules::estimate::LikelihoodBand;
    match e.band {
        LikelihoodBand::High => "high",
        LikelihoodBand::Medium => "medium",
        LikelihoodBand::Low => "low",
    }
}
