//! The explained approval-likelihood estimate (contract.md, "Verdict", `estimate`).
//!
//! **Advice, not qualification.** The estimate never changes `qualified`, and it is never the
//! lender's decision: lenders score with the credit bureau's data and their own models. Its
//! `note` says so in the applicant's language.
//!
//! # Factors
//!
//! The contract's scorecard weights, each factor scored 0..=1 from what an applicant can
//! answer in a form:
//!
//! | factor | weight | from |
//! |---|---|---|
//! | `credit_history` | 25 | overdue now, longest overdue in 12 months, number of active loans |
//! | `debt_load` | 20 | the ПДН band and percentage (no ПДН: 0, `income.missing`) |
//! | `age_tenure` | 15 | age on the application date (40 %), employment type × job tenure (60 %) |
//! | `digital_footprint` | 10 | **left out**: a browser cannot know it |
//! | `technical` | 10 | Moscow hour of `applied_at`: 9–21 best, 7–9 and 21–23 middling, night worst |
//! | `payment_discipline` | 8 | utility or phone arrears |
//! | `social` | 7 | whether there is someone to call in an emergency (yes/no only) |
//! | `other` | 5 | the confirmed share of the income |
//!
//! Left-out factors are listed in `left_out` and the rest renormalised over their own weights
//! (90): a factor's `contribution` = weight × score / 90, rounded to hundredths so that the
//! contributions add up exactly to `score` (largest-remainder rounding).
//!
//! A factor scoring below 0.7 carries the reason code that cost it most, with the message and
//! advice from [`crate::text`]. An unanswered question is scored cautiously (about half, or
//! as "no" where "no" is the cautious answer), its field listed in `unanswered`, and the factor
//! carries its `<field>.missing` code with advice to answer it.
//!
//! # Bands
//!
//! - `high`: score ≥ 0.80 and no serious signal;
//! - `medium`: score ≥ 0.60, at most one serious signal;
//! - `low`: otherwise (score < 0.60, or two or more serious signals), and always when the
//!   application does not qualify but for the consents (a blocker, or no offer fits): as it
//!   stands no lender here would approve it, whatever the factors say. `check` applies this
//!   cap, as only it knows the verdict; [`estimate`] alone scores the factors.
//!
//! Serious signals are the answers lenders treat as near knock-outs rather than as one term
//! of a sum: a current overdue (`credit.overdue_now`), payments above half the income
//! (`pdn.warn`), no income (`income.missing`) and age under the minimum (`age.under_min`).
//! Why these numbers: an applicant with a clean history, a `fine` ПДН and a steady job scores
//! above 0.9, and small blemishes (an evening application, three loans, no emergency contact)
//! keep them above 0.8. A sum alone would still call an applicant with a `warn` ПДН "high" (a
//! `warn` factor loses at most 20 of 90 points), which would not be honest: hence the cap. With
//! two serious signals the sum is already at or below about 0.6 and the band is `low` by
//! either rule. The contract's example (ПДН 54.8 %, nothing else wrong bar an unanswered
//! emergency-contact question) comes out `medium`.
//!
//! Never panics: every input is optional, numbers are clamped, a non-finite ПДН counts as the
//! worst.

use serde::Serialize;

use crate::application::{Application, Employment, Locale};
use crate::code::Code;
use crate::date::{moscow_date_of, moscow_hour_of, Date};
use crate::pdn::{Band, Pdn};
use crate::sort::insertion_sort_by;
use crate::text::{self, Phrase};

/// The contract's factor weights, in the contract's order.
pub const WEIGHTS: [(&str, u32); 8] = [
    ("credit_history", 25),
    ("debt_load", 20),
    ("age_tenure", 15),
    ("digital_footprint", 10),
    ("technical", 10),
    ("payment_discipline", 8),
    ("social", 7),
    ("other", 5),
];

/// Factors a browser form cannot know; left out and the rest renormalised.
pub const LEFT_OUT: [&str; 1] = ["digital_footprint"];

