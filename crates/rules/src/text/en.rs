//! English: every text of the rules engine, the same functions as `ru.rs`.

use super::Phrase;
use crate::application::Employment;
use crate::code::Code;

/// Every input of the application by its JSON path: (path, label, what to do when it is empty).
const FIELDS: &[(&str, &str, &str)] = &[
    ("offer_id", "Offer", "Choose an offer"),
    ("loan", "Loan", "Enter the loan amount and term"),
    ("loan.amount_kop", "Loan amount", "Enter the loan amount"),
    ("loan.term_days", "Loan term, days", "Enter the loan term"),
    (
        "applicant",
        "About you",
        "Fill in the details about yourself",
    ),
    ("applicant.last_name", "Last name", "Enter your last name"),
    (
        "applicant.first_name",
        "First name",
        "Enter your first name",
    ),
    (
        "applicant.patronymic",
        "Patronymic (if any)",
        "Enter your patronymic",
    ),
    (
        "applicant.birth_date",
        "Date of birth",
        "Enter your date of birth",
    ),
    ("applicant.phone", "Mobile phone", "Enter your phone number"),
    ("applicant.email", "Email", "Enter your email address"),
    ("applicant.region", "Region", "Choose your region"),
    (
        "applicant.passport",
        "Passport",
        "Enter your passport details",
    ),
    (
        "applicant.passport.series",
        "Passport series",
        "Enter the passport series",
    ),
    (
        "applicant.passport.number",
        "Passport number",
        "Enter the passport number",
    ),
    (
        "applicant.passport.issue_date",
        "Passport issue date",
        "Enter the passport issue date",
    ),
    (
        "applicant.passport.issuer_code",
        "Issuing unit code",
        "Enter the issuing unit code",
    ),
    ("applicant.inn", "INN (taxpayer number)", "Enter your INN"),
    (
        "applicant.snils",
        "SNILS (pension insurance number)",
        "Enter your SNILS",
    ),
    (
        "applicant.has_emergency_contact",
        "I have someone who can be called in an emergency",
        "Tick whether you have someone who can be called in an emergency",
    ),
    ("income", "Income", "Enter your employment and income"),
    ("income.employment", "Employment", "Choose your employment"),
    (
        "income.tenure_months",
        "Months at the current job",
        "Enter how many months you have been at your current job (0 if you are not working)",
    ),
    (
        "income.confirmed_kop",
        "Documented monthly income",
        "Enter the income you can document (0 if none)",
    ),
    (
        "income.unconfirmed_kop",
        "Undocumented monthly income",
        "Enter the income you cannot document (0 if none)",
    ),
    (
        "obligations",
        "Loans and debts",
        "Tell us about your current loans",
    ),
    (
        "obligations.monthly_payments_kop",
        "Monthly loan payments",
        "Enter how much you pay on loans each month (0 if you have none)",
    ),
    (
        "obligations.active_loans",
        "Active loans",
        "Enter how many loans you have now (0 if none)",
    ),
    (
        "obligations.overdue_now_days",
        "Days overdue now",
        "Enter how many days overdue you are now (0 if not)",
    ),
    (
        "obligations.overdue_12m_max_days",
        "Longest overdue in the last 12 months, days",
        "Enter your longest overdue in the last 12 months (0 if none)",
    ),
    (
        "obligations.utility_arrears",
        "I owe for utilities or phone",
        "Tick whether you owe for utilities or phone",
    ),
    (
        "consents",
        "Consents",
        "Tick the consents: the application cannot be sent without them",
    ),
    (
        "consents.personal_data",
        "Consent to the processing of personal data",
        "Tick the consent to the processing of personal data",
    ),
    (
        "consents.credit_bureau",
        "Consent to a credit history request",
        "Tick the consent to a credit history request",
    ),
    (
        "consents.transfer",
        "Consent to passing the application to the lender",
        "Tick the consent to passing the application to the lender",
    ),
];

pub(super) fn field_label(path: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .find(|(p, ..)| *p == path)
        .map(|(_, label, _)| *label)
}

fn missing(path: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|(p, ..)| *p == path)
        .map_or("Fill in the required field", |(.., text)| text)
}

