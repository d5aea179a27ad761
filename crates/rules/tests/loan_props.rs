//! Properties of `loan::quote` over arbitrary terms: it never panics, the schedule adds up to
//! the kopeck, and the overpayment cap holds and only ever lowers the ПСК.

use prequal_rules::date::Date;
use prequal_rules::loan::caps::{caps_on, Caps};
use prequal_rules::loan::{quote, quote_with, LoanTerms, Quote, ScheduleKind, MAX_AMOUNT_KOP};
use prequal_rules::money::Rate;
use proptest::prelude::*;

/// Any date the `Date` type can hold.
fn any_date() -> impl Strategy<Value = Date> {
    (-719_162i64..=2_932_896).prop_filter_map("a date", Date::from_days_since_epoch)
}

/// Contract dates around the changes of the limits, 2022-01-01 to 2030-12-31.
fn recent_date() -> impl Strategy<Value = Date> {
    (18_993i64..=22_279).prop_filter_map("a date", Date::from_days_since_epoch)
}

fn any_schedule() -> impl Strategy<Value = ScheduleKind> {
    prop_oneof![
        Just(ScheduleKind::Single),
        any::<u32>().prop_map(|period_days| ScheduleKind::Annuity { period_days }),
        (0u32..=400).prop_map(|period_days| ScheduleKind::Annuity { period_days }),
    ]
}

/// Anything at all, most of it unquotable.
fn any_terms() -> impl Strategy<Value = LoanTerms> {
    (
        prop_oneof![any::<u64>(), 0u64..=MAX_AMOUNT_KOP + 10],
        prop_oneof![any::<u32>(), 0u32..=400],
        prop_oneof![any::<u64>(), 0u64..=1_200_000],
        any_schedule(),
        any_date(),
    )
        .prop_map(
            |(amount_kop, term_days, rate, schedule, contract_date)| LoanTerms {
                amount_kop,
                term_days,
                daily_rate: Rate::from_millionths(rate),
                schedule,
                contract_date,
            },
        )
}

/// Terms a lender could offer: a positive amount up to the maximum (often a few kopecks, where
/// rounding bites), up to a year, a legal rate, a period that divides the term.
fn valid_terms() -> impl Strategy<Value = LoanTerms> {
    let amount = prop_oneof![
        1u64..=1_000,
        100_000u64..=100_000_000,
        1u64..=MAX_AMOUNT_KOP
    ];
    let schedule_and_term = prop_oneof![
        (1u32..=365).prop_map(|term| (ScheduleKind::Single, term)),
        (1u32..=365)
            .prop_flat_map(|period| (Just(period), 1u32..=365 / period))
            .prop_map(|(period_days, n)| (ScheduleKind::Annuity { period_days }, n * period_days)),
    ];
    (amount, schedule_and_term, recent_date(), 0u64..=1_000_000).prop_map(
        |(amount_kop, (schedule, term_days), contract_date, rate)| {
            let cap = caps_on(contract_date).daily_rate.millionths();
            LoanTerms {
                amount_kop,
                term_days,
                daily_rate: Rate::from_millionths(rate.min(cap)),
                schedule,
                contract_date,
            }
        },
    )
}

/// The limits of the contract date without the overpayment cap.
fn uncapped(terms: &LoanTerms) -> Caps {
    Caps {
        overpayment: Rate::from_whole_pct(1_000_000),
        ..caps_on(terms.contract_date)
    }
}

/// `cases` cases and no failure files: a failing case is printed, and the tests stay
/// reproducible without state on disk.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn interest(q: &Quote) -> u64 {
    q.schedule.iter().map(|r| r.interest_kop).sum()
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn quote_never_panics(terms in any_terms()) {
        if let Ok(q) = quote(&terms) {
            prop_assert!(q.psk_pct.is_finite());
            prop_assert!(q.overpayment_pct.is_finite());
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_schedule_adds_up(terms in valid_terms()) {
        let q = quote(&terms);
        prop_assert!(q.is_ok(), "{terms:?}: {q:?}");
        let Ok(q) = q else { return Ok(()) };

        let principal: u64 = q.schedule.iter().map(|r| r.principal_kop).sum();
        let payments: u64 = q.schedule.iter().map(|r| r.payment_kop).sum();
        prop_assert_eq!(principal, terms.amount_kop);
        prop_assert_eq!(q.total_kop, payments);
        prop_assert_eq!(q.overpayment_kop, payments - terms.amount_kop);
        prop_assert_eq!(q.overpayment_kop, interest(&q));
        prop_assert_eq!(q.psk_kop, q.overpayment_kop);
        for r in &q.schedule {
            prop_assert_eq!(r.payment_kop, r.principal_kop + r.interest_kop);
        }
        prop_assert!(q.schedule.windows(2).all(|w| w[0].day < w[1].day));
        prop_assert_eq!(q.schedule.last().map(|r| r.day), Some(terms.term_days));
        prop_assert!(q.psk_pct.is_finite() && q.psk_pct >= 0.0);
    }

    #[test]
    fn interest_never_exceeds_the_cap(terms in valid_terms()) {
        let Ok(q) = quote(&terms) else { return Err(TestCaseError::fail("not quoted")) };
        let cap = caps_on(terms.contract_date).overpayment.millionths();
        // Σ interest ≤ amount × cap %, compared exactly.
        prop_assert!(
            u128::from(interest(&q)) * 100_000_000 <= u128::from(terms.amount_kop) * u128::from(cap)
        );
    }

    #[test]
    fn the_cap_only_lowers_payments_and_the_psk(terms in valid_terms()) {
        let (Ok(capped), Ok(free)) = (quote(&terms), quote_with(&terms, uncapped(&terms))) else {
            return Err(TestCaseError::fail("not quoted"));
        };
        prop_assert_eq!(capped.schedule.len(), free.schedule.len());
        for (c, f) in capped.schedule.iter().zip(&free.schedule) {
            prop_assert_eq!(c.principal_kop, f.principal_kop);
            prop_assert!(c.interest_kop <= f.interest_kop);
        }
        let applied = capped.limits.iter().any(|l| l.applied);
        prop_assert_eq!(applied, interest(&capped) < interest(&free));
        prop_assert!(capped.psk_pct <= free.psk_pct, "{} > {}", capped.psk_pct, free.psk_pct);
    }
}