/// Lowest score of the `high` band.
pub const HIGH_FROM: f64 = 0.80;
/// Lowest score of the `medium` band.
pub const MEDIUM_FROM: f64 = 0.60;
/// A factor scoring below this carries a reason code.
pub const NEGATIVE_BELOW: f64 = 0.70;

/// Codes that cap the band (see the module documentation).
const SERIOUS: [Code; 4] = [
    Code::CreditOverdueNow,
    Code::PdnWarn,
    Code::IncomeMissing,
    Code::AgeUnderMin,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LikelihoodBand {
    High,
    Medium,
    Low,
}

impl LikelihoodBand {
    /// "Высокая вероятность одобрения" / "High likelihood of approval".
    pub fn label(self, locale: Locale) -> &'static str {
        let phrase = match self {
            LikelihoodBand::High => Phrase::LikelihoodHigh,
            LikelihoodBand::Medium => Phrase::LikelihoodMedium,
            LikelihoodBand::Low => Phrase::LikelihoodLow,
        };
        text::phrase(phrase, locale)
    }

    fn rank(self) -> u8 {
        match self {
            LikelihoodBand::High => 2,
            LikelihoodBand::Medium => 1,
            LikelihoodBand::Low => 0,
        }
    }

    fn at_most(self, cap: LikelihoodBand) -> LikelihoodBand {
        if self.rank() > cap.rank() {
            cap
        } else {
            self
        }
    }
}

/// One scorecard factor and why it scored as it did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Factor {
    pub factor: &'static str,
    /// The contract's weight (before renormalisation).
    pub weight: u32,
    /// 0..=1, rounded to hundredths.
    pub score: f64,
    /// weight × score / (sum of the weights used), rounded to hundredths; the contributions
    /// add up to the estimate's score.
    pub contribution: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub band: LikelihoodBand,
    /// 0..=1, rounded to hundredths.
    pub score: f64,
    pub factors: Vec<Factor>,
    /// Factors the form cannot know (`digital_footprint`).
    pub left_out: Vec<&'static str>,
    /// Extension: JSON paths of the questions that were not answered and were scored
    /// cautiously.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unanswered: Vec<&'static str>,
    /// "This is an estimate, not a credit-bureau check or the lender's decision", in the
    /// applicant's language, and that the digital footprint is left out.
    pub note: &'static str,
}

#[derive(Clone, Copy, Debug)]
pub struct EstimateInput<'a> {
    pub app: &'a Application,
    /// The headline debt load; `None` without income.
    pub pdn: Option<&'a Pdn>,
    /// The application date; without it, the Moscow date of `applied_at`.
    pub application_date: Option<Date>,
    pub locale: Locale,
}

