//! Every user-facing text of the rules engine, one file per language: `ru.rs` (the default)
//! and `en.rs`.
//!
//! Adding a language = one new file with the same functions (`message`, `advice`,
//! `field_label`, `employment_label`, `factor_label`, `phrase`, `ui`), a `Locale` variant and
//! one arm in each `match` below; the compiler points at every place. The tests below check
//! that every language has a text for every code, every required field and every UI key.
//!
//! [`ui`] holds the widget's own interface texts (step titles, buttons, hints, statuses, gauge
//! labels): they live here too, so that each language is one file. Some are templates with
//! numbered placeholders (`{0}`, `{1}`) that [`fill`] replaces.
//!
//! Messages say what is wrong in plain words; advice says what the applicant can do about it.
//! Neither contains personal data: they are static strings, safe for logs and events.

mod en;
mod ru;

use crate::application::{Employment, Locale};
use crate::code::Code;

/// Short texts that belong to no reason code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phrase {
    /// The estimate is not a bureau check nor the lender's decision; the digital footprint is
    /// left out.
    EstimateNote,
    /// Advice for an estimate factor whose question was not answered.
    EstimateUnanswered,
    LikelihoodHigh,
    LikelihoodMedium,
    LikelihoodLow,
}

macro_rules! ui_keys {
    ($($(#[$doc:meta])* $key:ident,)*) => {
        /// The widget's interface texts, by key (see [`ui`]). A key whose text has `{0}`…
        /// placeholders says so in its documentation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum UiText {
            $($(#[$doc])* $key,)*
        }

        impl UiText {
            /// Every key, in declaration order.
            pub const ALL: &'static [UiText] = &[$(UiText::$key,)*];
        }
    };
}

ui_keys! {
    WidgetTitle,
    /// The short note shown on every step: an estimate, not a bureau check nor a decision.
    NoteShort,
    ProgressLabel,
    /// `{0}` the step's number, `{1}` how many steps there are.
    StepOf,
    StepLoan,
    StepAbout,
    StepIncome,
    StepResult,
    StepConsent,
    Back,
    Next,
    Submit,
    SubmitAgain,
    Loading,
    LoadFailed,
    /// The offers' request got an answer, but not the offers.
    LoadRefused,
    LoadAgain,
    NoOffers,
    Misconfigured,
    Optional,
    /// `{0}` an amount: "12 400 ₽".
    Rubles,
    /// `{0}` a number of days.
    Days,
    /// `{0}` a percentage with its decimals.
    Percent,
    /// `{0}` the smallest amount, `{1}` the largest, both already with the currency.
    AmountRange,
    /// `{0}` the shortest term, `{1}` the longest, in days.
    TermRange,
    /// `{0}` the one amount lent (the smallest is the largest), with the currency.
    AmountOnly,
    /// `{0}` the one term lent, in days.
    TermOnly,
    /// `{0}` the smallest amount, `{1}` the largest, both already with the currency.
    AmountOutOfRange,
    /// `{0}` the shortest term, `{1}` the longest, in days.
    TermOutOfRange,
    /// An amount within the offers' range that none of them lends (between two offers').
    AmountNoOffer,
    /// `{0}` the term typed, `{1}` and `{2}` the nearest terms an offer lending this amount
    /// lends for, in days.
    TermNoOffer,
    /// As `TermNoOffer`, with one nearest term, `{1}`.
    TermNoOfferOne,
    NotANumber,
    NotAWholeNumber,
    /// A number with more digits than any amount or count could have.
    TooLarge,
    DateIncomplete,
    HintName,
    HintPhone,
    HintEmail,
    HintPassportSeries,
    HintPassportNumber,
    HintIssuerCode,
    HintInn,
    HintSnils,
    HintMoney,
    HintCount,
    HintTenure,
    HintEmergencyContact,
    ChooseRegion,
    ChooseEmployment,
    /// `{0}` the normalised phone number.
    PhoneLooksRight,
    CostTitle,
    CostNone,
    /// `{0}` the offer's name, `{1}`–`{2}` its amounts (with the currency), `{3}`–`{4}` its
    /// terms in days.
    OfferTerms,
    /// `{0}` an offer's terms ([`UiText::OfferTerms`]), `{1}` the days its term must be a
    /// multiple of (an offer repaid in instalments).
    OfferTermsEvery,
    /// `{0}`–`{1}` the ages an offer lends at, beside a refusal for age.
    OfferAges,
    /// `{0}` the youngest age an offer lends at, where it sets no oldest.
    OfferAgeFrom,
    /// `{0}` the months at the current job an offer asks for.
    OfferTenure,
    /// `{0}` the highest debt load an offer accepts, in percent.
    OfferPdn,
    DailyRate,
    /// `{0}` the daily rate.
    PerDay,
    RepaySingle,
    RepayAnnuity,
    /// `{0}` the amount, `{1}` the term in days.
    SinglePayment,
    /// `{0}` the number of payments, `{1}` the amount of each, `{2}` the period in days.
    AnnuityPayments,
    /// `{0}` [`UiText::AnnuityPayments`], `{1}` the last payment, which differs from the others:
    /// they are rounded to the kopeck and the last one repays the principal exactly.
    AnnuityLast,
    /// `{0}` the number of payments, `{1}` the smallest, `{2}` the largest, `{3}` the period in
    /// days: the interest cap (`cap.overpayment`) cut the later payments, so they differ.
    AnnuityRange,
    TotalToRepay,
    Overpayment,
    Psk,
    PskRub,
    /// `{0}` the ПСК in % a year.
    PerYear,
    SummaryTitle,
    ResultQualified,
    ResultNotQualified,
    /// `{0}` how many offers fit.
    AnnounceQualified,
    AnnounceNotQualified,
    ChooseOffer,
    Reasons,
    WhatToDo,
    FixField,
    /// `{0}` the offer's name.
    OfferDoesNotFit,
    NoteWarnings,
    DebtLoadTitle,
    /// `{0}` the ПДН in %.
    DebtLoadValue,
    DebtLoadUnknown,
    BandFine,
    BandReview,
    BandWarn,
    /// `{0}` the ПДН in %, `{1}` the band's label.
    GaugeLabel,
    EstimateTitle,
    FactorsTitle,
    FactorHelps,
    FactorHurts,
    /// `{0}` the factor's score in %.
    FactorScore,
    ConsentIntro,
    /// `{0}` the OGRN, `{1}` the INN, `{2}` the Bank of Russia register number.
    LenderDetails,
    ConsentsLegend,
    ConsentsNote,
    /// `{0}` the version of the consent text.
    ConsentVersion,
    Sending,
    Sent,
    NotSent,
    NotSentFields,
    NotSentRefused,
    NotSentRejected,
    /// `{0}` the application's number.
    ApplicationNumber,
    StatusTitle,
    StatusChecking,
    StatusReceived,
    StatusApproved,
    StatusRejected,
    StatusIssued,
    StatusRepaid,
    StatusWithdrawn,
    NextReceived,
    NextApproved,
    NextRejected,
    NextIssued,
    NextRepaid,
    NextWithdrawn,
    LeaveWarning,
}

/// The widget's interface text for `key` (see [`UiText`]).
pub fn ui(key: UiText, locale: Locale) -> &'static str {
    match locale {
        Locale::Ru => ru::ui(key),
        Locale::En => en::ui(key),
    }
}

/// `template` with `{0}`, `{1}`… replaced by `args` in order; a placeholder without an
/// argument is left as it is.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let index: usize = after[..close].parse().ok()?;
            Some((args.get(index)?, close))
        });
        match arg {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What is wrong, in plain words, for every code. `Code::Missing(field)` gets a per-field
/// text ("Укажите фамилию"); a field path the table does not know gets a generic one.
/// Plain text, except `cap.overpayment`'s: a template whose `{0}` is the cap in force (it is
/// never a problem in a verdict, only the widget's note on a capped quote, which fills it).
pub fn message(code: Code, locale: Locale) -> &'static str {
    match locale {
        Locale::Ru => ru::message(code),
        Locale::En => en::message(code),
    }
}