pub(super) fn employment_label(e: Employment) -> &'static str {
    match e {
        Employment::Employed => "Employed",
        Employment::SelfEmployed => "Self-employed",
        Employment::Entrepreneur => "Sole proprietor",
        Employment::Pensioner => "Pensioner",
        Employment::Student => "Student",
        Employment::Unemployed => "Not working",
    }
}

pub(super) fn factor_label(factor: &str) -> Option<&'static str> {
    Some(match factor {
        "credit_history" => "Credit history",
        "debt_load" => "Debt load",
        "age_tenure" => "Age and job tenure",
        "digital_footprint" => "Digital footprint",
        "technical" => "Technical data",
        "payment_discipline" => "Payment discipline",
        "social" => "Social factors",
        "other" => "Other",
        _ => return None,
    })
}

pub(super) fn phrase(p: Phrase) -> &'static str {
    match p {
        Phrase::EstimateNote => {
            "This is an estimate, not a credit-bureau check or the lender's decision. The \
             digital footprint (data the lender gets from outside sources) cannot be known from \
             a form, so it is left out and the other factors are reweighted."
        }
        Phrase::EstimateUnanswered => {
            "Answer this question: until you do, the estimate assumes a cautious value."
        }
        Phrase::LikelihoodHigh => "High likelihood of approval",
        Phrase::LikelihoodMedium => "Medium likelihood of approval",
        Phrase::LikelihoodLow => "Low likelihood of approval",
    }
}

pub(super) fn message(code: Code) -> &'static str {
    use Code::*;
    match code {
        InputJson => "The application data could not be read",
        InputSchema => "A field of the application data has the wrong form",
        Missing(field) => missing(field),
        NameFormat => {
            "Names are written in Russian (Cyrillic) letters, as in the passport: one space, \
             hyphen or apostrophe between parts, up to 60 characters"
        }
        BirthDateInvalid => "There is no such date of birth: check the day, month and year",
        AgeUnderMin => "You are younger than the minimum age for a loan",
        AgeOutOfOfferRange => "Your age is outside this lender's age range",
        AppliedAtInvalid => "The application time is missing or not a valid date and time",
        PassportFormat => "The passport series is 4 digits and the number is 6 digits",
        PassportSeriesYear => {
            "There is no such passport series: its last two digits are the year the blank was \
             printed, 1997 to this year"
        }
        PassportBlankAfterIssue => {
            "By its series, the passport blank was printed more than a year after the issue \
             date: check the series and the issue date"
        }
        PassportIssuedBefore14 => {
            "By these dates the passport was issued before the age of 14, but passports are \
             issued from 14"
        }
        PassportIssuedInFuture => "The passport issue date is in the future",
        PassportExpired => {
            "The passport is no longer valid: a passport has to be replaced at 20 and at 45, \
             and this one was issued before the latest of those birthdays"
        }
        PassportIssueDateInvalid => "There is no such passport issue date",
        IssuerCodeFormat => {
            "The issuing unit code is 6 digits, like 770-001, and does not start with 00"
        }
        InnFormat => "The INN is not written correctly: it is digits only, and not all zeros",
        InnLength => "A person's INN has 12 digits (10 digits are for organisations)",
        InnChecksum => "The INN's check digit is wrong",
        SnilsFormat => {
            "The SNILS is not written correctly: it is digits only (spaces and hyphens are \
             fine), and not all zeros"
        }
        SnilsLength => "The SNILS has 11 digits",
        SnilsChecksum => "The SNILS check number (its last two digits) is wrong",
        PhoneFormat => {
            "The phone number is written wrongly: it needs +7 and 10 digits, with only spaces, \
             brackets, dots or hyphens between them"
        }
        PhoneNotMobile => {
            "This is a landline or an 8-800 number; the application needs a mobile number"
        }
        EmailFormat => "The email address has a mistake in it",
        RegionUnknown => "There is no such region of Russia in the list",
        IncomeMissing => "No income is given: the debt load (PDN) cannot be worked out without it",
        PdnReview => {
            "Loan payments would take 40 to 50 % of your income: the lender will look at the \
             application more closely"
        }
        PdnWarn => {
            "Loan payments would take more than half of your income: the lender must warn you \
             about the risk of such a load"
        }
        PdnAboveLimit => "The debt load is above what this lender allows",
        CreditOverdueNow => "You have an overdue loan payment now",
        CreditOverdue12m => "You had overdue payments in the last 12 months",
        CreditManyLoans => "You have many active loans",
        CreditUtilityArrears => "You owe for utilities or phone",
        EmploymentWeak => "A short time at your current job or no regular income",
        IncomeUnconfirmed => {
            "Most of your income is not documented: the lender counts only part of it"
        }
        TimeOffHours => {
            "The application was sent outside working hours: it may be looked at later or more \
             strictly"
        }
        SocialNoContact => {
            "It is not ticked that you have someone who can be called in an emergency"
        }
        LoanAmountOutOfRange => "This lender does not lend this amount",
        LoanTermOutOfRange => "This lender does not lend for this term",
        LoanTermNotMultiple => {
            "The loan term must be a whole number of this lender's payment periods"
        }
        OfferRegionExcluded => "This lender does not lend in your region",
        OfferTenureTooShort => "Your time at the current job is shorter than this lender requires",
        OfferNoneFits => "No offer fits right now",
        OfferUnknown => "The chosen offer is not available",
        ConsentPersonalData => "Consent to the processing of personal data is needed",
        ConsentCreditBureau => "Consent to a request for your credit history is needed",
        ConsentTransfer => "Consent to passing the application to the lender is needed",
        CapDailyRate => {
            "This offer's rate is above the legal limit (0.8 % a day), so it is not shown"
        }
        CapPsk => "This offer's full cost of credit (PSK) is above the legal limit of 292 % a year",
        CapOverpayment => {
            "The charges are capped by law: the overpayment cannot exceed {0} % of the loan amount"
        }
    }
}