/// The estimate for one application. Never panics.
pub fn estimate(input: &EstimateInput) -> Estimate {
    let app = input.app;
    let date = input
        .application_date
        .or_else(|| app.applied_at.as_deref().and_then(moscow_date_of));
    let scored = [
        ("credit_history", credit_history(app)),
        ("debt_load", debt_load(input.pdn)),
        ("age_tenure", age_tenure(app, date)),
        ("technical", technical(app)),
        ("payment_discipline", payment_discipline(app)),
        ("social", social(app)),
        ("other", other(app)),
    ];

    let weight_of = |name: &str| {
        WEIGHTS
            .iter()
            .find(|(f, _)| *f == name)
            .map_or(0, |(_, w)| *w)
    };
    let total_weight: u32 = scored.iter().map(|(name, _)| weight_of(name)).sum();
    let exact: Vec<f64> = scored
        .iter()
        .map(|(name, s)| f64::from(weight_of(name)) * s.score / f64::from(total_weight.max(1)))
        .collect();
    let hundredths = largest_remainder(&exact);
    let score_hundredths: u32 = hundredths.iter().sum();

    let mut unanswered: Vec<&'static str> = Vec::new();
    let mut serious: Vec<Code> = Vec::new();
    let mut factors = Vec::with_capacity(scored.len());
    for ((name, s), units) in scored.iter().zip(&hundredths) {
        for field in &s.unanswered {
            if !unanswered.contains(field) {
                unanswered.push(field);
            }
        }
        for (cost, code) in &s.reasons {
            if let Some(code) = code {
                if *cost > 0.0 && SERIOUS.contains(code) && !serious.contains(code) {
                    serious.push(*code);
                }
            }
        }
        let code = if s.score < NEGATIVE_BELOW || !s.unanswered.is_empty() {
            s.main_code()
        } else {
            None
        };
        let advice = code.and_then(|c| match c {
            Code::Missing(_) => Some(text::phrase(Phrase::EstimateUnanswered, input.locale)),
            c => text::advice(c, input.locale),
        });
        factors.push(Factor {
            factor: name,
            weight: weight_of(name),
            score: round2(s.score),
            contribution: f64::from(*units) / 100.0,
            code,
            message: code.map(|c| text::message(c, input.locale)),
            advice,
        });
    }

    let score = f64::from(score_hundredths) / 100.0;
    let by_score = if score >= HIGH_FROM {
        LikelihoodBand::High
    } else if score >= MEDIUM_FROM {
        LikelihoodBand::Medium
    } else {
        LikelihoodBand::Low
    };
    let band = match serious.len() {
        0 => by_score,
        1 => by_score.at_most(LikelihoodBand::Medium),
        _ => LikelihoodBand::Low,
    };
    Estimate {
        band,
        score,
        factors,
        left_out: LEFT_OUT.to_vec(),
        unanswered,
        note: text::phrase(Phrase::EstimateNote, input.locale),
    }
}

/// A factor's score and what cost it points.
#[derive(Debug, Default)]
struct Scored {
    score: f64,
    /// (cost in score points, its code if it has one), in the order found.
    reasons: Vec<(f64, Option<Code>)>,
    unanswered: Vec<&'static str>,
}

impl Scored {
    /// Starts at 1 and subtracts the costs; the score is clamped to 0..=1.
    fn from_costs(reasons: Vec<(f64, Option<Code>)>, unanswered: Vec<&'static str>) -> Scored {
        let lost: f64 = reasons.iter().map(|(c, _)| *c).sum();
        Scored {
            score: clamp01(1.0 - lost),
            reasons,
            unanswered,
        }
    }

    /// The code of the costliest reason that has one (the first on a tie).
    fn main_code(&self) -> Option<Code> {
        let mut best: Option<(f64, Code)> = None;
        for (cost, code) in &self.reasons {
            if let Some(code) = code {
                if *cost > 0.0 && best.is_none_or(|(b, _)| *cost > b) {
                    best = Some((*cost, *code));
                }
            }
        }
        best.map(|(_, c)| c)
    }
}

/// The `.missing` code of a field: the group's when the whole group is absent.
fn missing(group_present: bool, group: &'static str, field: &'static str) -> Code {
    Code::Missing(if group_present { field } else { group })
}

fn credit_history(app: &Application) -> Scored {
    let ob = app.obligations.as_ref();
    let present = ob.is_some();
    let mut reasons = Vec::new();
    let mut unanswered = Vec::new();

    match ob.and_then(|o| o.overdue_now_days) {
        Some(0) => {}
        Some(_) => reasons.push((1.0, Some(Code::CreditOverdueNow))),
        None => {
            reasons.push((
                0.5,
                Some(missing(
                    present,
                    "obligations",
                    "obligations.overdue_now_days",
                )),
            ));
            unanswered.push("obligations.overdue_now_days");
        }
    }
    match ob.and_then(|o| o.overdue_12m_max_days) {
        Some(days) => {
            let cost = match days {
                0 => 0.0,
                1..=5 => 0.15,
                6..=30 => 0.35,
                31..=90 => 0.55,
                _ => 0.75,
            };
            reasons.push((cost, Some(Code::CreditOverdue12m)));
        }
        None => {
            reasons.push((
                0.3,
                Some(missing(
                    present,
                    "obligations",
                    "obligations.overdue_12m_max_days",
                )),
            ));
            unanswered.push("obligations.overdue_12m_max_days");
        }
    }
    match ob.and_then(|o| o.active_loans) {
        Some(n) => {
            let cost = match n {
                0..=2 => 0.0,
                3 => 0.1,
                4..=5 => 0.25,
                6..=9 => 0.4,
                _ => 0.5,
            };
            reasons.push((cost, Some(Code::CreditManyLoans)));
        }
        None => {
            reasons.push((
                0.2,
                Some(missing(present, "obligations", "obligations.active_loans")),
            ));
            unanswered.push("obligations.active_loans");
        }
    }
    Scored::from_costs(reasons, unanswered)
}

