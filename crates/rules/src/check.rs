//! `check`: one application against one partner configuration → one verdict.
//!
//! It never stops at the first problem: every field is checked and every problem reported
//! with its code and field, as a form needs (rust-analyzer's "(T, Vec<Error>)" idea). It
//! cannot fail and never panics: a missing or malformed value is a problem in the verdict.

use crate::application::{Applicant, Application, ConsentKind, Locale};
use crate::code::Code;
use crate::config::{Config, Offer, Policy};
use crate::date::{moscow_date_of, Date};
use crate::estimate::{estimate, EstimateInput, LikelihoodBand};
use crate::ident::{email, inn, is_space, issuer_code, name, passport, phone, region, snils};
use crate::loan::{quote, LoanTerms};
use crate::pdn::{self, Band, Kopecks};
use crate::text;
use crate::verdict::{OfferResult, Problem, Severity, Verdict, RULES_VERSION};

/// What `check` needs from outside the application: the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// Today in Moscow: the application date when `applied_at` is absent.
    pub today: Date,
    /// Overrides the application date (the CLI's `--today`).
    pub date_override: Option<Date>,
}

impl Context {
    pub fn on(today: Date) -> Context {
        Context {
            today,
            date_override: None,
        }
    }
}

/// Collects problems in the application's language.
struct Problems {
    locale: Locale,
    list: Vec<Problem>,
}

impl Problems {
    fn make(&self, code: Code, field: &'static str, severity: Severity) -> Problem {
        Problem {
            code,
            field,
            severity,
            message: text::message(code, self.locale),
            advice: text::advice(code, self.locale),
        }
    }

    fn blocker(&mut self, code: Code, field: &'static str) {
        let p = self.make(code, field, Severity::Blocker);
        self.list.push(p);
    }

    fn warning(&mut self, code: Code, field: &'static str) {
        let p = self.make(code, field, Severity::Warning);
        self.list.push(p);
    }

    fn missing(&mut self, field: &'static str) {
        self.blocker(Code::Missing(field), field);
    }