pub(super) fn advice(code: Code) -> Option<&'static str> {
    use Code::*;
    Some(match code {
        InputJson | InputSchema | AppliedAtInvalid | CapOverpayment | Missing(_) => return None,
        NameFormat => {
            "Write your name in Russian letters exactly as in your passport; check that the \
             keyboard is not set to English"
        }
        BirthDateInvalid => "Enter your date of birth as it is written in your passport",
        AgeUnderMin => {
            "Check your date of birth; if it is right, you can apply once you reach the \
             required age"
        }
        AgeOutOfOfferRange => "Choose another offer: lenders have different age ranges",
        PassportFormat | PassportSeriesYear => {
            "Check the series and number against your passport: they are printed at the top of \
             the photo page"
        }
        PassportBlankAfterIssue | PassportIssuedBefore14 | PassportIssueDateInvalid => {
            "Check the issue date against your passport, and check your date of birth"
        }
        PassportIssuedInFuture => "Check the issue date against your passport",
        PassportExpired => {
            "Replace your passport at an MFC, the police migration office or through Gosuslugi; \
             if you already have, enter the new passport's details"
        }
        IssuerCodeFormat => "Copy the issuing unit code from the passport page with the issue date",
        InnFormat | InnLength | InnChecksum => {
            "It is most likely a typo: check the INN against your certificate or Gosuslugi; you \
             may also leave it out"
        }
        SnilsFormat | SnilsLength | SnilsChecksum => {
            "It is most likely a typo: check the SNILS against your card or Gosuslugi; you may \
             also leave it out"
        }
        PhoneFormat => "Enter a mobile number: +7 and 10 digits starting with 9",
        PhoneNotMobile => "Enter your own mobile number: it starts with +7 9",
        EmailFormat => {
            "Check the address: it looks like name@example.ru; you may also leave it out"
        }
        RegionUnknown => "Choose your region from the list",
        IncomeMissing => "Enter your monthly income, both documented and undocumented",
        PdnReview => "To lower the load, choose a smaller amount or close small loans first",
        PdnWarn => {
            "Lower the load: close small loans first, choose a smaller amount or a longer term; \
             document your income with a 2-NDFL certificate or a bank statement"
        }
        PdnAboveLimit => {
            "Choose a smaller amount or a longer term, close some loans, or document your \
             income (2-NDFL certificate, bank statement)"
        }
        CreditOverdueNow => "Pay off the current overdue first: with it, approval is unlikely",
        CreditOverdue12m => "Pay on time: every month without overdue improves your credit history",
        CreditManyLoans => "Close small loans first: the fewer you have, the better your chances",
        CreditUtilityArrears => "Pay off what you owe for utilities or phone",
        EmploymentWeak => {
            "List all your regular income (pension, side jobs); if you can, apply once you have \
             been at your job for more than 3 months"
        }
        IncomeUnconfirmed => {
            "Get a 2-NDFL certificate, a bank statement or a self-employed income certificate \
             and enter that income as documented"
        }
        TimeOffHours => "Apply between 9:00 and 21:00 Moscow time",
        SocialNoContact => {
            "If there is someone who can be called in an emergency, tick it: their details are \
             not needed"
        }
        LoanAmountOutOfRange => "Choose an amount within this offer's range, or another offer",
        LoanTermOutOfRange => "Choose a term within this offer's range, or another offer",
        LoanTermNotMultiple => "Choose a term that is a multiple of this offer's payment period",
        OfferRegionExcluded | OfferUnknown | CapDailyRate | CapPsk => "Choose another offer",
        OfferTenureTooShort => "Choose an offer with a lower job-tenure requirement",
        OfferNoneFits => "See the reasons above: a different amount or term often helps",
        ConsentPersonalData | ConsentCreditBureau | ConsentTransfer => {
            "Read the consent text and tick it if you agree: without it the application cannot \
             be passed to the lender"
        }
    })
}

