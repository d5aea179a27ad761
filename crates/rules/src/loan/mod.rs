//! Loan arithmetic: the repayment schedule, the legal limits and the ПСК of one loan
//! (contract.md, "Loan arithmetic (`quote`)"; domain.md §5).
//!
//! [`quote`] takes the terms of a loan and returns exactly what `prequal quote` prints: the
//! schedule, the totals, the ПСК and the limits in force on the contract date. Money is integer
//! kopecks throughout; `f64` is used only to solve the ПСК rate and to compute the annuity
//! payment before it is rounded to the kopeck.
//!
//! The limits are those for consumer loans of up to one year ([`caps`]); a longer term is an
//! error rather than a quote without limits.

pub mod caps;
pub mod psk;
mod schedule;

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::code::Code;
use crate::date::Date;
use crate::money::{ratio_pct, Rate};
use caps::Caps;
use psk::CashFlow;

/// The largest principal [`quote`] accepts: 10 billion rubles. Far above any MFO loan (a
/// consumer microloan is at most 1 million rubles, 151-ФЗ art. 12); its purpose is to keep
/// every sum of a quote exact in `u64`.
pub const MAX_AMOUNT_KOP: u64 = 1_000_000_000_000;

/// How the loan is repaid (the offer's `"schedule"` in contract.md, "Partner configuration").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScheduleKind {
    /// `{"kind": "single"}`: principal and interest in one repayment on the last day.
    Single,
    /// `{"kind": "annuity", "period_days": 14}`: equal payments every `period_days` days.
    Annuity { period_days: u32 },
}

/// The terms of one loan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoanTerms {
    pub amount_kop: u64,
    pub term_days: u32,
    /// Simple interest, in % a day, on the outstanding principal.
    pub daily_rate: Rate,
    pub schedule: ScheduleKind,
    /// The date the contract is concluded (the application date): it decides which limits apply.
    pub contract_date: Date,
}

/// One repayment: `payment_kop = principal_kop + interest_kop`, due `day` days after the issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Payment {
    pub day: u32,
    pub payment_kop: u64,
    pub principal_kop: u64,
    pub interest_kop: u64,
}

/// One legal limit in force on the contract date and where the loan stands against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Limit {
    /// `cap.daily_rate`, `cap.overpayment` or `cap.psk`.
    pub code: Code,
    /// The limit: % a day, % of the principal, or % a year.
    pub limit: Rate,
    /// The loan's figure in the same unit: its daily rate; its interest before the cap in % of
    /// the principal (2 decimals); its ПСК (3 decimals, after the cap). A rounded figure is exact
    /// in a [`Rate`], so limit and value compare exactly.
    pub value: Rate,
    /// The quote changed because of this limit (only the overpayment cap is ever applied).
    pub applied: bool,
}

impl Limit {
    /// The loan's figure is above the limit. For `cap.psk` this is a ПСК the law does not allow
    /// (compared on the rounded value, as contract.md says); for `cap.overpayment` it means the
    /// interest had to be cut.
    pub fn exceeded(&self) -> bool {
        self.value > self.limit
    }
}

/// What `prequal quote` prints (contract.md, "CLI"), field for field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    pub schedule: Vec<Payment>,
    /// Σ payments.
    pub total_kop: u64,
    /// Total − principal: the interest actually charged, after the cap.
    pub overpayment_kop: u64,
    /// The overpayment in % of the principal, half-up to 2 decimals.
    pub overpayment_pct: f64,
    /// The ПСК in % a year, half-up to 3 decimals.
    pub psk_pct: f64,
    /// The ПСК in money: total − principal (the loan has no fees besides interest).
    pub psk_kop: u64,
    /// `cap.daily_rate`, `cap.overpayment`, `cap.psk`, in that order.
    pub limits: Vec<Limit>,
}

impl Quote {
    /// The limit with this code, if it is in the quote.
    pub fn limit(&self, code: Code) -> Option<&Limit> {
        self.limits.iter().find(|l| l.code == code)
    }
}

