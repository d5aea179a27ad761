//! The form as data: every input (its JSON path, step, kind and input hints), the typed
//! values, the application they make, and what to say at each field.
//!
//! Every check comes from the rules engine: [`verdict`] runs `prequal_rules::check::check` on
//! the application the form makes, and [`issues`] only sorts its problems onto the fields.
//! What this module adds is what a form has that an application has not: text that is not a
//! number yet, a date typed halfway, an amount outside the slider's range, the input problems
//! the lender's API reported, and which problems stop the Next button (a typo does; a
//! circumstance such as a current overdue does not: the result step explains it).

use prequal_rules::application::{
    Applicant, Application, Consent, Employment, Income, Loan, Locale, Obligations, Passport,
    Tracking,
};
use prequal_rules::check::{check, Context};
use prequal_rules::code::{Code, REQUIRED_FIELDS};
use prequal_rules::config::{Config, Offer};
use prequal_rules::ident::is_space;
use prequal_rules::ident::{inn, issuer_code, passport, phone, snils};
use prequal_rules::text::{self, UiText};
use prequal_rules::verdict::{Severity, Verdict};

use crate::clock::Now;
use crate::display;
use crate::mask::{self, Mask};

/// The five steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Loan,
    About,
    Income,
    Result,
    Consent,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Loan,
        Step::About,
        Step::Income,
        Step::Result,
        Step::Consent,
    ];

    /// 0-based.
    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The name in the `step` event.
    pub fn name(self) -> &'static str {
        match self {
            Step::Loan => "loan",
            Step::About => "about",
            Step::Income => "income",
            Step::Result => "result",
            Step::Consent => "consent",
        }
    }

    pub fn title(self) -> UiText {
        match self {
            Step::Loan => UiText::StepLoan,
            Step::About => UiText::StepAbout,
            Step::Income => UiText::StepIncome,
            Step::Result => UiText::StepResult,
            Step::Consent => UiText::StepConsent,
        }
    }

    pub fn next(self) -> Step {
        Step::ALL
            .get(self.index() + 1)
            .copied()
            .unwrap_or(Step::Consent)
    }

    pub fn prev(self) -> Step {
        self.index()
            .checked_sub(1)
            .and_then(|i| Step::ALL.get(i).copied())
            .unwrap_or(Step::Loan)
    }

    /// The step where a field of the application is asked, by its JSON path.
    pub fn of_field(path: &str) -> Option<Step> {
        if let Some(i) = index(path) {
            return Some(FIELDS[i].step);
        }
        let root = path.split('.').next().unwrap_or(path);
        match root {
            "loan" => Some(Step::Loan),
            "applicant" => Some(Step::About),
            "income" | "obligations" => Some(Step::Income),
            "consents" => Some(Step::Consent),
            _ => None,
        }
    }
}

/// What kind of value an input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    /// Rubles typed, kopecks in the application.
    Money,
    /// A whole number of days, months or loans.
    Count,
    Employment,
    Region,
    Checkbox,
}

/// One input of the form.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    /// Its `name`: the JSON path in the application.
    pub path: &'static str,
    pub step: Step,
    pub kind: Kind,
    /// `type` of a text input.
    pub input_type: &'static str,
    pub inputmode: Option<&'static str>,
    pub autocomplete: &'static str,
    pub mask: Option<Mask>,
    pub hint: Option<UiText>,
    pub optional: bool,
}

const fn field(path: &'static str, step: Step, kind: Kind) -> Field {
    Field {
        path,
        step,
        kind,
        input_type: "text",
        inputmode: None,
        autocomplete: "off",
        mask: None,
        hint: None,
        optional: false,
    }
}

const fn input(
    path: &'static str,
    autocomplete: &'static str,
    inputmode: Option<&'static str>,
    mask: Option<Mask>,
    hint: Option<UiText>,
) -> Field {
    Field {
        autocomplete,
        inputmode,
        mask,
        hint,
        ..field(path, Step::About, Kind::Text)
    }
}

const fn money(path: &'static str, step: Step) -> Field {
    Field {
        inputmode: Some("numeric"),
        mask: Some(Mask::Money),
        hint: Some(UiText::HintMoney),
        ..field(path, step, Kind::Money)
    }
}

const fn count(path: &'static str, hint: UiText) -> Field {
    Field {
        inputmode: Some("numeric"),
        hint: Some(hint),
        ..field(path, Step::Income, Kind::Count)
    }
}

const NUMERIC: Option<&str> = Some("numeric");

