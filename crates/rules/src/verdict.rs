//! The verdict: what `check` returns for one application (contract.md, "Verdict").

use crate::code::Code;
use crate::date::Date;
use crate::estimate::Estimate;
use crate::loan::Quote;
use crate::pdn::Pdn;
use serde::Serialize;

/// The rules engine's version, stored with every application the server accepts.
pub const RULES_VERSION: &str = concat!("prequal-rules/", env!("CARGO_PKG_VERSION"));

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The application cannot qualify while this stands.
    Blocker,
    /// Worth knowing; never blocks.
    Warning,
}

/// One thing wrong with the application, at one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub code: Code,
    /// The JSON path of the field in the application (`applicant.inn`).
    pub field: &'static str,
    pub severity: Severity,
    pub message: &'static str,
    /// What the applicant can do about it (extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<&'static str>,
}

/// How one offer fits the application.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OfferResult {
    pub id: String,
    pub fits: bool,
    /// Why it does not fit; empty when it does.
    pub problems: Vec<Problem>,
    /// The loan's cost under this offer, when the amount and term allow a quote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
    /// The debt load with this offer's payment (extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdn: Option<Pdn>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub application_id: Option<String>,
    pub qualified: bool,
    pub problems: Vec<Problem>,
    /// The debt load with the chosen (or first fitting) offer's payment; `null` without income.
    pub pdn: Option<Pdn>,
    pub offers: Vec<OfferResult>,
    pub estimate: Estimate,
    /// The date the rules were applied for (extension): `applied_at` in Moscow, or `--today`.
    pub application_date: Date,
    pub rules_version: &'static str,
    pub config_version: String,
}

impl Verdict {
    /// Every reason code of the verdict, top-level first, without repeats.
    pub fn codes(&self) -> Vec<Code> {
        let mut codes: Vec<Code> = Vec::new();
        let all = self
            .problems
            .iter()
            .chain(self.offers.iter().flat_map(|o| &o.problems));
        for p in all {
            if !codes.contains(&p.code) {
                codes.push(p.code);
            }
        }
        codes
    }

    /// True when nothing but the consents stands between the application and a qualified
    /// verdict: what the widget needs to know before it asks for the consents.
    pub fn qualified_but_for_consent(&self) -> bool {
        let consent = [
            Code::ConsentPersonalData,
            Code::ConsentCreditBureau,
            Code::ConsentTransfer,
        ];
        self.offers.iter().any(|o| o.fits)
            && self
                .problems
                .iter()
                .all(|p| p.severity == Severity::Warning || consent.contains(&p.code))
    }
}