fn debt_load(pdn: Option<&Pdn>) -> Scored {
    let Some(pdn) = pdn else {
        return Scored {
            score: 0.0,
            reasons: vec![(1.0, Some(Code::IncomeMissing))],
            ..Default::default()
        };
    };
    // NaN counts as the worst; the bands are the contract's, the percentage places the
    // applicant within the band.
    let pct = if pdn.pct.is_nan() {
        f64::INFINITY
    } else {
        pdn.pct
    };
    let within = |from: f64, width: f64| ((pct - from) / width).clamp(0.0, 1.0);
    let (score, code) = match pdn.band {
        // 1.00 up to 20 %, down to 0.75 at 40 %.
        Band::Fine => (1.0 - 0.25 * within(20.0, 20.0), None),
        // 0.65 just above 40 %, down to 0.50 at 50 %.
        Band::Review => (0.65 - 0.15 * within(40.0, 10.0), Some(Code::PdnReview)),
        // 0.45 just above 50 %, down to 0 at 100 %.
        Band::Warn => (0.45 * (1.0 - within(50.0, 50.0)), Some(Code::PdnWarn)),
    };
    let score = clamp01(score);
    Scored {
        score,
        reasons: vec![(1.0 - score, code)],
        unanswered: Vec::new(),
    }
}

fn age_tenure(app: &Application, date: Option<Date>) -> Scored {
    let applicant = app.applicant.as_ref();
    let mut reasons = Vec::new();
    let mut unanswered = Vec::new();

    // Age: 40 % of the factor.
    let birth = applicant.and_then(|a| a.birth_date.as_deref());
    let (age_score, age_code) = match (birth, date) {
        (None, _) => {
            unanswered.push("applicant.birth_date");
            (
                0.5,
                Some(missing(
                    applicant.is_some(),
                    "applicant",
                    "applicant.birth_date",
                )),
            )
        }
        (Some(_), None) => (0.5, Some(Code::AppliedAtInvalid)),
        (Some(birth), Some(date)) => match birth.parse::<Date>() {
            Ok(birth) if birth <= date => match birth.age_on(date) {
                0..=17 => (0.0, Some(Code::AgeUnderMin)),
                18..=20 => (0.5, None),
                21..=24 => (0.75, None),
                25..=55 => (1.0, None),
                56..=65 => (0.85, None),
                66..=75 => (0.6, None),
                _ => (0.4, None),
            },
            _ => (0.5, Some(Code::BirthDateInvalid)),
        },
    };
    reasons.push((0.4 * (1.0 - age_score), age_code));

    // Employment and tenure: 60 % of the factor.
    let income = app.income.as_ref();
    let tenure = income.and_then(|i| i.tenure_months);
    let tenure_score = |months: u32| match months {
        0..=2 => 0.3,
        3..=5 => 0.6,
        6..=11 => 0.85,
        _ => 1.0,
    };
    let (job_score, job_code) = match income.and_then(|i| i.employment) {
        None => {
            unanswered.push("income.employment");
            (
                0.3,
                missing(income.is_some(), "income", "income.employment"),
            )
        }
        Some(e @ (Employment::Employed | Employment::SelfEmployed | Employment::Entrepreneur)) => {
            let base = match e {
                Employment::Employed => 1.0,
                Employment::Entrepreneur => 0.9,
                _ => 0.85,
            };
            match tenure {
                Some(months) => (base * tenure_score(months), Code::EmploymentWeak),
                None => {
                    unanswered.push("income.tenure_months");
                    (base * 0.4, Code::Missing("income.tenure_months"))
                }
            }
        }
        Some(Employment::Pensioner) => (0.85, Code::EmploymentWeak),
        Some(Employment::Student) => (0.45, Code::EmploymentWeak),
        Some(Employment::Unemployed) => (0.15, Code::EmploymentWeak),
    };
    reasons.push((0.6 * (1.0 - job_score), Some(job_code)));
    Scored::from_costs(reasons, unanswered)
}

