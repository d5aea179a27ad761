//! The debt-load gauge: an SVG scale from 0 to 100 % of income with the contract's bands
//! (fine ≤ 40 < review ≤ 50 < warn) and a marker at the applicant's ПДН. The numbers and the
//! band are the rules engine's (`pdn::Pdn`); this only draws them. Colours come from the
//! stylesheet (classes), so a theme can change them; the text says everything the colours
//! say.

use prequal_rules::application::Locale;
use prequal_rules::pdn::{Band, Pdn};
use prequal_rules::text::{self, UiText};
use yew::prelude::*;

use super::join;
use crate::display;

const LEFT: f64 = 12.0;
const WIDTH: f64 = 296.0;

/// The x coordinate of `pct` on the scale (values above 100 % sit at its end).
fn x(pct: f64) -> f64 {
    let pct = if pct.is_finite() { pct } else { 100.0 };
    LEFT + WIDTH * pct.clamp(0.0, 100.0) / 100.0
}

fn band_label(band: Band) -> UiText {
    match band {
        Band::Fine => UiText::BandFine,
        Band::Review => UiText::BandReview,
        Band::Warn => UiText::BandWarn,
    }
}

/// The gauge for `pdn`, its element id `id`.
pub fn debt_gauge(pdn: &Pdn, locale: Locale, id: &str) -> Html {
    let ui = |key| text::ui(key, locale);
    let pct = display::number(pdn.pct, 2, locale);
    let title_id = join(id, "-label");
    let label = text::fill(ui(UiText::GaugeLabel), &[&pct, ui(band_label(pdn.band))]);
    let marker = x(pdn.pct);
    let value_x = marker.clamp(LEFT + 24.0, LEFT + WIDTH - 24.0);
    let bands = [
        (Band::Fine, 0.0, 40.0, "fine"),
        (Band::Review, 40.0, 50.0, "review"),
        (Band::Warn, 50.0, 100.0, "warn"),
    ];
    // Whole units of the 320-wide view box: no float printing in the bundle.
    let n = |v: f64| (v.round() as i64).to_string();
    html! {
        <div class="pq-gauge" id={id.to_owned()}>
            <p class="pq-gauge-value">
                { text::fill(ui(UiText::DebtLoadValue), &[&pct]) }
            </p>
            <svg class="pq-gauge-svg" viewBox="0 0 320 76" role="img"
                aria-labelledby={title_id.clone()} focusable="false">
                <title id={title_id}>{ label }</title>
                { for bands.iter().map(|(band, from, to, name)| html! {
                    <rect class="pq-gauge-band" data-band={*name}
                        data-active={(*band == pdn.band).then_some("true")}
                        x={n(x(*from))} y="30" width={n(x(*to) - x(*from))} height="18" />
                }) }
                <line class="pq-gauge-marker" x1={n(marker)} x2={n(marker)} y1="24" y2="54" />
                <polygon class="pq-gauge-marker-head"
                    points={format!("{},24 {},16 {},16", n(marker), n(marker - 6.0), n(marker + 6.0))} />
                <text class="pq-gauge-number" x={n(value_x)} y="12" text-anchor="middle">
                    { text::fill(ui(UiText::Percent), &[&pct]) }
                </text>
                { for [0u8, 40, 50, 100].iter().map(|t| html! {
                    <text class="pq-gauge-tick" x={n(x(f64::from(*t)))} y="70"
                        text-anchor={match t { 0 => "start", 100 => "end", _ => "middle" }}>
                        { t }
                    </text>
                }) }
            </svg>
            <ul class="pq-gauge-legend">
                { for bands.iter().map(|(band, _, _, name)| html! {
                    <li data-band={*name} data-active={(*band == pdn.band).then_some("true")}>
                        <span class="pq-swatch" aria-hidden="true"></span>{ ui(band_label(*band)) }
                    </li>
                }) }
            </ul>
        </div>
    }
}