    /// `<field>.missing` for each field of a group that is not `present`.
    fn require(&mut self, fields: &[(bool, &'static str)]) {
        for &(present, field) in fields {
            if !present {
                self.missing(field);
            }
        }
    }
}

/// A present, non-blank string (forms send "" for an empty optional field), without the
/// spaces around it. A line break or other control character stays, for the field's own check
/// to refuse (formats.md: "at the ends of a value as well as inside it").
fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref()
        .map(|s| s.trim_matches(is_space))
        .filter(|s| !s.is_empty())
}

/// Checks `app` against `config`. See contract.md, "Verdict".
pub fn check(app: &Application, config: &Config, ctx: &Context) -> Verdict {
    let locale = app.locale.unwrap_or_default();
    let mut problems = Problems {
        locale,
        list: Vec::new(),
    };

    // `applied_at` dates the application (contract.md, "Conventions"), never the clock of
    // whoever checks it: the browser, the server and `prequal check` give one verdict. When
    // it does not read, today does and `applied_at.invalid` says why; not when the date is
    // given (`--today`), which then dates the application whatever `applied_at` says.
    let applied_on = given(&app.applied_at).map(moscow_date_of);
    if let (Some(None), None) = (applied_on, ctx.date_override) {
        problems.blocker(Code::AppliedAtInvalid, "applied_at");
    }
    let date = ctx
        .date_override
        .or(applied_on.flatten())
        .unwrap_or(ctx.today);

    let birth = check_applicant(app.applicant.as_ref(), &config.policy, date, &mut problems);
    let age = birth.map(|b| b.age_on(date));
    check_consents(app, &mut problems);
    let income_used = check_money(app, &config.policy, &mut problems);

    let amount = app.loan.as_ref().and_then(|l| l.amount_kop);
    let term = app.loan.as_ref().and_then(|l| l.term_days);
    match &app.loan {
        None => problems.missing("loan"),
        Some(loan) => {
            if loan.amount_kop.is_none() {
                problems.missing("loan.amount_kop");
            }
            if loan.term_days.is_none() {
                problems.missing("loan.term_days");
            }
        }
    }

    let chosen = given(&app.offer_id);
    if chosen.is_some_and(|id| !config.offers.iter().any(|o| o.id == id)) {
        problems.blocker(Code::OfferUnknown, "offer_id");
    }
    let applicant = Fit {
        amount,
        term,
        age,
        region: app.applicant.as_ref().and_then(|a| given(&a.region)),
        tenure: app.income.as_ref().and_then(|i| i.tenure_months),
        payments_kop: app
            .obligations
            .as_ref()
            .and_then(|o| o.monthly_payments_kop),
        income_used,
        date,
    };
    // Every offer is fitted, even with one chosen, so that "choose another offer" is advised
    // only where another does not have the same problem (`text::points_elsewhere`).
    let mut fitted: Vec<OfferResult> = config
        .offers
        .iter()
        .map(|offer| fit_offer(offer, &applicant, &problems))
        .collect();
    for i in 0..fitted.len() {
        for j in 0..fitted[i].problems.len() {
            let code = fitted[i].problems[j].code;
            let without = |(k, r): (usize, &OfferResult)| {
                k != i && !r.problems.iter().any(|p| p.code == code)
            };
            if text::points_elsewhere(code) && !fitted.iter().enumerate().any(without) {
                fitted[i].problems[j].advice = None;
            }
        }
    }
    let offers: Vec<OfferResult> = fitted
        .into_iter()
        .filter(|r| chosen.is_none_or(|id| r.id == id))
        .collect();

    // The headline debt load: the chosen offer's, else the first that fits, else the first
    // that could be priced; without any quote, the load of the existing payments alone.
    let headline = offers
        .iter()
        .find(|o| o.fits && o.pdn.is_some())
        .or_else(|| offers.iter().find(|o| o.pdn.is_some()))
        .and_then(|o| o.pdn)
        .or_else(|| {
            pdn::pdn(
                applicant.payments_kop.unwrap_or(0),
                Kopecks::whole(0),
                income_used?,
            )
        });
    match headline.as_ref().map(|p| p.band) {
        Some(Band::Review) => problems.warning(Code::PdnReview, "obligations.monthly_payments_kop"),
        Some(Band::Warn) => problems.warning(Code::PdnWarn, "obligations.monthly_payments_kop"),
        _ => {}
    }
    if !offers.is_empty() && !offers.iter().any(|o| o.fits) || config.offers.is_empty() {
        problems.blocker(Code::OfferNoneFits, "offer_id");
    }

    let estimate = estimate(&EstimateInput {
        app,
        pdn: headline.as_ref(),
        application_date: Some(date),
        locale,
    });
    let qualified = offers.iter().any(|o| o.fits)
        && !problems
            .list
            .iter()
            .any(|p| p.severity == Severity::Blocker);
    let mut verdict = Verdict {
        application_id: app.application_id.clone(),
        qualified,
        problems: problems.list,
        pdn: headline,
        offers,
        estimate,
        application_date: date,
        rules_version: RULES_VERSION,
        config_version: config.config_version.clone(),
    };
    // Not approvable as it stands (estimate.rs, "Bands"); the consents, asked for after the
    // result, do not count.
    if !verdict.qualified_but_for_consent() {
        verdict.estimate.band = LikelihoodBand::Low;
    }
    verdict
}

/// Identity data; returns the birth date when it is valid.
fn check_applicant(
    applicant: Option<&Applicant>,
    policy: &Policy,
    date: Date,
    problems: &mut Problems,
) -> Option<Date> {
    let Some(a) = applicant else {
        problems.missing("applicant");
        return None;
    };
    for (value, field) in [
        (&a.last_name, "applicant.last_name"),
        (&a.first_name, "applicant.first_name"),
    ] {
        match given(value) {
            None => problems.missing(field),
            Some(v) => {
                if let Err(e) = name::validate_name(v) {
                    problems.blocker(e.code, field);
                }
            }
        }
    }
    if let Some(Err(e)) = given(&a.patronymic).map(name::validate_name) {
        problems.blocker(e.code, "applicant.patronymic");
    }

    let birth = match given(&a.birth_date) {
        None => {
            problems.missing("applicant.birth_date");
            None
        }
        Some(s) => match s.parse::<Date>() {
            Ok(b) if b <= date && b.age_on(date) <= 120 => Some(b),
            _ => {
                problems.blocker(Code::BirthDateInvalid, "applicant.birth_date");
                None
            }
        },
    };
    if let Some(b) = birth {
        if b.age_on(date) < policy.min_age {
            problems.blocker(Code::AgeUnderMin, "applicant.birth_date");
        }
    }

    match given(&a.phone) {
        None => problems.missing("applicant.phone"),
        Some(v) => {
            if let Err(e) = phone::validate(v) {
                problems.blocker(e.code, "applicant.phone");
            }
        }
    }
    if let Some(Err(e)) = given(&a.email).map(email::validate) {
        problems.blocker(e.code, "applicant.email");
    }
    match given(&a.region) {
        None => problems.missing("applicant.region"),
        Some(v) => {
            if let Err(e) = region::validate(v) {
                problems.blocker(e.code, "applicant.region");
            }
        }
    }
    match given(&a.inn).map(inn::validate) {
        Some(Err(e)) => problems.blocker(e.code, "applicant.inn"),
        // A valid 10-digit INN belongs to an organisation, not to the applicant.
        Some(Ok(number)) if !number.is_individual() => {
            problems.blocker(Code::InnLength, "applicant.inn")
        }
        _ => {}
    }
    if let Some(Err(e)) = given(&a.snils).map(snils::validate) {
        problems.blocker(e.code, "applicant.snils");
    }
    check_passport(a, birth, policy, date, problems);
    birth
}

fn check_passport(
    a: &Applicant,
    birth: Option<Date>,
    policy: &Policy,
    date: Date,
    problems: &mut Problems,
) {
    let Some(p) = &a.passport else {
        problems.missing("applicant.passport");
        return;
    };
    let series = given(&p.series);
    let number = given(&p.number);
    if series.is_none() {
        problems.missing("applicant.passport.series");
    }
    if number.is_none() {
        problems.missing("applicant.passport.number");
    }
    let mut blank_year = None;
    match (series, number) {
        (Some(series), Some(number)) => match passport::validate_parts(series, number, date) {
            Ok(doc) => blank_year = Some(doc.series_year()),
            Err(e) => {
                // Point at the part that is wrong: a 4-digit series means the number is.
                let series = passport::compact(series);
                let series_ok = series.len() == 4 && series.bytes().all(|b| b.is_ascii_digit());
                let field = if e.code == Code::PassportFormat && series_ok {
                    "applicant.passport.number"
                } else {
                    "applicant.passport.series"
                };
                problems.blocker(e.code, field);
            }
        },
        // One part without the other is checked on its own: a form then shows a mistake in
        // the series as soon as the field is left, not once the number is typed too.
        (Some(series), None) => {
            if let Err(e) = passport::validate_series(series, date) {
                problems.blocker(e.code, "applicant.passport.series");
            }
        }
        (None, Some(number)) => {
            if let Err(e) = passport::validate_number(number) {
                problems.blocker(e.code, "applicant.passport.number");
            }
        }
        (None, None) => {}
    }
    match given(&p.issuer_code) {
        None => problems.missing("applicant.passport.issuer_code"),
        Some(v) => {
            if let Err(e) = issuer_code::validate(v) {
                problems.blocker(e.code, "applicant.passport.issuer_code");
            }
        }
    }
    let issue = match given(&p.issue_date) {
        None => {
            problems.missing("applicant.passport.issue_date");
            return;
        }
        Some(s) => match s.parse::<Date>() {
            Ok(d) => d,
            Err(_) => {
                problems.blocker(
                    Code::PassportIssueDateInvalid,
                    "applicant.passport.issue_date",
                );
                return;
            }
        },
    };
    if let Some(birth) = birth {
        if let Err(code) = passport::check_validity(birth, issue, date, policy.passport_grace_days)
        {
            problems.blocker(code, "applicant.passport.issue_date");
        }
    } else if issue > date {
        problems.blocker(
            Code::PassportIssuedInFuture,
            "applicant.passport.issue_date",
        );
    }
    if blank_year.is_some_and(|year| passport::blank_after_issue(year, issue)) {
        problems.warning(Code::PassportBlankAfterIssue, "applicant.passport.series");
    }
}

fn check_consents(app: &Application, problems: &mut Problems) {
    let given: Vec<ConsentKind> = app
        .consents
        .iter()
        .flatten()
        // A consent is a record (domain.md §6): the text's version and when it was given, an
        // RFC 3339 instant (contract.md, "Conventions"); without both it is not one.
        .filter(|c| {
            !c.text_version.trim().is_empty() && moscow_date_of(c.given_at.trim()).is_some()
        })
        .map(|c| c.kind)
        .collect();
    for (kind, code, field) in [
        (
            ConsentKind::PersonalData,
            Code::ConsentPersonalData,
            "consents.personal_data",
        ),
        (
            ConsentKind::CreditBureau,
            Code::ConsentCreditBureau,
            "consents.credit_bureau",
        ),
        (
            ConsentKind::Transfer,
            Code::ConsentTransfer,
            "consents.transfer",
        ),
    ] {
        if !given.contains(&kind) {
            problems.blocker(code, field);
        }
    }
}

/// Income and obligations; returns the income used for the debt load when there is one.
fn check_money(app: &Application, policy: &Policy, problems: &mut Problems) -> Option<Kopecks> {
    let mut income_used = None;
    match &app.income {
        None => problems.missing("income"),
        Some(income) => {
            problems.require(&[
                (income.employment.is_some(), "income.employment"),
                (income.tenure_months.is_some(), "income.tenure_months"),
                (income.confirmed_kop.is_some(), "income.confirmed_kop"),
                (income.unconfirmed_kop.is_some(), "income.unconfirmed_kop"),
            ]);
            // Both halves are needed for the income used: one left out is its own `missing`
            // (the schema requires both; 0 is how "none" is said), not a guess of 0.
            if let (Some(confirmed), Some(unconfirmed)) =
                (income.confirmed_kop, income.unconfirmed_kop)
            {
                let used =
                    pdn::income_used(confirmed, unconfirmed, policy.unconfirmed_income_factor);
                // Less than half a kopeck: no ratio can be made of it.
                if used.rounded() == 0 {
                    problems.blocker(Code::IncomeMissing, "income.confirmed_kop");
                } else {
                    income_used = Some(used);
                }
            }
        }
    }
    match &app.obligations {
        None => problems.missing("obligations"),
        Some(o) => {
            problems.require(&[
                (
                    o.monthly_payments_kop.is_some(),
                    "obligations.monthly_payments_kop",
                ),
                (o.active_loans.is_some(), "obligations.active_loans"),
                (o.overdue_now_days.is_some(), "obligations.overdue_now_days"),
                (
                    o.overdue_12m_max_days.is_some(),
                    "obligations.overdue_12m_max_days",
                ),
                (o.utility_arrears.is_some(), "obligations.utility_arrears"),
            ]);
            if o.overdue_now_days.unwrap_or(0) > policy.max_overdue_now_days {
                problems.blocker(Code::CreditOverdueNow, "obligations.overdue_now_days");
            }
        }
    }
    income_used
}

/// What offer matching needs to know about the applicant.
struct Fit<'a> {
    amount: Option<u64>,
    term: Option<u32>,
    age: Option<u32>,
    region: Option<&'a str>,
    tenure: Option<u32>,
    payments_kop: Option<u64>,
    income_used: Option<Kopecks>,
    date: Date,
}