fn technical(app: &Application) -> Scored {
    let (score, code) = match app.applied_at.as_deref().and_then(moscow_hour_of) {
        Some(9..=20) => (1.0, None),
        Some(7 | 8 | 21 | 22) => (0.6, Some(Code::TimeOffHours)),
        Some(_) => (0.3, Some(Code::TimeOffHours)),
        None => (0.5, Some(Code::AppliedAtInvalid)),
    };
    Scored {
        score,
        reasons: vec![(1.0 - score, code)],
        unanswered: Vec::new(),
    }
}

fn payment_discipline(app: &Application) -> Scored {
    let ob = app.obligations.as_ref();
    match ob.and_then(|o| o.utility_arrears) {
        Some(false) => Scored::from_costs(Vec::new(), Vec::new()),
        Some(true) => Scored::from_costs(vec![(0.8, Some(Code::CreditUtilityArrears))], Vec::new()),
        None => Scored::from_costs(
            vec![(
                0.5,
                Some(missing(
                    ob.is_some(),
                    "obligations",
                    "obligations.utility_arrears",
                )),
            )],
            vec!["obligations.utility_arrears"],
        ),
    }
}

fn social(app: &Application) -> Scored {
    match app.applicant.as_ref().and_then(|a| a.has_emergency_contact) {
        Some(true) => Scored::from_costs(Vec::new(), Vec::new()),
        Some(false) => Scored::from_costs(vec![(0.7, Some(Code::SocialNoContact))], Vec::new()),
        // Not a required field and no `.missing` code: "not ticked" is the cautious reading,
        // and the message says "it is not ticked that…".
        None => Scored::from_costs(
            vec![(0.7, Some(Code::SocialNoContact))],
            vec!["applicant.has_emergency_contact"],
        ),
    }
}

fn other(app: &Application) -> Scored {
    let income = app.income.as_ref();
    let confirmed = income.and_then(|i| i.confirmed_kop);
    let unconfirmed = income.and_then(|i| i.unconfirmed_kop);
    let mut unanswered = Vec::new();
    let mut reasons = Vec::new();
    if confirmed.is_none() {
        unanswered.push("income.confirmed_kop");
        reasons.push((
            0.0,
            Some(missing(income.is_some(), "income", "income.confirmed_kop")),
        ));
    }
    if unconfirmed.is_none() {
        unanswered.push("income.unconfirmed_kop");
        reasons.push((
            0.0,
            Some(missing(
                income.is_some(),
                "income",
                "income.unconfirmed_kop",
            )),
        ));
    }
    let (c, u) = (
        confirmed.unwrap_or(0) as f64,
        unconfirmed.unwrap_or(0) as f64,
    );
    let mut score = if c + u > 0.0 {
        // 0.2 with nothing confirmed, 1.0 with everything confirmed.
        0.2 + 0.8 * (c / (c + u))
    } else if unanswered.is_empty() {
        reasons.push((1.0, Some(Code::IncomeMissing)));
        0.0
    } else {
        0.3
    };
    if !unanswered.is_empty() {
        // Cautious: an unanswered half of the question caps the factor.
        score = score.min(0.5);
        for r in &mut reasons {
            if matches!(r.1, Some(Code::Missing(_))) {
                r.0 = 0.5;
            }
        }
    } else if c + u > 0.0 {
        reasons.push((1.0 - score, Some(Code::IncomeUnconfirmed)));
    }
    Scored {
        score: clamp01(score),
        reasons,
        unanswered,
    }
}