/// What the applicant can do about it, where something can be done.
pub fn advice(code: Code, locale: Locale) -> Option<&'static str> {
    match locale {
        Locale::Ru => ru::advice(code),
        Locale::En => en::advice(code),
    }
}

/// Whether `code`'s advice is, in whole or in part, to choose another offer. `check` gives
/// it only where another of the partner's offers does not have the same problem (none has,
/// on a white-label page with one lender's offer): what the offer asks for is on the result
/// step beside the reason, and `offer.none_fits` says what helps. An unknown `offer_id` keeps
/// its "choose another offer": any offer is another.
pub fn points_elsewhere(code: Code) -> bool {
    use Code::*;
    matches!(
        code,
        AgeOutOfOfferRange
            | LoanAmountOutOfRange
            | LoanTermOutOfRange
            | OfferRegionExcluded
            | OfferTenureTooShort
            | CapDailyRate
            | CapPsk
    )
}

/// The visible label of an application input, by its JSON path (`applicant.passport.series`,
/// `consents.personal_data`, `offer_id`…). Group paths (`applicant.passport`) have labels
/// too, for their `.missing` codes and fieldset legends.
pub fn field_label(field_path: &str, locale: Locale) -> Option<&'static str> {
    match locale {
        Locale::Ru => ru::field_label(field_path),
        Locale::En => en::field_label(field_path),
    }
}