/// Why a loan cannot be quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteError {
    ZeroAmount,
    /// Above [`MAX_AMOUNT_KOP`].
    AmountTooLarge {
        max_kop: u64,
    },
    ZeroTerm,
    /// Longer than one year from the contract date: the limits this crate knows are for loans
    /// of up to one year.
    TermTooLong {
        max_days: u32,
    },
    /// An annuity with a zero-day period: no term divides into such periods.
    ZeroPeriod,
    /// The term is not a whole number of the annuity's periods.
    TermNotMultiple {
        term_days: u32,
        period_days: u32,
    },
    /// The offer's daily rate is above the legal limit: a configuration error.
    CapDailyRate {
        limit: Rate,
        value: Rate,
    },
}

impl QuoteError {
    pub fn code(&self) -> Code {
        match self {
            QuoteError::ZeroAmount | QuoteError::AmountTooLarge { .. } => {
                Code::LoanAmountOutOfRange
            }
            QuoteError::ZeroTerm | QuoteError::TermTooLong { .. } => Code::LoanTermOutOfRange,
            QuoteError::ZeroPeriod | QuoteError::TermNotMultiple { .. } => {
                Code::LoanTermNotMultiple
            }
            QuoteError::CapDailyRate { .. } => Code::CapDailyRate,
        }
    }
}

impl fmt::Display for QuoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuoteError::ZeroAmount => f.write_str("the loan amount is zero"),
            QuoteError::AmountTooLarge { max_kop } => {
                write!(f, "the loan amount is above {max_kop} kopecks")
            }
            QuoteError::ZeroTerm => f.write_str("the loan term is zero days"),
            QuoteError::TermTooLong { max_days } => write!(
                f,
                "the loan term is longer than one year ({max_days} days from the contract date)"
            ),
            QuoteError::ZeroPeriod => f.write_str("the instalment period is zero days"),
            QuoteError::TermNotMultiple {
                term_days,
                period_days,
            } => write!(
                f,
                "a term of {term_days} days is not a whole number of {period_days}-day periods"
            ),
            QuoteError::CapDailyRate { limit, value } => write!(
                f,
                "a daily rate of {value} % is above the legal limit of {limit} %"
            ),
        }
    }
}

impl std::error::Error for QuoteError {}

/// The longest term, in days, of a loan "of up to one year" concluded on `contract_date`: to the
/// same day a year later (ГК РФ art. 192 p. 3), so 366 days across a 29 February.
pub fn max_term_days(contract_date: Date) -> u32 {
    contract_date
        .add_years(1)
        .and_then(|end| u32::try_from(contract_date.days_until(end)).ok())
        .unwrap_or(365)
}

/// The quote for `terms` under the limits in force on its contract date.
pub fn quote(terms: &LoanTerms) -> Result<Quote, QuoteError> {
    quote_with(terms, caps::caps_on(terms.contract_date))
}