/// Every input, in the order the form shows them.
pub static FIELDS: &[Field] = &[
    Field {
        hint: None,
        ..money("loan.amount_kop", Step::Loan)
    },
    Field {
        inputmode: NUMERIC,
        ..field("loan.term_days", Step::Loan, Kind::Count)
    },
    input(
        "applicant.last_name",
        "family-name",
        None,
        None,
        Some(UiText::HintName),
    ),
    input(
        "applicant.first_name",
        "given-name",
        None,
        None,
        Some(UiText::HintName),
    ),
    Field {
        optional: true,
        ..input(
            "applicant.patronymic",
            "additional-name",
            None,
            None,
            Some(UiText::HintName),
        )
    },
    Field {
        input_type: "date",
        autocomplete: "bday",
        ..field("applicant.birth_date", Step::About, Kind::Date)
    },
    Field {
        input_type: "tel",
        ..input(
            "applicant.phone",
            "tel",
            Some("tel"),
            Some(Mask::Phone),
            Some(UiText::HintPhone),
        )
    },
    Field {
        input_type: "email",
        optional: true,
        ..input(
            "applicant.email",
            "email",
            Some("email"),
            None,
            Some(UiText::HintEmail),
        )
    },
    Field {
        autocomplete: "address-level1",
        ..field("applicant.region", Step::About, Kind::Region)
    },
    input(
        "applicant.passport.series",
        "off",
        NUMERIC,
        Some(Mask::PassportSeries),
        Some(UiText::HintPassportSeries),
    ),
    input(
        "applicant.passport.number",
        "off",
        NUMERIC,
        None,
        Some(UiText::HintPassportNumber),
    ),
    Field {
        input_type: "date",
        ..field("applicant.passport.issue_date", Step::About, Kind::Date)
    },
    input(
        "applicant.passport.issuer_code",
        "off",
        NUMERIC,
        Some(Mask::IssuerCode),
        Some(UiText::HintIssuerCode),
    ),
    Field {
        optional: true,
        ..input("applicant.inn", "off", NUMERIC, None, Some(UiText::HintInn))
    },
    Field {
        optional: true,
        ..input(
            "applicant.snils",
            "off",
            NUMERIC,
            Some(Mask::Snils),
            Some(UiText::HintSnils),
        )
    },
    field("income.employment", Step::Income, Kind::Employment),
    count("income.tenure_months", UiText::HintTenure),
    money("income.confirmed_kop", Step::Income),
    money("income.unconfirmed_kop", Step::Income),
    money("obligations.monthly_payments_kop", Step::Income),
    count("obligations.active_loans", UiText::HintCount),
    count("obligations.overdue_now_days", UiText::HintCount),
    count("obligations.overdue_12m_max_days", UiText::HintCount),
    field("obligations.utility_arrears", Step::Income, Kind::Checkbox),
    Field {
        hint: Some(UiText::HintEmergencyContact),
        ..field(
            "applicant.has_emergency_contact",
            Step::Income,
            Kind::Checkbox,
        )
    },
];

pub const AMOUNT: usize = 0;
pub const TERM: usize = 1;

/// The position of a field in [`FIELDS`].
pub fn index(path: &str) -> Option<usize> {
    FIELDS.iter().position(|f| f.path == path)
}

/// The fields of one step, as indices into [`FIELDS`].
pub fn of_step(step: Step) -> impl Iterator<Item = usize> {
    (0..FIELDS.len()).filter(move |&i| FIELDS[i].step == step)
}

/// What the applicant typed, one string per field of [`FIELDS`] (`"true"` for a ticked box).
pub type Values = Vec<String>;

pub fn empty_values() -> Values {
    vec![String::new(); FIELDS.len()]
}

/// Why what was typed in a number field is not a number the form can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not digits (with the separators people type).
    NotANumber,
    /// Digits, but more than any amount or count could have (and more than `u64` holds).
    TooLarge,
}

/// Rubles as typed (`50 000`, `1 500,50`, `12000.5 ₽`, `25,000`; see `mask::money_parts`)
/// → kopecks. `Ok(None)` when blank.
pub fn parse_rubles(s: &str) -> Result<Option<u64>, NumberError> {
    let (whole, dec) = mask::money_parts(s).ok_or(NumberError::NotANumber)?;
    if whole.is_empty() {
        return if dec.is_empty() {
            Ok(None)
        } else {
            Err(NumberError::NotANumber)
        };
    }
    // Only digits are left, so a parse can fail only by overflowing.
    let kopecks = format!("{whole}{:0<2}", dec.get(1..).unwrap_or(""));
    kopecks.parse().map(Some).map_err(|_| NumberError::TooLarge)
}

/// A whole number as typed (`3`, ` 12 `). `Ok(None)` when blank.
pub fn parse_count(s: &str) -> Result<Option<u32>, NumberError> {
    let cleaned: String = s.chars().filter(|&c| !is_space(c)).collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    if !cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    cleaned.parse().map(Some).map_err(|_| NumberError::TooLarge)
}