fn fit_offer(offer: &Offer, who: &Fit, problems: &Problems) -> OfferResult {
    let mut why = Vec::new();
    let mut no = |code: Code, field: &'static str| {
        why.push(problems.make(code, field, Severity::Blocker));
    };
    if let Some(amount) = who.amount {
        if amount < offer.amount_min_kop || amount > offer.amount_max_kop {
            no(Code::LoanAmountOutOfRange, "loan.amount_kop");
        }
    }
    if let Some(term) = who.term {
        if term < offer.term_min_days || term > offer.term_max_days {
            no(Code::LoanTermOutOfRange, "loan.term_days");
        }
    }
    if let Some(age) = who.age {
        let too_young = offer.age_min.is_some_and(|min| age < min);
        let too_old = offer.age_max.is_some_and(|max| age > max);
        if too_young || too_old {
            no(Code::AgeOutOfOfferRange, "applicant.birth_date");
        }
    }
    if who
        .region
        .is_some_and(|r| offer.regions_excluded.iter().any(|x| x == r))
    {
        no(Code::OfferRegionExcluded, "applicant.region");
    }
    if let (Some(min), Some(tenure)) = (offer.min_tenure_months, who.tenure) {
        if tenure < min {
            no(Code::OfferTenureTooShort, "income.tenure_months");
        }
    }

    if who.amount.is_none() {
        no(Code::Missing("loan.amount_kop"), "loan.amount_kop");
    }
    if who.term.is_none() {
        no(Code::Missing("loan.term_days"), "loan.term_days");
    }
    let mut offer_quote = None;
    let mut offer_pdn = None;
    if let (Some(amount_kop), Some(term_days)) = (who.amount, who.term) {
        let terms = LoanTerms {
            amount_kop,
            term_days,
            daily_rate: offer.daily_rate_pct,
            schedule: offer.schedule,
            contract_date: who.date,
        };
        match quote(&terms) {
            Ok(q) => {
                let new_payment = pdn::new_loan_monthly_payment(q.total_kop, term_days);
                offer_pdn = who.income_used.and_then(|income| {
                    pdn::pdn(who.payments_kop.unwrap_or(0), new_payment, income)
                });
                if let (Some(p), Some(max)) = (&offer_pdn, offer.max_pdn_pct) {
                    if p.exceeds(max) {
                        no(Code::PdnAboveLimit, "obligations.monthly_payments_kop");
                    }
                }
                if q.limits
                    .iter()
                    .any(|l| l.code == Code::CapPsk && l.value > l.limit)
                {
                    no(Code::CapPsk, "offer_id");
                }
                offer_quote = Some(q);
            }
            Err(e) => {
                let field = match e.code() {
                    Code::CapDailyRate => "offer_id",
                    Code::LoanAmountOutOfRange => "loan.amount_kop",
                    _ => "loan.term_days",
                };
                no(e.code(), field);
            }
        }
    }
    // Each reason once: an amount or term out of range may also be one the quote refuses.
    let mut seen = Vec::new();
    why.retain(|p| {
        let first = !seen.contains(&p.code);
        seen.push(p.code);
        first
    });
    if seen.contains(&Code::LoanTermOutOfRange) {
        why.retain(|p| p.code != Code::LoanTermNotMultiple);
    }
    OfferResult {
        id: offer.id.clone(),
        fits: why.is_empty(),
        problems: why,
        quote: offer_quote,
        pdn: offer_pdn,
    }
}