/// The quote for `terms` under the given limits: [`quote`] without the table look-up, for
/// what-if comparisons and tests.
///
/// Order of checks: amount, term, schedule, daily rate. The overpayment cap is applied, not
/// rejected: interest stops at `caps.overpayment` % of the principal (rounded down to the
/// kopeck); for an annuity each payment keeps its principal part and loses interest from the
/// latest period backwards (see `schedule::cap_interest` for why).
pub fn quote_with(terms: &LoanTerms, caps: Caps) -> Result<Quote, QuoteError> {
    let amount = terms.amount_kop;
    let term = terms.term_days;
    if amount == 0 {
        return Err(QuoteError::ZeroAmount);
    }
    if amount > MAX_AMOUNT_KOP {
        return Err(QuoteError::AmountTooLarge {
            max_kop: MAX_AMOUNT_KOP,
        });
    }
    if term == 0 {
        return Err(QuoteError::ZeroTerm);
    }
    let max_days = max_term_days(terms.contract_date);
    if term > max_days {
        return Err(QuoteError::TermTooLong { max_days });
    }
    if let ScheduleKind::Annuity { period_days } = terms.schedule {
        if period_days == 0 {
            return Err(QuoteError::ZeroPeriod);
        }
        if !term.is_multiple_of(period_days) {
            return Err(QuoteError::TermNotMultiple {
                term_days: term,
                period_days,
            });
        }
    }
    if terms.daily_rate > caps.daily_rate {
        return Err(QuoteError::CapDailyRate {
            limit: caps.daily_rate,
            value: terms.daily_rate,
        });
    }

    let mut rows = match terms.schedule {
        ScheduleKind::Single => schedule::single(amount, term, terms.daily_rate),
        ScheduleKind::Annuity { period_days } => {
            schedule::annuity(amount, term, period_days, terms.daily_rate)
        }
    };
    let uncapped_interest: u64 = rows.iter().map(|r| r.interest_kop).sum();
    let cap_kop = schedule::share_floor_kop(amount, caps.overpayment);
    let cap_applied = schedule::cap_interest(&mut rows, cap_kop);

    let total: u64 = rows.iter().map(|r| r.payment_kop).sum();
    let overpayment = total.saturating_sub(amount);
    // Sums are at most a few times MAX_AMOUNT_KOP here, far inside i64.
    let signed = |kop: u64| i64::try_from(kop).unwrap_or(i64::MAX);
    let flows: Vec<CashFlow> = core::iter::once(CashFlow {
        day: 0,
        amount_kop: -signed(amount),
    })
    .chain(rows.iter().map(|r| CashFlow {
        day: r.day,
        amount_kop: signed(r.payment_kop),
    }))
    .collect();
    // The flows are one issue then repayments that sum to at least the principal, so the
    // equation has a root; 0 only stands in should that ever not hold.
    let psk_pct = psk::psk_pct(&flows).unwrap_or(0.0);

    let limits = vec![
        Limit {
            code: Code::CapDailyRate,
            limit: caps.daily_rate,
            value: terms.daily_rate,
            applied: false,
        },
        Limit {
            code: Code::CapOverpayment,
            limit: caps.overpayment,
            value: pct_rate(ratio_pct(
                i128::from(uncapped_interest),
                i128::from(amount),
                2,
            )),
            applied: cap_applied,
        },
        Limit {
            code: Code::CapPsk,
            limit: caps.psk,
            value: pct_rate(psk_pct),
            applied: false,
        },
    ];

    Ok(Quote {
        schedule: rows,
        total_kop: total,
        overpayment_kop: overpayment,
        overpayment_pct: ratio_pct(i128::from(overpayment), i128::from(amount), 2),
        psk_pct,
        psk_kop: overpayment,
        limits,
    })
}

