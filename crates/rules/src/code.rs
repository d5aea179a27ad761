//! Reason codes: the one table that `validate`, `check`, the API's field errors and the widget
//! share (contract.md, "Reason codes"). Codes are contract: add new ones, never rename.

use core::fmt;

/// A reason code. `as_str` is the wire form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    // input
    InputJson,
    InputSchema,
    /// `<field>.missing`, e.g. `applicant.phone.missing`; the field is its JSON path.
    Missing(&'static str),
    // name, dates
    NameFormat,
    BirthDateInvalid,
    AgeUnderMin,
    AgeOutOfOfferRange,
    /// Extension: `applied_at` is given but is not an RFC 3339 instant.
    AppliedAtInvalid,
    // passport
    PassportFormat,
    PassportSeriesYear,
    /// Extension (warning): the blank was printed more than a year after the issue date.
    PassportBlankAfterIssue,
    PassportIssuedBefore14,
    PassportIssuedInFuture,
    PassportExpired,
    /// Extension: a date in the passport that is not a date.
    PassportIssueDateInvalid,
    IssuerCodeFormat,
    // INN, SNILS
    InnFormat,
    InnLength,
    InnChecksum,
    SnilsFormat,
    SnilsLength,
    SnilsChecksum,
    // contact
    PhoneFormat,
    PhoneNotMobile,
    EmailFormat,
    RegionUnknown,
    // money
    IncomeMissing,
    PdnReview,
    PdnWarn,
    PdnAboveLimit,
    CreditOverdueNow,
    /// Extension (estimate): overdue in the last 12 months.
    CreditOverdue12m,
    /// Extension (estimate): many active loans.
    CreditManyLoans,
    /// Extension (estimate): utility or phone arrears.
    CreditUtilityArrears,
    /// Extension (estimate): short job tenure or no employment.
    EmploymentWeak,
    /// Extension (estimate): no confirmed income.
    IncomeUnconfirmed,
    /// Extension (estimate): applied outside working hours.
    TimeOffHours,
    /// Extension (estimate): no emergency contact.
    SocialNoContact,
    // offer fit
    LoanAmountOutOfRange,
    LoanTermOutOfRange,
    /// Extension: the term is not a whole number of the offer's instalment periods.
    LoanTermNotMultiple,
    OfferRegionExcluded,
    OfferTenureTooShort,
    OfferNoneFits,
    /// Extension: `offer_id` names no offer of the configuration.
    OfferUnknown,
    // consent
    ConsentPersonalData,
    ConsentCreditBureau,
    ConsentTransfer,
    // limits
    CapDailyRate,
    CapPsk,
    /// Extension: the overpayment cap (130 % / 100 % of the principal) bounded the interest.
    CapOverpayment,
}

impl Code {
    /// Every code without a field (the `.missing` codes are `REQUIRED_FIELDS`').
    pub const ALL: &'static [Code] = &[
        Code::InputJson,
        Code::InputSchema,
        Code::NameFormat,
        Code::BirthDateInvalid,
        Code::AgeUnderMin,
        Code::AgeOutOfOfferRange,
        Code::AppliedAtInvalid,
        Code::PassportFormat,
        Code::PassportSeriesYear,
        Code::PassportBlankAfterIssue,
        Code::PassportIssuedBefore14,
        Code::PassportIssuedInFuture,
        Code::PassportExpired,
        Code::PassportIssueDateInvalid,
        Code::IssuerCodeFormat,
        Code::InnFormat,
        Code::InnLength,
        Code::InnChecksum,
        Code::SnilsFormat,
        Code::SnilsLength,
        Code::SnilsChecksum,
        Code::PhoneFormat,
        Code::PhoneNotMobile,
        Code::EmailFormat,
        Code::RegionUnknown,
        Code::IncomeMissing,
        Code::PdnReview,
        Code::PdnWarn,
        Code::PdnAboveLimit,
        Code::CreditOverdueNow,
        Code::CreditOverdue12m,
        Code::CreditManyLoans,
        Code::CreditUtilityArrears,
        Code::EmploymentWeak,
        Code::IncomeUnconfirmed,
        Code::TimeOffHours,
        Code::SocialNoContact,
        Code::LoanAmountOutOfRange,
        Code::LoanTermOutOfRange,
        Code::LoanTermNotMultiple,
        Code::OfferRegionExcluded,
        Code::OfferTenureTooShort,
        Code::OfferNoneFits,
        Code::OfferUnknown,
        Code::ConsentPersonalData,
        Code::ConsentCreditBureau,
        Code::ConsentTransfer,
        Code::CapDailyRate,
        Code::CapPsk,
        Code::CapOverpayment,
    ];

    /// The code with this wire form, `.missing` codes included: a lender's field problems
    /// come with one.
    pub fn parse(wire: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == wire)
            .or_else(|| {
                REQUIRED_FIELDS
                    .iter()
                    .find(|(_, code)| *code == wire)
                    .map(|(field, _)| Code::Missing(field))
            })
    }

    /// The wire form, e.g. `inn.checksum`.
    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            InputJson => "input.json",
            InputSchema => "input.schema",
            Missing(field) => missing_code(field),
            NameFormat => "name.format",
            BirthDateInvalid => "birth_date.invalid",
            AgeUnderMin => "age.under_min",
            AgeOutOfOfferRange => "age.out_of_offer_range",
            AppliedAtInvalid => "applied_at.invalid",
            PassportFormat => "passport.format",
            PassportSeriesYear => "passport.series_year",
            PassportBlankAfterIssue => "passport.blank_after_issue",
            PassportIssuedBefore14 => "passport.issued_before_14",
            PassportIssuedInFuture => "passport.issued_in_future",
            PassportExpired => "passport.expired",
            PassportIssueDateInvalid => "passport.issue_date_invalid",
            IssuerCodeFormat => "issuer_code.format",
            InnFormat => "inn.format",
            InnLength => "inn.length",
            InnChecksum => "inn.checksum",
            SnilsFormat => "snils.format",
            SnilsLength => "snils.length",
            SnilsChecksum => "snils.checksum",
            PhoneFormat => "phone.format",
            PhoneNotMobile => "phone.not_mobile",
            EmailFormat => "email.format",
            RegionUnknown => "region.unknown",
            IncomeMissing => "income.missing",
            PdnReview => "pdn.review",
            PdnWarn => "pdn.warn",
            PdnAboveLimit => "pdn.above_limit",
            CreditOverdueNow => "credit.overdue_now",
            CreditOverdue12m => "credit.overdue_12m",
            CreditManyLoans => "credit.many_loans",
            CreditUtilityArrears => "credit.utility_arrears",
            EmploymentWeak => "employment.weak",
            IncomeUnconfirmed => "income.unconfirmed",
            TimeOffHours => "time.off_hours",
            SocialNoContact => "social.no_contact",
            LoanAmountOutOfRange => "loan.amount_out_of_range",
            LoanTermOutOfRange => "loan.term_out_of_range",
            LoanTermNotMultiple => "loan.term_not_multiple",
            OfferRegionExcluded => "offer.region_excluded",
            OfferTenureTooShort => "offer.tenure_too_short",
            OfferNoneFits => "offer.none_fits",
            OfferUnknown => "offer.unknown",
            ConsentPersonalData => "consent.personal_data",
            ConsentCreditBureau => "consent.credit_bureau",
            ConsentTransfer => "consent.transfer",
            CapDailyRate => "cap.daily_rate",
            CapPsk => "cap.psk",
            CapOverpayment => "cap.overpayment",
        }
    }
}