/// The application the form makes, before any check: what is blank is absent, what is not
/// yet a number is absent (the form says so at the field).
#[derive(Clone, Debug, Default)]
pub struct Extras {
    pub locale: Locale,
    pub application_id: Option<String>,
    pub applied_at: Option<String>,
    pub offer_id: Option<String>,
    pub consents: Vec<Consent>,
    pub tracking: Option<Tracking>,
}

pub fn application(values: &[String], extras: Extras) -> Application {
    let get = |path: &str| -> &str { index(path).and_then(|i| values.get(i)).map_or("", |v| v) };
    let given = |path: &str| -> Option<String> {
        let v = get(path).trim();
        (!v.is_empty()).then(|| v.to_owned())
    };
    let money = |path: &str| parse_rubles(get(path)).ok().flatten();
    let count = |path: &str| parse_count(get(path)).ok().flatten();
    let flag = |path: &str| Some(get(path) == "true");
    let employment = Employment::ALL
        .into_iter()
        .find(|e| e.as_str() == get("income.employment"));
    Application {
        application_id: extras.application_id,
        applied_at: extras.applied_at,
        locale: Some(extras.locale),
        offer_id: extras.offer_id,
        loan: Some(Loan {
            amount_kop: money("loan.amount_kop"),
            term_days: count("loan.term_days"),
        }),
        applicant: Some(Applicant {
            last_name: given("applicant.last_name"),
            first_name: given("applicant.first_name"),
            patronymic: given("applicant.patronymic"),
            birth_date: given("applicant.birth_date"),
            phone: given("applicant.phone"),
            email: given("applicant.email"),
            region: given("applicant.region"),
            passport: Some(Passport {
                series: given("applicant.passport.series"),
                number: given("applicant.passport.number"),
                issue_date: given("applicant.passport.issue_date"),
                issuer_code: given("applicant.passport.issuer_code"),
            }),
            inn: given("applicant.inn"),
            snils: given("applicant.snils"),
            has_emergency_contact: flag("applicant.has_emergency_contact"),
        }),
        income: Some(Income {
            employment,
            tenure_months: count("income.tenure_months"),
            confirmed_kop: money("income.confirmed_kop"),
            unconfirmed_kop: money("income.unconfirmed_kop"),
        }),
        obligations: Some(Obligations {
            monthly_payments_kop: money("obligations.monthly_payments_kop"),
            active_loans: count("obligations.active_loans"),
            overdue_now_days: count("obligations.overdue_now_days"),
            overdue_12m_max_days: count("obligations.overdue_12m_max_days"),
            utility_arrears: flag("obligations.utility_arrears"),
        }),
        consents: Some(extras.consents),
        tracking: extras.tracking,
    }
}

/// The identifiers in the compact forms the contract's example uses (`+79123456789`,
/// `4502`, `770-001`, `112-233-445 95`), as the rules engine normalises them, for the
/// application that is forwarded.
pub fn normalise(app: &mut Application) {
    let Some(a) = app.applicant.as_mut() else {
        return;
    };
    let tidy = |v: &mut Option<String>, f: fn(&str) -> String| {
        if let Some(s) = v.as_mut() {
            *s = f(s);
        }
    };
    tidy(&mut a.phone, phone::format);
    tidy(&mut a.inn, inn::format);
    tidy(&mut a.snils, snils::format);
    if let Some(p) = a.passport.as_mut() {
        tidy(&mut p.series, passport::compact);
        tidy(&mut p.number, passport::compact);
        tidy(&mut p.issuer_code, issuer_code::format);
    }
}

/// The rules engine's verdict on the form as it stands.
pub fn verdict(
    values: &[String],
    consents: Vec<Consent>,
    offer_id: Option<String>,
    config: &Config,
    now: &Now,
    locale: Locale,
) -> Verdict {
    let app = application(
        values,
        Extras {
            locale,
            applied_at: Some(now.rfc3339.clone()),
            offer_id,
            consents,
            ..Extras::default()
        },
    );
    check(&app, config, &Context::on(now.date))
}

/// The amounts and terms the partner's offers cover together: the slider's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ranges {
    pub amount_kop: (u64, u64),
    pub term_days: (u32, u32),
}

impl Ranges {
    pub fn of(config: &Config) -> Option<Ranges> {
        let offers = &config.offers;
        Some(Ranges {
            amount_kop: (
                offers.iter().map(|o| o.amount_min_kop).min()?,
                offers.iter().map(|o| o.amount_max_kop).max()?,
            ),
            term_days: (
                offers.iter().map(|o| o.term_min_days).min()?,
                offers.iter().map(|o| o.term_max_days).max()?,
            ),
        })
    }
}