/// The widget's interface texts (`super::UiText`).
pub(super) fn ui(key: super::UiText) -> &'static str {
    use super::UiText::*;
    match key {
        WidgetTitle => "Loan application pre-check",
        NoteShort => {
            "This is an estimate from your answers, not a credit-bureau check or the lender's \
             decision."
        }
        ProgressLabel => "Application steps",
        StepOf => "Step {0} of {1}",
        StepLoan => "Amount and term",
        StepAbout => "About you",
        StepIncome => "Income and obligations",
        StepResult => "Result",
        StepConsent => "Consent and send",
        Back => "Back",
        Next => "Next",
        Submit => "Send the application",
        SubmitAgain => "Send again",
        Loading => "Loading the offers…",
        LoadFailed => "The offers could not be loaded. Check your internet connection.",
        LoadRefused => "The offers could not be loaded: the service is unavailable right now. Please try again later.",
        LoadAgain => "Load again",
        NoOffers => "The partner has no offers available right now.",
        Misconfigured => "The widget is set up wrongly, so an application cannot be made now.",
        Optional => "optional",
        Rubles => "{0} ₽",
        Days => "{0} days",
        Percent => "{0}%",
        AmountRange => "From {0} to {1}",
        TermRange => "From {0} to {1} days",
        AmountOnly => "Only {0}",
        TermOnly => "Only {0} days",
        AmountOutOfRange => "Choose an amount from {0} to {1}",
        TermOutOfRange => "Choose a term from {0} to {1} days",
        AmountNoOffer => "No offer lends this amount: their terms are below",
        TermNoOffer => "This amount is not lent for {0} days: the nearest terms are {1} and {2} days",
        TermNoOfferOne => "This amount is not lent for {0} days: the nearest term is {1} days",
        NotANumber => "Enter the amount in digits, e.g. 25,000",
        NotAWholeNumber => "Enter a whole number in digits, e.g. 3",
        TooLarge => "That number is too large: check for extra digits",
        DateIncomplete => "Enter the full date: day, month and year",
        HintName => "As in your passport, in Cyrillic letters",
        HintPhone => "For example, +7 912 345-67-89",
        HintEmail => "For example, name@example.ru",
        HintPassportSeries => "4 digits, e.g. 45 02",
        HintPassportNumber => "6 digits",
        HintIssuerCode => "6 digits, e.g. 770-001",
        HintInn => "12 digits",
        HintSnils => "11 digits, e.g. 112-233-445 95",
        HintMoney => "In rubles; 0 if none",
        HintCount => "0 if none",
        HintTenure => "0 if you are not working",
        HintEmergencyContact => "Yes or no only: that person's details are not needed",
        ChooseRegion => "Choose your region",
        ChooseEmployment => "Choose your employment",
        PhoneLooksRight => "Number: {0}",
        CostTitle => "What it costs",
        CostNone => "No offer covers this amount and term. The offers' terms:",
        OfferTerms => "{0}: from {1} to {2}, from {3} to {4} days",
        OfferTermsEvery => "{0}, in multiples of {1}",
        OfferAges => "The lender's condition: age {0} to {1}",
        OfferAgeFrom => "The lender's condition: age {0} or over",
        OfferTenure => "The lender's condition: {0} or more months at the current job",
        OfferPdn => "The lender's condition: a debt load of at most {0}%",
        DailyRate => "Rate",
        PerDay => "{0}% a day",
        RepaySingle => "Repaid in one payment",
        RepayAnnuity => "Repaid in instalments",
        SinglePayment => "{0} in {1} days",
        AnnuityPayments => "{0} payments of {1}, every {2} days",
        AnnuityLast => "{0}, the last one {1}",
        AnnuityRange => "{0} payments of {1} to {2}, every {3} days",
        TotalToRepay => "Total to repay",
        Overpayment => "Overpayment",
        Psk => "Full cost of the loan (PSK)",
        PskRub => "PSK in rubles",
        PerYear => "{0}% a year",
        SummaryTitle => "Please check these fields",
        ResultQualified => "You pre-qualify",
        ResultNotQualified => "Better not to send the application yet",
        AnnounceQualified => "Pre-check passed. Offers that fit: {0}.",
        AnnounceNotQualified => "Pre-check not passed. The reasons and what to do are below.",
        ChooseOffer => "Choose an offer",
        Reasons => "Why",
        WhatToDo => "What to do",
        FixField => "Change",
        OfferDoesNotFit => "{0} — does not fit",
        NoteWarnings => "Please note",
        DebtLoadTitle => "Debt load (PDN)",
        DebtLoadValue => "{0}% of your income would go to loan payments",
        DebtLoadUnknown => "Without an income the debt load cannot be worked out",
        BandFine => "up to 40% — normal",
        BandReview => "40–50% — raised",
        BandWarn => "over 50% — high",
        GaugeLabel => "Debt-load scale: {0}%, {1}",
        EstimateTitle => "Estimated likelihood of approval",
        FactorsTitle => "What affects the estimate",
        FactorHelps => "helps",
        FactorHurts => "lowers the estimate",
        FactorScore => "{0} of 100",
        ConsentIntro => "The application will be sent to the lender",
        LenderDetails => "OGRN {0}, INN {1}, Bank of Russia register number {2}",
        ConsentsLegend => "Consents",
        ConsentsNote => {
            "Tick each consent separately if you agree. Without all three the application \
             cannot be sent."
        }
        ConsentVersion => "Text version: {0}",
        Sending => "Sending the application…",
        Sent => "The application has been sent",
        NotSent => "The application was not sent — please try again",
        NotSentFields => {
            "The application was not sent: the lender found mistakes. Correct the marked fields \
             and send it again."
        }
        NotSentRefused => {
            "The application was not sent: the lender's address is not secure. No data has \
             left your browser."
        }
        NotSentRejected => "The application was not sent: the lender did not accept it. Try later.",
        ApplicationNumber => "Application number: {0}",
        StatusTitle => "Application status",
        StatusChecking => "Checking the status…",
        StatusReceived => "Received by the lender",
        StatusApproved => "Approved",
        StatusRejected => "Declined",
        StatusIssued => "Loan paid out",
        StatusRepaid => "Loan repaid",
        StatusWithdrawn => "Withdrawn",
        NextReceived => {
            "The lender will review the application and call or text the number you gave. This \
             usually takes from a few minutes to one working day."
        }
        NextApproved => {
            "The lender will contact you to sign the contract. Read its terms before signing."
        }
        NextRejected => "The lender declined. It is better to wait a month before applying again.",
        NextIssued => "The money has been paid out. Pay on time: it builds your credit history.",
        NextRepaid => "The loan is repaid. Thank you!",
        NextWithdrawn => "The application was withdrawn and will not be reviewed.",
        LeaveWarning => "The application has not been sent yet. Leave the page?",
    }
}
