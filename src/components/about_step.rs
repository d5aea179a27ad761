//! Step 2: about you — name, birth date, mobile phone, e-mail, region, the passport, and the
//! optional INN and SNILS.

use prequal_rules::text;
use yew::prelude::*;

use super::FormView;
use crate::form;

// Never inlined into `App`'s view: V8 compiles a function on its first call, so what the
// first screen does not draw stays out of the startup work (BENCHMARKS.md "Widget").
#[inline(never)]
pub fn about_step(f: &FormView) -> Html {
    let field = |path: &str| form::index(path).map(|i| f.field(i)).unwrap_or_default();
    let legend = |path: &str| text::field_label(path, f.locale).unwrap_or(path).to_owned();
    html! {
        <>
            <div class="pq-grid">
                { field("applicant.last_name") }
                { field("applicant.first_name") }
                { field("applicant.patronymic") }
                { field("applicant.birth_date") }
                { field("applicant.phone") }
                { field("applicant.email") }
                { field("applicant.region") }
            </div>
            <fieldset class="pq-group">
                <legend>{ legend("applicant.passport") }</legend>
                <div class="pq-grid">
                    { field("applicant.passport.series") }
                    { field("applicant.passport.number") }
                    { field("applicant.passport.issue_date") }
                    { field("applicant.passport.issuer_code") }
                </div>
            </fieldset>
            <div class="pq-grid">
                { field("applicant.inn") }
                { field("applicant.snils") }
            </div>
        </>
    }
}