/// A term within the offers' range that none of them lends for (between one offer's terms
/// and the next's, or not a whole number of instalments): an error with the nearest terms that
/// are lent, which the cost box below explains offer by offer. An error, as an amount outside
/// every offer's range is: the loan is limited to what the offers allow, and an applicant
/// should not type a passport only to learn at the result that no offer lends for this term.
fn term_without_offer(
    config: &Config,
    amount_kop: u64,
    days: u32,
    locale: Locale,
) -> Option<Issue> {
    if lends_for(config, amount_kop)(days) {
        return None;
    }
    let below = term_step(config, amount_kop, days, false);
    let above = term_step(config, amount_kop, days, true);
    let (d, b, a) = (days.to_string(), below.to_string(), above.to_string());
    let ui = |key| text::ui(key, locale);
    let message = match (below != days, above != days) {
        (true, true) => text::fill(ui(UiText::TermNoOffer), &[&d, &b, &a]),
        (true, false) => text::fill(ui(UiText::TermNoOfferOne), &[&d, &b]),
        (false, true) => text::fill(ui(UiText::TermNoOfferOne), &[&d, &a]),
        (false, false) => return None,
    };
    Some(Issue::new(Tone::Error, message, None))
}

/// The term slider stops only at terms some offer lends for (an instalment offer takes whole
/// periods only), among the offers that lend `amount_kop` if any does: dragged to `to` days,
/// it lands on the nearest such term (the shorter of two as near); `to` when there is none.
pub fn term_nearest(config: &Config, amount_kop: u64, to: u32) -> u32 {
    let lends = lends_for(config, amount_kop);
    (0..=MAX_TERM_DAYS)
        .flat_map(|d| [to.checked_sub(d), to.checked_add(d)])
        .flatten()
        .find(|&t| lends(t))
        .unwrap_or(to)
}

/// The slider's next stop after `from` days, up or down (its arrow keys; Home and End are
/// the steps up from 0 and down from `u32::MAX`); `from` when there is none that way.
pub fn term_step(config: &Config, amount_kop: u64, from: u32, up: bool) -> u32 {
    let lends = lends_for(config, amount_kop);
    let found = if up {
        (from.saturating_add(1)..=MAX_TERM_DAYS).find(|&t| lends(t))
    } else {
        (1..from.min(MAX_TERM_DAYS + 1)).rev().find(|&t| lends(t))
    };
    found.unwrap_or(from)
}

/// Whether `offer` lends `amount_kop`.
fn lends_amount(offer: &Offer, amount_kop: u64) -> bool {
    (offer.amount_min_kop..=offer.amount_max_kop).contains(&amount_kop)
}

/// Whether some offer lends for a term, among those lending `amount_kop` (all of them when
/// none does: the amount's own message says so).
fn lends_for(config: &Config, amount_kop: u64) -> impl Fn(u32) -> bool + '_ {
    let offers = &config.offers;
    let any = offers.iter().any(|o| lends_amount(o, amount_kop));
    move |t| {
        offers
            .iter()
            .filter(|o| !any || lends_amount(o, amount_kop))
            .any(|o| o.lends_for(t))
    }
}

/// Longer than any term an offer may have (config.rs: at most 365 days), so that the searches
/// above end.
const MAX_TERM_DAYS: u32 = 366;

/// How a field's message reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Wrong input: the field is `aria-invalid` and Next stops here.
    Error,
    /// Worth knowing, the input is fine: the result step explains what it means.
    Note,
    /// A confirmation (the phone number as the lender will get it).
    Ok,
}

/// What to say at one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub tone: Tone,
    pub message: String,
    pub code: Option<&'static str>,
}

impl Issue {
    fn new(tone: Tone, message: impl Into<String>, code: Option<Code>) -> Issue {
        Issue {
            tone,
            message: message.into(),
            code: code.map(Code::as_str),
        }
    }

    pub fn is_error(&self) -> bool {
        self.tone == Tone::Error
    }
}

/// A field problem the lender's API reported (a 4xx `problems` entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl ServerProblem {
    /// What to show, and the code when it is one of ours: our own words for it, in the
    /// applicant's language; the lender's words for a code we do not know.
    pub fn text(&self, locale: Locale) -> (String, Option<Code>) {
        match Code::parse(&self.code) {
            Some(code) => (text::message(code, locale).to_owned(), Some(code)),
            None => (self.message.clone(), None),
        }
    }
}

/// Codes that describe the applicant's circumstances rather than a typing mistake: shown at
/// the field as a note, explained on the result step, never a reason to stop at Next.
fn is_circumstance(code: Code) -> bool {
    matches!(
        code,
        Code::AgeUnderMin | Code::PassportExpired | Code::IncomeMissing | Code::CreditOverdueNow
    )
}

