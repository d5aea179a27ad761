//! Step 3: income and obligations — employment and tenure, confirmed and unconfirmed income,
//! current payments and loans, the overdue questions, arrears, and whether there is someone
//! to call in an emergency (yes or no only).

use prequal_rules::text;
use yew::prelude::*;

use super::FormView;
use crate::form;

// Never inlined into `App`'s view: V8 compiles a function on its first call, so what the
// first screen does not draw stays out of the startup work (BENCHMARKS.md "Widget").
#[inline(never)]
pub fn income_step(f: &FormView) -> Html {
    let field = |path: &str| form::index(path).map(|i| f.field(i)).unwrap_or_default();
    let legend = |path: &str| text::field_label(path, f.locale).unwrap_or(path).to_owned();
    html! {
        <>
            <fieldset class="pq-group">
                <legend>{ legend("income") }</legend>
                <div class="pq-grid">
                    { field("income.employment") }
                    { field("income.tenure_months") }
                    { field("income.confirmed_kop") }
                    { field("income.unconfirmed_kop") }
                </div>
            </fieldset>
            <fieldset class="pq-group">
                <legend>{ legend("obligations") }</legend>
                <div class="pq-grid">
                    { field("obligations.monthly_payments_kop") }
                    { field("obligations.active_loans") }
                    { field("obligations.overdue_now_days") }
                    { field("obligations.overdue_12m_max_days") }
                </div>
                { field("obligations.utility_arrears") }
            </fieldset>
            { field("applicant.has_emergency_contact") }
        </>
    }
}