/// A percentage already rounded to at most 6 decimals, as the exact [`Rate`] it is. Beyond
/// [`Rate::MAX_PCT`] (no loan this module quotes gets there) it saturates.
fn pct_rate(pct: f64) -> Rate {
    Rate::from_pct_f64(pct).unwrap_or(Rate::from_millionths(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(amount_rub: u64, term_days: u32, schedule: ScheduleKind, date: &str) -> LoanTerms {
        LoanTerms {
            amount_kop: amount_rub * 100,
            term_days,
            daily_rate: Rate::from_millionths(800_000),
            schedule,
            contract_date: date.parse().unwrap(),
        }
    }

    fn q(t: &LoanTerms) -> Quote {
        quote(t).unwrap()
    }

    const ANNUITY_14: ScheduleKind = ScheduleKind::Annuity { period_days: 14 };

    #[test]
    fn a_payday_loan_repays_12_400_at_292_percent() {
        let quote = q(&terms(10_000, 30, ScheduleKind::Single, "2026-11-24"));
        assert_eq!(
            quote.schedule,
            [Payment {
                day: 30,
                payment_kop: 1_240_000,
                principal_kop: 1_000_000,
                interest_kop: 240_000
            }]
        );
        assert_eq!(quote.total_kop, 1_240_000);
        assert_eq!(quote.overpayment_kop, 240_000);
        assert_eq!(quote.overpayment_pct, 24.0);
        assert_eq!(quote.psk_pct, 292.0);
        assert_ne!(quote.psk_pct, 262.659);
        assert_eq!(quote.psk_kop, 240_000);
    }

    #[test]
    fn the_domain_annuity() {
        let quote = q(&terms(20_000, 84, ANNUITY_14, "2026-11-24"));
        assert_eq!(quote.total_kop, 2_852_881);
        assert_eq!(quote.overpayment_kop, 852_881);
        assert_eq!(quote.overpayment_pct, 42.64);
        assert_eq!(quote.psk_pct, 292.0);
        assert_eq!(quote.psk_kop, 852_881);
        assert_eq!(quote.schedule.len(), 6);
        assert_eq!(quote.schedule[5].payment_kop, 475_481);
    }

    #[test]
    fn the_output_is_the_contract_format() {
        let quote = q(&terms(10_000, 30, ScheduleKind::Single, "2026-11-24"));
        let json = serde_json::to_value(&quote).unwrap();
        let expected = serde_json::json!({
            "schedule": [{"day": 30, "payment_kop": 1_240_000, "principal_kop": 1_000_000,
                          "interest_kop": 240_000}],
            "total_kop": 1_240_000,
            "overpayment_kop": 240_000,
            "overpayment_pct": 24.0,
            "psk_pct": 292.0,
            "psk_kop": 240_000,
            "limits": [
                {"code": "cap.daily_rate", "limit": 0.8, "value": 0.8, "applied": false},
                {"code": "cap.overpayment", "limit": 100, "value": 24, "applied": false},
                {"code": "cap.psk", "limit": 292, "value": 292, "applied": false}
            ]
        });
        assert_eq!(json, expected);
    }

    #[test]
    fn the_overpayment_cap_depends_on_the_contract_date() {
        // 150 days at 0.8 % a day accrue 120 % of the principal.
        let before = q(&terms(10_000, 150, ScheduleKind::Single, "2026-03-31"));
        assert_eq!(before.total_kop, 2_200_000);
        let cap = before.limit(Code::CapOverpayment).unwrap();
        assert_eq!(
            (cap.limit, cap.value, cap.applied),
            (Rate::from_whole_pct(130), Rate::from_whole_pct(120), false)
        );

        let after = q(&terms(10_000, 150, ScheduleKind::Single, "2026-04-01"));
        assert_eq!(after.total_kop, 2_000_000);
        assert_eq!(after.overpayment_pct, 100.0);
        let cap = after.limit(Code::CapOverpayment).unwrap();
        assert_eq!(
            (cap.limit, cap.value, cap.applied),
            (Rate::from_whole_pct(100), Rate::from_whole_pct(120), true)
        );
        assert!(cap.exceeded());
        // 1 repaid as 2 over 150 days: i = 1 per base period, 365/150 periods a year.
        assert_eq!(after.psk_pct, 243.333);
        assert!(after.psk_pct < before.psk_pct);

        // 200 days accrue 160 %: capped at 130 % in 2025 and at 150 % before July 2023.
        let t = |date| q(&terms(10_000, 200, ScheduleKind::Single, date)).total_kop;
        assert_eq!(t("2025-01-01"), 2_300_000);
        assert_eq!(t("2023-07-01"), 2_300_000);
        assert_eq!(t("2023-06-30"), 2_500_000);
    }

    #[test]
    fn the_daily_rate_cap_depends_on_the_contract_date() {
        let mut t = terms(10_000, 30, ScheduleKind::Single, "2023-06-30");
        t.daily_rate = Rate::from_millionths(1_000_000);
        let old = q(&t);
        assert_eq!(old.total_kop, 1_300_000);
        assert_eq!(
            old.limit(Code::CapPsk).map(|l| l.limit),
            Some(Rate::from_whole_pct(365))
        );
        assert_eq!(old.psk_pct, 365.0);

        t.contract_date = "2023-07-01".parse().unwrap();
        let err = quote_with(&t, caps::caps_on(t.contract_date)).unwrap_err();
        assert_eq!(
            err,
            QuoteError::CapDailyRate {
                limit: Rate::from_millionths(800_000),
                value: Rate::from_millionths(1_000_000)
            }
        );
        assert_eq!(err.code(), Code::CapDailyRate);
        assert_eq!(
            err.to_string(),
            "a daily rate of 1 % is above the legal limit of 0.8 %"
        );

        t.daily_rate = Rate::from_millionths(800_001);
        assert_eq!(quote(&t).map_err(|e| e.code()), Err(Code::CapDailyRate));
    }

    #[test]
    fn a_capped_annuity_keeps_its_principal_parts() {
        // 300 days in 14-day periods would not divide; 294 = 21 × 14 accrues well over 100 %.
        let quote = q(&terms(20_000, 294, ANNUITY_14, "2026-11-24"));
        assert_eq!(quote.overpayment_kop, 2_000_000);
        assert!(quote.limit(Code::CapOverpayment).unwrap().applied);
        assert_eq!(
            quote.schedule.iter().map(|r| r.principal_kop).sum::<u64>(),
            2_000_000
        );
        let uncapped = quote_with(
            &terms(20_000, 294, ANNUITY_14, "2026-11-24"),
            Caps {
                overpayment: Rate::from_whole_pct(1_000),
                ..caps::caps_on("2026-11-24".parse().unwrap())
            },
        )
        .unwrap();
        for (c, u) in quote.schedule.iter().zip(&uncapped.schedule) {
            assert_eq!(c.principal_kop, u.principal_kop);
            assert!(c.interest_kop <= u.interest_kop);
        }
        assert!(quote.psk_pct <= uncapped.psk_pct);
    }

    #[test]
    fn terms_that_cannot_be_quoted() {
        let date = "2026-11-24";
        let cases = [
            (
                terms(0, 30, ScheduleKind::Single, date),
                QuoteError::ZeroAmount,
            ),
            (
                terms(10_000, 0, ScheduleKind::Single, date),
                QuoteError::ZeroTerm,
            ),
            (
                terms(10_000, 30, ANNUITY_14, date),
                QuoteError::TermNotMultiple {
                    term_days: 30,
                    period_days: 14,
                },
            ),
            (
                terms(10_000, 7, ANNUITY_14, date),
                QuoteError::TermNotMultiple {
                    term_days: 7,
                    period_days: 14,
                },
            ),
            (
                terms(10_000, 28, ScheduleKind::Annuity { period_days: 0 }, date),
                QuoteError::ZeroPeriod,
            ),
            (
                terms(10_000, 366, ScheduleKind::Single, date),
                QuoteError::TermTooLong { max_days: 365 },
            ),
            (
                terms(10_000_000_001, 30, ScheduleKind::Single, date),
                QuoteError::AmountTooLarge {
                    max_kop: MAX_AMOUNT_KOP,
                },
            ),
        ];
        for (t, err) in cases {
            assert_eq!(quote(&t), Err(err), "{t:?}");
        }
        assert_eq!(QuoteError::ZeroAmount.code(), Code::LoanAmountOutOfRange);
        assert_eq!(QuoteError::ZeroTerm.code(), Code::LoanTermOutOfRange);
        assert_eq!(QuoteError::ZeroPeriod.code(), Code::LoanTermNotMultiple);
        assert_eq!(
            QuoteError::TermNotMultiple {
                term_days: 30,
                period_days: 14
            }
            .code(),
            Code::LoanTermNotMultiple
        );
    }

    #[test]
    fn one_year_is_counted_from_the_contract_date() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(max_term_days(d("2026-11-24")), 365);
        assert_eq!(max_term_days(d("2027-11-24")), 366);
        assert_eq!(max_term_days(d("2024-02-29")), 365);
        assert_eq!(max_term_days(d("9999-06-01")), 365);
        assert!(quote(&terms(10_000, 366, ScheduleKind::Single, "2027-11-24")).is_ok());
    }

    #[test]
    fn a_year_of_daily_payments_is_quoted_quickly() {
        let t = terms(
            10_000,
            365,
            ScheduleKind::Annuity { period_days: 1 },
            "2026-11-24",
        );
        let quote = q(&t);
        assert_eq!(quote.schedule.len(), 365);
        assert_eq!(
            quote.schedule.iter().map(|r| r.principal_kop).sum::<u64>(),
            1_000_000
        );
        assert_eq!(quote.overpayment_kop, 1_000_000);
        assert!(quote.psk_pct.is_finite() && quote.psk_pct > 0.0);
    }

    #[test]
    fn an_interest_free_loan() {
        let mut t = terms(10_000, 28, ANNUITY_14, "2026-11-24");
        t.daily_rate = Rate::ZERO;
        let quote = q(&t);
        assert_eq!(
            (quote.total_kop, quote.psk_pct, quote.overpayment_pct),
            (1_000_000, 0.0, 0.0)
        );
    }

    #[test]
    fn schedules_read_the_configuration_format() {
        let s: ScheduleKind = serde_json::from_str(r#"{"kind": "single"}"#).unwrap();
        assert_eq!(s, ScheduleKind::Single);
        let s: ScheduleKind =
            serde_json::from_str(r#"{"kind": "annuity", "period_days": 14, "note": 1}"#).unwrap();
        assert_eq!(s, ANNUITY_14);
        assert_eq!(
            serde_json::to_string(&ANNUITY_14).unwrap(),
            r#"{"kind":"annuity","period_days":14}"#
        );
        assert!(serde_json::from_str::<ScheduleKind>(r#"{"kind": "annuity"}"#).is_err());
        assert!(serde_json::from_str::<ScheduleKind>(r#"{"kind": "balloon"}"#).is_err());
    }
}
