//! What one offer's loan costs: the ПСК in percent and in rubles first, then the rate, the
//! payments, the total and the overpayment, all from the rules engine's quote.

use prequal_rules::application::Locale;
use prequal_rules::code::Code;
use prequal_rules::config::Offer;
use prequal_rules::loan::{Quote, ScheduleKind};
use prequal_rules::text::{self, UiText};
use yew::prelude::*;

use crate::display::{self, rub};

/// Whether `code` says that an offer does not lend this amount or for this term.
pub fn is_out_of_range(code: Code) -> bool {
    matches!(
        code,
        Code::LoanAmountOutOfRange | Code::LoanTermOutOfRange | Code::LoanTermNotMultiple
    )
}

/// What `offer` asks for that a refusal with `code` did not meet (`Условие кредитора: возраст
/// от 21 до 70`), so the applicant knows how far off they are; `youngest` is the partner's
/// minimum age, for an offer that sets only an oldest.
pub fn offer_condition(offer: &Offer, code: Code, youngest: u32, locale: Locale) -> Option<String> {
    let (key, first, second) = match code {
        Code::AgeOutOfOfferRange => match (offer.age_min, offer.age_max) {
            (min, Some(max)) => (UiText::OfferAges, min.unwrap_or(0).max(youngest), max),
            (min, None) => (UiText::OfferAgeFrom, min?.max(youngest), 0),
        },
        Code::OfferTenureTooShort => (UiText::OfferTenure, offer.min_tenure_months?, 0),
        Code::PdnAboveLimit => {
            let max = display::rate(offer.max_pdn_pct?, locale);
            return Some(text::fill(text::ui(UiText::OfferPdn, locale), &[&max]));
        }
        _ => return None,
    };
    let text = text::ui(key, locale);
    Some(text::fill(text, &[&first.to_string(), &second.to_string()]))
}

/// What `offer` lends: `Заём до зарплаты: от 1 000 ₽ до 30 000 ₽, от 5 до 30 дней`
/// (`, кратно 14` for instalments).
pub fn offer_terms(offer: &Offer, locale: Locale) -> String {
    let ui = |key| text::ui(key, locale);
    let terms = text::fill(
        ui(UiText::OfferTerms),
        &[
            offer.display_name(),
            &rub(offer.amount_min_kop, locale),
            &rub(offer.amount_max_kop, locale),
            &offer.term_min_days.to_string(),
            &offer.term_max_days.to_string(),
        ],
    );
    match offer.schedule {
        ScheduleKind::Annuity { period_days } => text::fill(
            ui(UiText::OfferTermsEvery),
            &[&terms, &period_days.to_string()],
        ),
        ScheduleKind::Single => terms,
    }
}

/// The cost of `offer` as `q` quotes it; `id` for its element, and `named` to show the offer's
/// and the lender's names (off where a label already says them).
pub fn offer_cost(
    offer: &Offer,
    q: &Quote,
    locale: Locale,
    id: Option<String>,
    named: bool,
) -> Html {
    let ui = |key| text::ui(key, locale);
    let psk = text::fill(
        ui(UiText::PerYear),
        &[&display::number(q.psk_pct, 3, locale)],
    );
    let (repay, payments) = match (offer.schedule, q.schedule.first(), q.schedule.last()) {
        (ScheduleKind::Annuity { period_days }, Some(first), Some(last)) => {
            let count = q.schedule.len().to_string();
            let period = period_days.to_string();
            // Rounded to the kopeck, the last payment repays the principal exactly; when the
            // interest cap cut the later ones, they differ, and `pq-cap` says why below.
            let rest = &q.schedule[..q.schedule.len() - 1];
            let payments = if rest.iter().all(|p| p.payment_kop == first.payment_kop) {
                let each = text::fill(
                    ui(UiText::AnnuityPayments),
                    &[&count, &rub(first.payment_kop, locale), &period],
                );
                if last.payment_kop == first.payment_kop {
                    each
                } else {
                    text::fill(
                        ui(UiText::AnnuityLast),
                        &[&each, &rub(last.payment_kop, locale)],
                    )
                }
            } else {
                let kop = q.schedule.iter().map(|p| p.payment_kop);
                text::fill(
                    ui(UiText::AnnuityRange),
                    &[
                        &count,
                        &rub(kop.clone().min().unwrap_or(0), locale),
                        &rub(kop.max().unwrap_or(0), locale),
                        &period,
                    ],
                )
            };
            (ui(UiText::RepayAnnuity), payments)
        }
        (_, _, Some(last)) => (
            ui(UiText::RepaySingle),
            text::fill(
                ui(UiText::SinglePayment),
                &[&rub(last.payment_kop, locale), &last.day.to_string()],
            ),
        ),
        _ => (ui(UiText::RepaySingle), String::new()),
    };
    let capped = q.limit(Code::CapOverpayment).filter(|l| l.applied);
    // Interest rounded up to the kopeck can take a 0.8 %-a-day loan just past 292 %
    // (1 001 ₽ for 7 days: 292.021 %); the result step refuses it (`cap.psk`), so the loan
    // step says so before anything is typed.
    let over_psk = q.limit(Code::CapPsk).is_some_and(|l| l.value > l.limit);
    html! {
        <div class="pq-offer" {id}>
            if named {
                <p class="pq-offer-name">{ offer.display_name() }</p>
                <p class="pq-offer-lender">{ &offer.lender.name }</p>
            }
            <p class="pq-psk">
                <span class="pq-psk-label">{ ui(UiText::Psk) }</span>
                <strong class="pq-psk-value">{ psk }</strong>
                <span class="pq-psk-rub">
                    { ui(UiText::PskRub) }{ ": " }<strong>{ rub(q.psk_kop, locale) }</strong>
                </span>
            </p>
            <dl class="pq-terms">
                <div><dt>{ ui(UiText::DailyRate) }</dt>
                    <dd>{ text::fill(ui(UiText::PerDay), &[&display::rate(offer.daily_rate_pct, locale)]) }</dd></div>
                <div><dt>{ repay }</dt><dd>{ payments }</dd></div>
                <div><dt>{ ui(UiText::TotalToRepay) }</dt><dd>{ rub(q.total_kop, locale) }</dd></div>
                <div><dt>{ ui(UiText::Overpayment) }</dt><dd>{ rub(q.overpayment_kop, locale) }</dd></div>
            </dl>
            if let Some(cap) = capped {
                <p class="pq-cap">{ text::fill(text::message(Code::CapOverpayment, locale), &[&display::rate(cap.limit, locale)]) }</p>
            }
            if over_psk {
                <p class="pq-cap">{ text::message(Code::CapPsk, locale) }</p>
            }
        </div>
    }
}