/// What to say at each field of [`FIELDS`], from the verdict and the form's own state.
pub fn issues(
    values: &[String],
    bad_input: &[bool],
    verdict: &Verdict,
    config: Option<&Config>,
    server: &[ServerProblem],
    locale: Locale,
) -> Vec<Option<Issue>> {
    let ui = |key| text::ui(key, locale);
    let ranges = config.and_then(Ranges::of);
    let ranges = ranges.as_ref();
    FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let value = values.get(i).map_or("", |v| v.as_str());
            if let Some(p) = server.iter().find(|p| p.field == f.path) {
                let (message, code) = p.text(locale);
                return Some(Issue::new(Tone::Error, message, code));
            }
            if bad_input.get(i).copied().unwrap_or(false) {
                return Some(Issue::new(Tone::Error, ui(UiText::DateIncomplete), None));
            }
            let number = match f.kind {
                Kind::Money => parse_rubles(value),
                Kind::Count => parse_count(value).map(|n| n.map(u64::from)),
                _ => Ok(None),
            };
            let number = match number {
                Ok(number) => number,
                Err(NumberError::NotANumber) => {
                    let key = match f.kind {
                        Kind::Money => UiText::NotANumber,
                        _ => UiText::NotAWholeNumber,
                    };
                    return Some(Issue::new(Tone::Error, ui(key), None));
                }
                // Too many digits for the loan is above its range, and says which range.
                Err(NumberError::TooLarge) => {
                    let range = ranges.and_then(|r| out_of_range(i, u64::MAX, r, locale));
                    return Some(
                        range
                            .unwrap_or_else(|| Issue::new(Tone::Error, ui(UiText::TooLarge), None)),
                    );
                }
            };
            // An unticked box is an answer ("no"), never a missing one.
            let required =
                f.kind != Kind::Checkbox && REQUIRED_FIELDS.iter().any(|(p, _)| *p == f.path);
            if required && value.trim().is_empty() {
                let code = Code::Missing(f.path);
                return Some(Issue::new(
                    Tone::Error,
                    text::message(code, locale),
                    Some(code),
                ));
            }
            if let Some(issue) = ranges
                .zip(number)
                .and_then(|(r, n)| out_of_range(i, n, r, locale))
            {
                return Some(issue);
            }
            if let (AMOUNT, Some(config), Some(n)) = (i, config, number) {
                if !config.offers.iter().any(|o| lends_amount(o, n)) {
                    return Some(Issue::new(Tone::Error, ui(UiText::AmountNoOffer), None));
                }
            }
            if let (TERM, Some(config), Some(days)) = (i, config, number) {
                let amount = parse_rubles(&values[AMOUNT]).ok().flatten().unwrap_or(0);
                if let Some(issue) = term_without_offer(config, amount, days as u32, locale) {
                    return Some(issue);
                }
            }
            let problems = || verdict.problems.iter().filter(|p| p.field == f.path);
            if let Some(p) = problems().find(|p| p.severity == Severity::Blocker) {
                let tone = if is_circumstance(p.code) {
                    Tone::Note
                } else {
                    Tone::Error
                };
                return Some(Issue::new(tone, p.message, Some(p.code)));
            }
            if let Some(p) = problems().next() {
                return Some(Issue::new(Tone::Note, p.message, Some(p.code)));
            }
            if f.path == "applicant.phone" {
                if let Ok(number) = phone::validate(value) {
                    let shown = text::fill(ui(UiText::PhoneLooksRight), &[number.as_str()]);
                    return Some(Issue::new(Tone::Ok, shown, None));
                }
            }
            None
        })
        .collect()
}

/// The loan's amount (kopecks) or term (days), `n`, outside what any offer allows.
fn out_of_range(i: usize, n: u64, r: &Ranges, locale: Locale) -> Option<Issue> {
    let ui = |key| text::ui(key, locale);
    let message = if i == AMOUNT {
        let (lo, hi) = r.amount_kop;
        if (lo..=hi).contains(&n) {
            return None;
        }
        // A range of one value is said as that value, as the field's hint says it.
        let key = if lo == hi {
            UiText::AmountOnly
        } else {
            UiText::AmountOutOfRange
        };
        let (lo, hi) = (display::rub(lo, locale), display::rub(hi, locale));
        text::fill(ui(key), &[&lo, &hi])
    } else if i == TERM {
        let (lo, hi) = r.term_days;
        if (u64::from(lo)..=u64::from(hi)).contains(&n) {
            return None;
        }
        text::fill(
            ui(if lo == hi {
                UiText::TermOnly
            } else {
                UiText::TermOutOfRange
            }),
            &[&lo.to_string(), &hi.to_string()],
        )
    } else {
        return None;
    };
    Some(Issue::new(Tone::Error, message, None))
}