/// The label of an employment option in the `income.employment` select.
pub fn employment_label(employment: Employment, locale: Locale) -> &'static str {
    match locale {
        Locale::Ru => ru::employment_label(employment),
        Locale::En => en::employment_label(employment),
    }
}

/// The human name of an estimate factor (`debt_load` → "Долговая нагрузка").
pub fn factor_label(factor: &str, locale: Locale) -> Option<&'static str> {
    match locale {
        Locale::Ru => ru::factor_label(factor),
        Locale::En => en::factor_label(factor),
    }
}

/// A text that belongs to no reason code.
pub fn phrase(phrase: Phrase, locale: Locale) -> &'static str {
    match locale {
        Locale::Ru => ru::phrase(phrase),
        Locale::En => en::phrase(phrase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::REQUIRED_FIELDS;
    use Code::*;

    const LOCALES: [Locale; 2] = [Locale::Ru, Locale::En];

    /// `exhaustive` below stops compiling when a variant is added, and `Code::ALL` must then
    /// list it (a test in code.rs counts them).
    #[allow(dead_code)]
    fn exhaustive(code: Code) {
        match code {
            InputJson
            | InputSchema
            | Missing(_)
            | NameFormat
            | BirthDateInvalid
            | AgeUnderMin
            | AgeOutOfOfferRange
            | AppliedAtInvalid
            | PassportFormat
            | PassportSeriesYear
            | PassportBlankAfterIssue
            | PassportIssuedBefore14
            | PassportIssuedInFuture
            | PassportExpired
            | PassportIssueDateInvalid
            | IssuerCodeFormat
            | InnFormat
            | InnLength
            | InnChecksum
            | SnilsFormat
            | SnilsLength
            | SnilsChecksum
            | PhoneFormat
            | PhoneNotMobile
            | EmailFormat
            | RegionUnknown
            | IncomeMissing
            | PdnReview
            | PdnWarn
            | PdnAboveLimit
            | CreditOverdueNow
            | CreditOverdue12m
            | CreditManyLoans
            | CreditUtilityArrears
            | EmploymentWeak
            | IncomeUnconfirmed
            | TimeOffHours
            | SocialNoContact
            | LoanAmountOutOfRange
            | LoanTermOutOfRange
            | LoanTermNotMultiple
            | OfferRegionExcluded
            | OfferTenureTooShort
            | OfferNoneFits
            | OfferUnknown
            | ConsentPersonalData
            | ConsentCreditBureau
            | ConsentTransfer
            | CapDailyRate
            | CapPsk
            | CapOverpayment => {}
        }
    }

    fn every_code() -> Vec<Code> {
        let mut codes = Code::ALL.to_vec();
        codes.extend(REQUIRED_FIELDS.iter().map(|(f, _)| Missing(f)));
        codes
    }

    fn has_cyrillic(s: &str) -> bool {
        s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
    }

    #[test]
    fn every_code_has_a_russian_and_an_english_message() {
        for code in every_code() {
            let ru = message(code, Locale::Ru);
            let en = message(code, Locale::En);
            assert!(!ru.trim().is_empty() && !en.trim().is_empty(), "{code}");
            assert!(has_cyrillic(ru), "{code}: {ru}");
            assert!(!has_cyrillic(en), "{code}: {en}");
            assert_ne!(ru, en, "{code}");
            // Only the overpayment cap's note is a template (its `{0}` filled by the widget).
            let templates = u8::from(ru.contains('{')) + u8::from(en.contains('{'));
            let expected = if code == CapOverpayment { 2 } else { 0 };
            assert_eq!(templates, expected, "{code}: {ru} / {en}");
        }
    }

    #[test]
    fn advice_when_given_is_non_empty_and_in_its_language() {
        let mut with_advice = 0;
        for code in every_code() {
            match (advice(code, Locale::Ru), advice(code, Locale::En)) {
                (Some(ru), Some(en)) => {
                    with_advice += 1;
                    assert!(has_cyrillic(ru), "{code}: {ru}");
                    assert!(!en.trim().is_empty() && !has_cyrillic(en), "{code}: {en}");
                }
                (None, None) => {}
                other => panic!("{code}: advice in one language only: {other:?}"),
            }
        }
        assert!(with_advice >= 40, "{with_advice}");
        for code in [
            PdnWarn,
            PassportExpired,
            CreditOverdueNow,
            IncomeUnconfirmed,
            TimeOffHours,
        ] {
            assert!(advice(code, Locale::Ru).is_some(), "{code}");
        }
    }

    #[test]
    fn every_required_field_has_a_label_and_its_own_missing_message() {
        for locale in LOCALES {
            let generic = message(Missing("no.such.field"), locale);
            for (field, _) in REQUIRED_FIELDS {
                assert!(field_label(field, locale).is_some(), "{field} {locale:?}");
                assert_ne!(
                    message(Missing(field), locale),
                    generic,
                    "{field} {locale:?}"
                );
            }
            for field in [
                "offer_id",
                "applicant.patronymic",
                "applicant.email",
                "applicant.inn",
                "applicant.snils",
                "applicant.has_emergency_contact",
                "consents.personal_data",
                "consents.credit_bureau",
                "consents.transfer",
            ] {
                assert!(field_label(field, locale).is_some(), "{field} {locale:?}");
            }
            assert_eq!(field_label("tracking.sub1", locale), None);
        }
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(
            message(InnChecksum, Locale::Ru),
            "В ИНН неверная контрольная цифра"
        );
        assert_eq!(
            message(InnChecksum, Locale::En),
            "The INN's check digit is wrong"
        );
        assert_eq!(
            message(Missing("applicant.last_name"), Locale::Ru),
            "Укажите фамилию"
        );
        assert_eq!(
            message(Missing("applicant.phone"), Locale::Ru),
            "Укажите номер телефона"
        );
        assert!(message(PhoneNotMobile, Locale::Ru).contains("мобильный"));
        assert!(message(PhoneNotMobile, Locale::Ru).contains("8-800"));
        assert!(message(PassportExpired, Locale::Ru).contains("45"));
        assert!(message(PdnWarn, Locale::Ru).contains("половины"));
        assert_eq!(
            field_label("applicant.passport.series", Locale::Ru),
            Some("Серия паспорта")
        );
        assert_eq!(
            field_label("loan.amount_kop", Locale::Ru),
            Some("Сумма займа")
        );
        assert_eq!(
            field_label("income.employment", Locale::Ru),
            Some("Занятость")
        );
        assert_eq!(
            field_label("loan.amount_kop", Locale::En),
            Some("Loan amount")
        );
    }

    /// The placeholders of a template, sorted: `{1} x {0}` → [0, 1].
    fn placeholders(s: &str) -> Vec<usize> {
        let mut found: Vec<usize> = s
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}')?.0.parse().ok())
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_ui_key_has_both_languages_with_the_same_placeholders() {
        assert!(UiText::ALL.len() >= 100, "{}", UiText::ALL.len());
        for &key in UiText::ALL {
            let (ru, en) = (ui(key, Locale::Ru), ui(key, Locale::En));
            assert!(!ru.trim().is_empty() && !en.trim().is_empty(), "{key:?}");
            // A text with no words ("{0} ₽") needs no Cyrillic.
            assert!(
                has_cyrillic(ru) || !ru.chars().any(char::is_alphabetic),
                "{key:?}: {ru}"
            );
            assert!(!has_cyrillic(en), "{key:?}: {en}");
            assert_eq!(placeholders(ru), placeholders(en), "{key:?}");
        }
        // Keys are distinct texts within a language, but for the few that are the same words.
        let mut ru: Vec<&str> = UiText::ALL.iter().map(|&k| ui(k, Locale::Ru)).collect();
        ru.sort_unstable();
        ru.dedup();
        assert!(ru.len() + 4 >= UiText::ALL.len());
    }

    #[test]
    fn ui_templates_are_filled_in_order() {
        assert_eq!(fill("{0} из {1}", &["2", "5"]), "2 из 5");
        assert_eq!(fill("{1}–{0}", &["a", "b"]), "b–a");
        assert_eq!(fill("{0} {2}", &["a"]), "a {2}");
        assert_eq!(fill("{x} {", &[]), "{x} {");
        assert_eq!(
            fill(ui(UiText::StepOf, Locale::Ru), &["2", "5"]),
            "Шаг 2 из 5"
        );
        assert_eq!(
            fill(ui(UiText::StepOf, Locale::En), &["2", "5"]),
            "Step 2 of 5"
        );
    }

    #[test]
    fn labels_and_phrases_exist_in_both_languages() {
        for e in Employment::ALL {
            let (ru, en) = (
                employment_label(e, Locale::Ru),
                employment_label(e, Locale::En),
            );
            assert!(
                has_cyrillic(ru) && !en.is_empty() && !has_cyrillic(en),
                "{e:?}"
            );
        }
        for f in [
            "credit_history",
            "debt_load",
            "age_tenure",
            "digital_footprint",
            "technical",
            "payment_discipline",
            "social",
            "other",
        ] {
            assert!(factor_label(f, Locale::Ru).is_some_and(has_cyrillic), "{f}");
            assert!(factor_label(f, Locale::En).is_some(), "{f}");
        }
        for p in [
            Phrase::EstimateNote,
            Phrase::EstimateUnanswered,
            Phrase::LikelihoodHigh,
            Phrase::LikelihoodMedium,
            Phrase::LikelihoodLow,
        ] {
            assert!(has_cyrillic(phrase(p, Locale::Ru)), "{p:?}");
            assert!(!has_cyrillic(phrase(p, Locale::En)), "{p:?}");
        }
    }
}