fn clamp01(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Shares (each 0..=1, summing to at most 1) as whole hundredths that add up exactly to the
/// rounded total: floors first, then the missing hundredths to the largest remainders.
fn largest_remainder(shares: &[f64]) -> Vec<u32> {
    let exact: Vec<f64> = shares.iter().map(|s| clamp01(*s) * 100.0).collect();
    let total = exact.iter().sum::<f64>().round().clamp(0.0, 100.0) as u32;
    let mut units: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut left = total.saturating_sub(units.iter().sum());
    let mut order: Vec<usize> = (0..exact.len()).collect();
    let remainder = |i: usize| exact[i] - exact[i].floor();
    insertion_sort_by(&mut order, |&a, &b| remainder(a) > remainder(b));
    for i in order {
        if left == 0 {
            break;
        }
        units[i] += 1;
        left -= 1;
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::{Applicant, Income, Obligations};

    fn strong() -> Application {
        Application {
            applied_at: Some("2026-11-24T10:15:00+03:00".into()),
            applicant: Some(Applicant {
                birth_date: Some("1990-05-10".into()),
                has_emergency_contact: Some(true),
                ..Default::default()
            }),
            income: Some(Income {
                employment: Some(Employment::Employed),
                tenure_months: Some(36),
                confirmed_kop: Some(8_000_000),
                unconfirmed_kop: Some(0),
            }),
            obligations: Some(Obligations {
                monthly_payments_kop: Some(500_000),
                active_loans: Some(1),
                overdue_now_days: Some(0),
                overdue_12m_max_days: Some(0),
                utility_arrears: Some(false),
            }),
            ..Default::default()
        }
    }

    fn pdn(pct: f64, band: Band) -> Pdn {
        Pdn {
            pct,
            band,
            income_used_kop: 8_000_000,
            payments_kop: 500_000,
            new_payment_kop: 1_000_000,
        }
    }

    fn run(app: &Application, pdn: Option<&Pdn>, locale: Locale) -> Estimate {
        estimate(&EstimateInput {
            app,
            pdn,
            application_date: None,
            locale,
        })
    }

    fn factor<'a>(e: &'a Estimate, name: &str) -> &'a Factor {
        e.factors.iter().find(|f| f.factor == name).expect(name)
    }

    fn assert_consistent(e: &Estimate) {
        let sum: f64 = e.factors.iter().map(|f| f.contribution).sum();
        assert!((sum - e.score).abs() < 1e-9, "{sum} != {}", e.score);
        assert!((0.0..=1.0).contains(&e.score), "{}", e.score);
        assert_eq!(e.score, round2(e.score));
        for f in &e.factors {
            assert!((0.0..=1.0).contains(&f.score), "{f:?}");
            assert_eq!(f.message.is_some(), f.code.is_some(), "{f:?}");
            if f.score < NEGATIVE_BELOW {
                assert!(f.code.is_some(), "negative factor without a code: {f:?}");
            }
        }
    }

    #[test]
    fn a_strong_applicant_is_high() {
        let p = pdn(18.75, Band::Fine);
        let e = run(&strong(), Some(&p), Locale::Ru);
        assert_consistent(&e);
        assert_eq!(e.band, LikelihoodBand::High);
        assert_eq!(e.score, 1.0);
        assert!(e.factors.iter().all(|f| f.code.is_none()), "{e:?}");
        assert!(e.unanswered.is_empty());
    }

    #[test]
    fn overdue_now_and_pdn_warn_is_low_with_reasons_and_advice() {
        let mut app = strong();
        app.obligations.as_mut().unwrap().overdue_now_days = Some(12);
        let p = pdn(62.5, Band::Warn);
        let e = run(&app, Some(&p), Locale::Ru);
        assert_consistent(&e);
        assert_eq!(e.band, LikelihoodBand::Low);
        let credit = factor(&e, "credit_history");
        assert_eq!(credit.code, Some(Code::CreditOverdueNow));
        assert_eq!(credit.score, 0.0);
        assert_eq!(
            credit.advice,
            text::advice(Code::CreditOverdueNow, Locale::Ru)
        );
        let debt = factor(&e, "debt_load");
        assert_eq!(debt.code, Some(Code::PdnWarn));
        assert_eq!(debt.message, Some(text::message(Code::PdnWarn, Locale::Ru)));
        assert!(debt.advice.is_some());
    }

    #[test]
    fn one_serious_signal_caps_the_band_at_medium() {
        let p = pdn(51.0, Band::Warn);
        let e = run(&strong(), Some(&p), Locale::Ru);
        assert!(e.score >= HIGH_FROM, "{}", e.score);
        assert_eq!(e.band, LikelihoodBand::Medium);
        let p = pdn(45.0, Band::Review);
        let e = run(&strong(), Some(&p), Locale::Ru);
        assert_eq!(e.band, LikelihoodBand::High);
        assert_eq!(factor(&e, "debt_load").code, Some(Code::PdnReview));
    }

    #[test]
    fn weights_renormalise_and_the_left_out_factor_is_reported() {
        let e = run(&strong(), Some(&pdn(30.0, Band::Fine)), Locale::En);
        assert_eq!(e.left_out, vec!["digital_footprint"]);
        assert!(e.factors.iter().all(|f| f.factor != "digital_footprint"));
        let used: u32 = e.factors.iter().map(|f| f.weight).sum();
        assert_eq!(used, 90);
        let all: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
        assert_eq!(all, 100);
        assert_eq!(factor(&e, "credit_history").weight, 25);
        assert_eq!(factor(&e, "other").weight, 5);
        // Every factor at 1 sums to exactly 1: the weights renormalise over 90.
        let e = run(&strong(), Some(&pdn(10.0, Band::Fine)), Locale::En);
        assert_eq!(e.score, 1.0);
        let sum: f64 = e.factors.iter().map(|f| f.contribution).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        assert!((factor(&e, "credit_history").contribution - 0.28).abs() < 1e-9);
        assert!(e.note.contains("digital footprint"));
    }

    #[test]
    fn contributions_sum_to_the_score_for_many_mixes() {
        for overdue in [0, 3, 40] {
            for loans in [0, 3, 7] {
                for (pct, band) in [(10.0, Band::Fine), (45.5, Band::Review), (77.7, Band::Warn)] {
                    for hour in ["03", "08", "14", "22"] {
                        let mut app = strong();
                        let ob = app.obligations.as_mut().unwrap();
                        ob.overdue_12m_max_days = Some(overdue);
                        ob.active_loans = Some(loans);
                        app.applied_at = Some(format!("2026-11-24T{hour}:15:00+03:00"));
                        app.income.as_mut().unwrap().unconfirmed_kop = Some(3_333_333);
                        let e = run(&app, Some(&pdn(pct, band)), Locale::Ru);
                        assert_consistent(&e);
                    }
                }
            }
        }
    }

    #[test]
    fn russian_and_english_texts_differ() {
        let mut app = strong();
        app.obligations.as_mut().unwrap().overdue_now_days = Some(5);
        let p = pdn(55.0, Band::Warn);
        let ru = run(&app, Some(&p), Locale::Ru);
        let en = run(&app, Some(&p), Locale::En);
        assert_ne!(ru.note, en.note);
        assert_eq!(ru.score, en.score);
        assert_eq!(ru.band, en.band);
        let (r, e) = (factor(&ru, "debt_load"), factor(&en, "debt_load"));
        assert_eq!(r.code, e.code);
        assert_ne!(r.message, e.message);
        assert_ne!(r.advice, e.advice);
        assert_ne!(
            LikelihoodBand::Low.label(Locale::Ru),
            LikelihoodBand::Low.label(Locale::En)
        );
    }

    #[test]
    fn an_empty_application_does_not_panic_and_says_what_is_unknown() {
        let app = Application::default();
        let e = run(&app, None, Locale::Ru);
        assert_consistent(&e);
        assert_eq!(e.band, LikelihoodBand::Low);
        assert!(e.unanswered.contains(&"obligations.overdue_now_days"));
        assert!(e.unanswered.contains(&"applicant.has_emergency_contact"));
        assert_eq!(factor(&e, "debt_load").code, Some(Code::IncomeMissing));
        assert_eq!(
            factor(&e, "credit_history").code,
            Some(Code::Missing("obligations"))
        );
        assert_eq!(factor(&e, "technical").code, Some(Code::AppliedAtInvalid));
        let pay = factor(&e, "payment_discipline");
        assert_eq!(
            pay.advice,
            Some(text::phrase(Phrase::EstimateUnanswered, Locale::Ru))
        );
        // The same with empty groups.
        let app = Application {
            applicant: Some(Applicant::default()),
            income: Some(Income::default()),
            obligations: Some(Obligations::default()),
            ..Default::default()
        };
        let e = run(&app, None, Locale::En);
        assert_consistent(&e);
        assert_eq!(
            factor(&e, "credit_history").code,
            Some(Code::Missing("obligations.overdue_now_days"))
        );
    }

    #[test]
    fn extreme_inputs_do_not_panic() {
        let pdns = [
            pdn(f64::NAN, Band::Warn),
            pdn(f64::INFINITY, Band::Warn),
            pdn(f64::NEG_INFINITY, Band::Fine),
            pdn(-5.0, Band::Review),
            pdn(1e300, Band::Fine),
        ];
        for p in &pdns {
            for birth in [
                "2026-11-25",
                "0001-01-01",
                "9999-12-31",
                "bad",
                "2010-01-01",
            ] {
                let mut app = strong();
                app.applicant.as_mut().unwrap().birth_date = Some(birth.into());
                let ob = app.obligations.as_mut().unwrap();
                ob.overdue_now_days = Some(u32::MAX);
                ob.overdue_12m_max_days = Some(u32::MAX);
                ob.active_loans = Some(u32::MAX);
                let inc = app.income.as_mut().unwrap();
                inc.confirmed_kop = Some(u64::MAX);
                inc.unconfirmed_kop = Some(u64::MAX);
                inc.tenure_months = Some(u32::MAX);
                app.applied_at = Some("garbage".into());
                for date in [None, Date::new(1, 1, 1), Date::new(9999, 12, 31)] {
                    let e = estimate(&EstimateInput {
                        app: &app,
                        pdn: Some(p),
                        application_date: date,
                        locale: Locale::En,
                    });
                    assert_consistent(&e);
                }
            }
        }
        let young = {
            let mut app = strong();
            app.applicant.as_mut().unwrap().birth_date = Some("2010-01-01".into());
            app
        };
        let e = run(&young, Some(&pdns[3]), Locale::Ru);
        assert_eq!(factor(&e, "age_tenure").code, Some(Code::AgeUnderMin));
        assert_ne!(e.band, LikelihoodBand::High);
    }

    #[test]
    fn serialises_as_the_contract_shows() {
        let p = pdn(54.8, Band::Warn);
        let mut app = strong();
        app.applicant.as_mut().unwrap().has_emergency_contact = None;
        let e = run(&app, Some(&p), Locale::Ru);
        assert_eq!(e.band, LikelihoodBand::Medium);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["band"], "medium");
        assert_eq!(json["left_out"][0], "digital_footprint");
        assert_eq!(json["unanswered"][0], "applicant.has_emergency_contact");
        let debt = &json["factors"][1];
        assert_eq!(debt["factor"], "debt_load");
        assert_eq!(debt["weight"], 20);
        assert_eq!(debt["code"], "pdn.warn");
        assert!((debt["score"].as_f64().unwrap() - 0.41).abs() < 1e-9);
        assert!(debt["message"].is_string() && debt["advice"].is_string());
        let credit = &json["factors"][0];
        assert!(
            credit.get("code").is_none() && credit.get("advice").is_none(),
            "{credit}"
        );
        let json =
            serde_json::to_value(run(&strong(), Some(&pdn(10.0, Band::Fine)), Locale::En)).unwrap();
        assert!(json.get("unanswered").is_none());
        assert_eq!(json["band"], "high");
    }
}