/// The fields of `step` whose input is wrong: what stops the Next button.
pub fn errors_in(step: Step, issues: &[Option<Issue>]) -> Vec<usize> {
    of_step(step)
        .filter(|&i| {
            issues
                .get(i)
                .and_then(Option::as_ref)
                .is_some_and(Issue::is_error)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> Values {
        let mut v = empty_values();
        for (path, value) in [
            ("loan.amount_kop", "10 000"),
            ("loan.term_days", "30"),
            ("applicant.last_name", "Иванов"),
            ("applicant.first_name", "Иван"),
            ("applicant.birth_date", "1990-05-10"),
            ("applicant.phone", "+7 912 345-67-89"),
            ("applicant.region", "77"),
            ("applicant.passport.series", "45 02"),
            ("applicant.passport.number", "573482"),
            ("applicant.passport.issue_date", "2010-06-01"),
            ("applicant.passport.issuer_code", "770-001"),
            ("applicant.inn", "500100732259"),
            ("applicant.snils", "112-233-445 95"),
            ("income.employment", "employed"),
            ("income.tenure_months", "14"),
            ("income.confirmed_kop", "80 000"),
            ("income.unconfirmed_kop", "0"),
            ("obligations.monthly_payments_kop", "5 000"),
            ("obligations.active_loans", "1"),
            ("obligations.overdue_now_days", "0"),
            ("obligations.overdue_12m_max_days", "0"),
            ("obligations.utility_arrears", "false"),
            ("applicant.has_emergency_contact", "true"),
        ] {
            v[index(path).unwrap()] = value.into();
        }
        v
    }

    fn now() -> Now {
        crate::clock::at(1_795_504_500_000.0) // 2026-11-24 10:15 Moscow
    }

    #[test]
    fn every_field_has_a_label_in_both_languages_and_a_step() {
        for f in FIELDS {
            for locale in [Locale::Ru, Locale::En] {
                assert!(text::field_label(f.path, locale).is_some(), "{}", f.path);
            }
            assert_eq!(Step::of_field(f.path), Some(f.step));
            assert_eq!(f.kind == Kind::Date, f.input_type == "date", "{}", f.path);
        }
        assert_eq!(FIELDS[AMOUNT].path, "loan.amount_kop");
        assert_eq!(FIELDS[TERM].path, "loan.term_days");
        assert_eq!(Step::of_field("offer_id"), None);
        assert_eq!(Step::of_field("consents.transfer"), Some(Step::Consent));
        assert_eq!(Step::Loan.next(), Step::About);
        assert_eq!(Step::Consent.next(), Step::Consent);
        assert_eq!(Step::Loan.prev(), Step::Loan);
        assert_eq!(Step::Result.index(), 3);
    }

    #[test]
    fn rubles_are_read_as_people_type_them() {
        assert_eq!(parse_rubles("50 000"), Ok(Some(5_000_000)));
        assert_eq!(parse_rubles("1 500,5"), Ok(Some(150_050)));
        assert_eq!(parse_rubles("12000.05 ₽"), Ok(Some(1_200_005)));
        assert_eq!(parse_rubles("  "), Ok(None));
        assert_eq!(parse_rubles("0,5"), Ok(Some(50)));
        assert_eq!(parse_rubles("12a"), Err(NumberError::NotANumber));
        assert_eq!(parse_rubles(",5"), Err(NumberError::NotANumber));
        assert_eq!(parse_rubles("1,234"), Ok(Some(123_400)));
        assert_eq!(parse_rubles("25,000.50"), Ok(Some(2_500_050)));
        assert_eq!(parse_rubles("1,2345"), Err(NumberError::NotANumber));
        assert_eq!(parse_rubles("20000 руб."), Ok(Some(2_000_000)));
        assert_eq!(parse_rubles("184467440737095516,15"), Ok(Some(u64::MAX)));
        assert_eq!(
            parse_rubles("184467440737095516,16"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            parse_rubles("99999999999999999999"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(parse_count(" 12 "), Ok(Some(12)));
        assert_eq!(parse_count("1\u{2009}200"), Ok(Some(1200)));
        assert_eq!(parse_count("1.5"), Err(NumberError::NotANumber));
        assert_eq!(parse_count("4294967296"), Err(NumberError::TooLarge));
        assert_eq!(parse_count(""), Ok(None));
    }

    #[test]
    fn a_complete_form_makes_the_contracts_application() {
        let mut app = application(
            &filled(),
            Extras {
                offer_id: Some("mfo-a-payday".into()),
                ..Extras::default()
            },
        );
        normalise(&mut app);
        let a = app.applicant.as_ref().unwrap();
        assert_eq!(a.phone.as_deref(), Some("+79123456789"));
        assert_eq!(a.passport.as_ref().unwrap().series.as_deref(), Some("4502"));
        assert_eq!(a.snils.as_deref(), Some("112-233-445 95"));
        assert_eq!(a.email, None);
        assert_eq!(a.has_emergency_contact, Some(true));
        assert_eq!(app.loan.as_ref().unwrap().amount_kop, Some(1_000_000));
        let income = app.income.as_ref().unwrap();
        assert_eq!(income.employment, Some(Employment::Employed));
        assert_eq!(income.confirmed_kop, Some(8_000_000));
        assert_eq!(
            app.obligations.as_ref().unwrap().utility_arrears,
            Some(false)
        );
    }

    #[test]
    fn a_complete_form_qualifies_but_for_the_consents() {
        let config = Config::demo();
        let v = verdict(&filled(), Vec::new(), None, &config, &now(), Locale::Ru);
        assert!(v.qualified_but_for_consent(), "{:?}", v.problems);
        assert!(!v.qualified);
        let issues = issues(&filled(), &[], &v, Some(&config), &[], Locale::Ru);
        for step in [Step::Loan, Step::About, Step::Income] {
            assert_eq!(errors_in(step, &issues), Vec::<usize>::new(), "{step:?}");
        }
        let phone = issues[index("applicant.phone").unwrap()].as_ref().unwrap();
        assert_eq!(phone.tone, Tone::Ok);
        assert!(phone.message.contains("+79123456789"));
    }

    #[test]
    fn fields_get_the_engines_specific_messages() {
        let config = Config::demo();
        let mut values = filled();
        let set = |v: &mut Values, path: &str, s: &str| v[index(path).unwrap()] = s.into();
        set(&mut values, "applicant.inn", "500100732258");
        set(&mut values, "applicant.phone", "8 495 123-45-67");
        set(&mut values, "income.confirmed_kop", "");
        set(&mut values, "obligations.active_loans", "two");
        set(&mut values, "loan.amount_kop", "500");
        set(&mut values, "obligations.overdue_now_days", "45");
        let v = verdict(&values, Vec::new(), None, &config, &now(), Locale::Ru);
        let bad = {
            let mut b = vec![false; FIELDS.len()];
            b[index("applicant.passport.issue_date").unwrap()] = true;
            b
        };
        let server = [ServerProblem {
            field: "applicant.snils".into(),
            code: "snils.checksum".into(),
            message: "from the server".into(),
        }];
        let issues = issues(&values, &bad, &v, Some(&config), &server, Locale::Ru);
        let at = |path: &str| issues[index(path).unwrap()].clone().unwrap();
        assert_eq!(
            at("applicant.inn").message,
            "В ИНН неверная контрольная цифра"
        );
        assert_eq!(at("applicant.inn").code, Some("inn.checksum"));
        assert!(at("applicant.phone").message.contains("мобильный"));
        assert_eq!(
            at("income.confirmed_kop").code,
            Some("income.confirmed_kop.missing")
        );
        assert!(at("obligations.active_loans").message.contains("целое"));
        assert!(at("loan.amount_kop").message.contains("1\u{a0}000 ₽"));
        assert!(at("applicant.passport.issue_date")
            .message
            .contains("полностью"));
        // The lender's problem, in our words for a code we know, in its own for another.
        let unknown = ServerProblem {
            field: "applicant.snils".into(),
            code: "lender.blocked".into(),
            message: "blocked by the lender".into(),
        };
        assert_eq!(
            unknown.text(Locale::Ru),
            ("blocked by the lender".into(), None)
        );
        assert_eq!(
            at("applicant.snils").message,
            "В СНИЛС неверное контрольное число (две последние цифры)"
        );
        let overdue = at("obligations.overdue_now_days");
        assert_eq!(
            (overdue.tone, overdue.code),
            (Tone::Note, Some("credit.overdue_now"))
        );
        assert_eq!(
            errors_in(Step::Income, &issues)
                .into_iter()
                .map(|i| FIELDS[i].path)
                .collect::<Vec<_>>(),
            ["income.confirmed_kop", "obligations.active_loans"]
        );
    }

    #[test]
    fn too_many_digits_say_so_and_the_loans_say_their_range() {
        let config = Config::demo();
        let mut values = filled();
        let set = |v: &mut Values, path: &str, s: &str| v[index(path).unwrap()] = s.into();
        set(
            &mut values,
            "loan.amount_kop",
            "150 000 000 000 000 000 000",
        );
        set(&mut values, "loan.term_days", "99999999999");
        set(&mut values, "income.confirmed_kop", "800000000000000000000");
        set(&mut values, "income.tenure_months", "99999999999");
        let v = verdict(&values, Vec::new(), None, &config, &now(), Locale::Ru);
        let issues = issues(&values, &[], &v, Some(&config), &[], Locale::Ru);
        let at = |path: &str| issues[index(path).unwrap()].clone().unwrap().message;
        assert_eq!(
            at("loan.amount_kop"),
            "Выберите сумму от 1\u{a0}000 ₽ до 100\u{a0}000 ₽"
        );
        assert!(at("loan.term_days").starts_with("Выберите срок от 5 до"));
        for path in ["income.confirmed_kop", "income.tenure_months"] {
            assert_eq!(
                at(path),
                "Слишком большое число: проверьте, нет ли лишних цифр"
            );
        }
        assert_eq!(errors_in(Step::Income, &issues).len(), 2);
    }

    #[test]
    fn the_term_slider_stops_only_at_terms_an_offer_lends_for() {
        // The demo's offers: 1 000–30 000 ₽ for 5–30 days in one payment, 10 000–100 000 ₽
        // for 56–168 days in 14-day instalments.
        let mut config = Config::demo();
        let small = 1_500_000;
        assert_eq!(term_nearest(&config, small, 40), 30);
        assert_eq!(term_nearest(&config, small, 45), 56);
        assert_eq!(term_nearest(&config, small, 62), 56);
        assert_eq!(term_nearest(&config, small, 63), 56);
        assert_eq!(term_nearest(&config, small, 64), 70);
        assert_eq!(term_nearest(&config, small, 12), 12);
        assert_eq!(term_nearest(&config, small, 200), 168);
        assert_eq!(term_step(&config, small, 30, true), 56);
        assert_eq!(term_step(&config, small, 56, false), 30);
        assert_eq!(term_step(&config, small, 56, true), 70);
        assert_eq!(term_step(&config, small, 168, true), 168);
        assert_eq!(term_step(&config, small, 5, false), 5);
        assert_eq!(term_step(&config, small, 0, true), 5);
        assert_eq!(term_step(&config, small, u32::MAX, false), 168);
        // 50 000 ₽ only the instalment offer lends: its terms only.
        let large = 5_000_000;
        assert_eq!(term_nearest(&config, large, 12), 56);
        assert_eq!(term_step(&config, large, 0, true), 56);
        assert_eq!(term_step(&config, large, 70, false), 56);
        // 5 000 ₽ only the payday offer lends; an amount no offer lends: every offer's terms.
        assert_eq!(term_nearest(&config, 500_000, 100), 30);
        assert_eq!(term_nearest(&config, 1, 12), 12);
        // The instalment offer's own limits need not be whole periods: 50–180 days every 14
        // lends for 56…168 only, and the slider never lands on 50 or 180.
        let offer = config
            .offers
            .iter_mut()
            .find(|o| o.term_min_days == 56)
            .unwrap();
        (offer.term_min_days, offer.term_max_days) = (50, 180);
        assert_eq!(term_step(&config, small, u32::MAX, false), 168);
        assert_eq!(term_nearest(&config, small, 180), 168);
        assert_eq!(term_nearest(&config, small, 50), 56);
        config.offers.clear();
        assert_eq!(term_nearest(&config, small, 40), 40);
        assert_eq!(term_step(&config, small, 40, true), 40);
    }

    #[test]
    fn a_term_no_offer_lends_for_is_an_error_with_the_nearest_ones() {
        let config = Config::demo();
        let note = |amount: &str, term: &str| {
            let mut values = filled();
            values[AMOUNT] = amount.into();
            values[TERM] = term.into();
            let v = verdict(&values, Vec::new(), None, &config, &now(), Locale::Ru);
            let issues = issues(&values, &[], &v, Some(&config), &[], Locale::Ru);
            let stops = !errors_in(Step::Loan, &issues).is_empty();
            assert_eq!(stops, issues[TERM].is_some(), "{amount} ₽, {term} days");
            issues[TERM].clone().map(|i| (i.tone, i.message))
        };
        assert_eq!(
            note("15 000", "40"),
            Some((
                Tone::Error,
                "На 40 дн. такую сумму не дают: ближайшие сроки — 30 и 56 дн.".into()
            ))
        );
        assert_eq!(
            note("15 000", "60").unwrap().1,
            "На 60 дн. такую сумму не дают: ближайшие сроки — 56 и 70 дн."
        );
        // 50 000 ₽ only the instalment offer lends, from 56 days.
        assert_eq!(
            note("50 000", "20").unwrap().1,
            "На 20 дн. такую сумму не дают: ближайший срок — 56 дн."
        );
        assert_eq!(note("15 000", "30"), None);
        assert_eq!(note("15 000", "70"), None);
    }

    #[test]
    fn an_amount_between_two_offers_is_an_error() {
        // The payday offer lends up to 30 000 ₽; the instalments from 40 000 ₽.
        let mut config = Config::demo();
        config.offers[1].amount_min_kop = 4_000_000;
        let check = |amount: &str| {
            let mut values = filled();
            values[AMOUNT] = amount.into();
            values[TERM] = "30".into();
            let v = verdict(&values, Vec::new(), None, &config, &now(), Locale::Ru);
            let issues = issues(&values, &[], &v, Some(&config), &[], Locale::Ru);
            issues[AMOUNT].clone().map(|i| (i.tone, i.message))
        };
        assert_eq!(
            check("35 000"),
            Some((
                Tone::Error,
                "На такую сумму займов нет: условия предложений — ниже".into()
            ))
        );
        assert_eq!(check("30 000"), None);
        assert_eq!(check("40 000"), None);
    }
}