/// The required fields of an application, and their `.missing` codes. A static table so that
/// `Code` stays `Copy` and its wire form a `&'static str`.
pub const REQUIRED_FIELDS: &[(&str, &str)] = &[
    ("loan", "loan.missing"),
    ("loan.amount_kop", "loan.amount_kop.missing"),
    ("loan.term_days", "loan.term_days.missing"),
    ("applicant", "applicant.missing"),
    ("applicant.last_name", "applicant.last_name.missing"),
    ("applicant.first_name", "applicant.first_name.missing"),
    ("applicant.birth_date", "applicant.birth_date.missing"),
    ("applicant.phone", "applicant.phone.missing"),
    ("applicant.region", "applicant.region.missing"),
    ("applicant.passport", "applicant.passport.missing"),
    (
        "applicant.passport.series",
        "applicant.passport.series.missing",
    ),
    (
        "applicant.passport.number",
        "applicant.passport.number.missing",
    ),
    (
        "applicant.passport.issue_date",
        "applicant.passport.issue_date.missing",
    ),
    (
        "applicant.passport.issuer_code",
        "applicant.passport.issuer_code.missing",
    ),
    ("income", "income.missing"),
    ("income.employment", "income.employment.missing"),
    ("income.tenure_months", "income.tenure_months.missing"),
    ("income.confirmed_kop", "income.confirmed_kop.missing"),
    ("income.unconfirmed_kop", "income.unconfirmed_kop.missing"),
    ("obligations", "obligations.missing"),
    (
        "obligations.monthly_payments_kop",
        "obligations.monthly_payments_kop.missing",
    ),
    (
        "obligations.active_loans",
        "obligations.active_loans.missing",
    ),
    (
        "obligations.overdue_now_days",
        "obligations.overdue_now_days.missing",
    ),
    (
        "obligations.overdue_12m_max_days",
        "obligations.overdue_12m_max_days.missing",
    ),
    (
        "obligations.utility_arrears",
        "obligations.utility_arrears.missing",
    ),
];

fn missing_code(field: &str) -> &'static str {
    REQUIRED_FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or("input.schema", |(_, code)| code)
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_from_its_wire_form() {
        // As many as `Code` has variants but `Missing` (text.rs's `exhaustive` lists them).
        assert_eq!(Code::ALL.len(), 50);
        for &code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
        // `income.missing` is both the group's missing code and `IncomeMissing`: the same
        // wire form, the same message.
        for (field, _) in REQUIRED_FIELDS {
            let wire = Code::Missing(field).as_str();
            assert_eq!(Code::parse(wire).map(Code::as_str), Some(wire));
        }
        assert_eq!(Code::parse("inn.checksum"), Some(Code::InnChecksum));
        assert_eq!(
            Code::parse("applicant.phone.missing"),
            Some(Code::Missing("applicant.phone"))
        );
        assert_eq!(Code::parse("nonsense"), None);
    }

    #[test]
    fn every_required_field_has_its_missing_code() {
        for (field, code) in REQUIRED_FIELDS {
            assert_eq!(*code, format!("{field}.missing"));
            assert_eq!(Code::Missing(field).as_str(), *code);
        }
    }
}
