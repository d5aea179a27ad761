//! Repayment schedules in integer kopecks: simple daily interest on the outstanding principal,
//! every amount rounded half-up to the kopeck (contract.md, "Loan arithmetic").
//!
//! The callers ([`super::quote_with`]) have checked the terms, so amounts here are at most
//! [`super::MAX_AMOUNT_KOP`], rates at most 1 % a day and terms at most a year; the arithmetic
//! is still checked so that nothing here can panic whatever it is given.

use super::Payment;
use crate::money::{div_round_half_up, Rate};

/// Millionths of a percent per unit: a [`Rate`] of `m` is `m / 10^8` as a plain fraction.
const RATE_DENOMINATOR: i128 = 100 * 1_000_000;

/// `amount × rate × days` with `rate` in % a day, rounded half-up to the kopeck: the interest on
/// `amount` for `days` days, or the share `rate` % of `amount` when `days` is 1.
pub fn interest_kop(amount: u64, rate: Rate, days: u32) -> u64 {
    let num = i128::from(amount)
        .checked_mul(i128::from(rate.millionths()))
        .and_then(|n| n.checked_mul(i128::from(days)));
    match num {
        Some(n) => saturate(div_round_half_up(n, RATE_DENOMINATOR)),
        None => u64::MAX,
    }
}

/// `rate` % of `amount`, rounded down to the kopeck: a cap is never exceeded by rounding.
pub fn share_floor_kop(amount: u64, rate: Rate) -> u64 {
    let num = u128::from(amount).saturating_mul(u128::from(rate.millionths()));
    u64::try_from(num / RATE_DENOMINATOR as u128).unwrap_or(u64::MAX)
}

fn saturate(x: i128) -> u64 {
    u64::try_from(x.max(0)).unwrap_or(u64::MAX)
}

fn row(day: u32, principal_kop: u64, interest_kop: u64) -> Payment {
    Payment {
        day,
        payment_kop: principal_kop.saturating_add(interest_kop),
        principal_kop,
        interest_kop,
    }
}

/// One repayment of principal and interest on day `term_days`.
pub fn single(amount: u64, term_days: u32, rate: Rate) -> Vec<Payment> {
    vec![row(
        term_days,
        amount,
        interest_kop(amount, rate, term_days),
    )]
}

/// `n = term_days / period_days` equal payments every `period_days` days (`period_days` ≥ 1).
///
/// The period rate is `r = rate/100 × period_days`; the payment `P·r / (1 − (1 + r)^−n)` rounded
/// half-up to the kopeck (computed in `f64`, whose error on any sum this crate accepts is far
/// below a kopeck; `P / n` when `r` is 0). Each period's interest is the balance × `r` rounded
/// half-up in integers, its principal the payment less that interest; the last payment is
/// whatever repays the balance exactly, plus its interest. For sums of a few kopecks, where
/// rounding up every payment could repay the principal early, a principal part never exceeds
/// what is left, so the later rows are zero.
pub fn annuity(amount: u64, term_days: u32, period_days: u32, rate: Rate) -> Vec<Payment> {
    let period_days = period_days.max(1);
    let n = (term_days / period_days).max(1);
    let payment = level_payment(amount, n, period_days, rate);
    let mut balance = amount;
    let mut rows = Vec::with_capacity(n as usize);
    for k in 1..=n {
        let interest = interest_kop(balance, rate, period_days);
        let principal = if k == n {
            balance
        } else {
            payment.saturating_sub(interest).min(balance)
        };
        balance -= principal;
        rows.push(row(k.saturating_mul(period_days), principal, interest));
    }
    rows
}

/// The rounded annuity payment for `n` periods of `period_days` days.
fn level_payment(amount: u64, n: u32, period_days: u32, rate: Rate) -> u64 {
    if rate.millionths() == 0 {
        return saturate(div_round_half_up(i128::from(amount), i128::from(n)));
    }
    let r = rate.millionths() as f64 * f64::from(period_days) / RATE_DENOMINATOR as f64;
    let exact = amount as f64 * r / (1.0 - inverse_power(1.0 + r, n));
    if exact.is_finite() && exact >= 0.0 {
        // Half away from zero, and `as` saturates: no panic, no wrap.
        exact.round() as u64
    } else {
        amount
    }
}

/// `x^−n` for `x ≥ 1`, within about half an ulp: what `x.powf(-n)` gives, without linking
/// libm's `pow` (about 6 KB of the browser bundle).
///
/// Plain [`f64::powi`] is not enough here: repeated squaring gains an ulp of error per
/// multiplication, `1 − x^−n` magnifies it when `x` is close to 1, and the payment then rounds
/// to a different kopeck for about one loan in fifty million. So `x^n` is multiplied out in
/// double-double arithmetic (a pair `hi + lo` holding about 106 bits, each product exact by
/// Dekker's splitting, no `mul_add` since wasm has no fused multiply-add) and inverted with one
/// Newton step. When `x^n` is beyond about 10³⁰⁰ the result is 0 where `powf` gives a value
/// below 10⁻³⁰⁰ or 0: the same `1 − x^−n` in `f64`.
fn inverse_power(x: f64, n: u32) -> f64 {
    let (mut power, mut base, mut k) = ((1.0, 0.0), (x, 0.0), n);
    while k > 0 {
        if k & 1 == 1 {
            power = dd_mul(power, base);
        }
        k >>= 1;
        if k > 0 {
            base = dd_mul(base, base);
        }
    }
    let (hi, lo) = power;
    let q = 1.0 / hi;
    // 1 − (hi + lo)·q, with hi·q taken exactly: the Newton correction of q.
    let (p, p_err) = two_prod(hi, q);
    let inverse = q + q * (((1.0 - p) - p_err) - lo * q);
    // NaN only when x^n overflowed (the split of a factor above ~10³⁰⁰, or ∞ · 0).
    if inverse.is_finite() {
        inverse
    } else {
        0.0
    }
}

/// `a` as `hi + lo` with `hi` holding the upper 26 bits of the significand (Dekker).
fn split(a: f64) -> (f64, f64) {
    let c = 134_217_729.0 * a; // 2^27 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

/// `a · b` exactly, as the rounded product and its rounding error.
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let ((ah, al), (bh, bl)) = (split(a), split(b));
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// The product of two double-double numbers, to about 106 bits.
fn dd_mul(x: (f64, f64), y: (f64, f64)) -> (f64, f64) {
    let (p, e) = two_prod(x.0, y.0);
    let e = e + (x.0 * y.1 + x.1 * y.0);
    let hi = p + e;
    (hi, e - (hi - p))
}

/// Caps the cumulative interest at `cap_kop`: each row's interest becomes the smaller of its own
/// and what remains of the cap, its principal part stays, its payment follows. Returns whether
/// any interest was cut.
///
/// Keeping each principal part as in the uncapped schedule is a choice: the law (353-ФЗ art. 5
/// part 24) only says accruals stop at the cap; the lender's own contract decides how the
/// shortened payments look. This way the principal is repaid on the original dates, the
/// payments only get smaller, and a capped ПСК can never exceed the uncapped one.
pub fn cap_interest(rows: &mut [Payment], cap_kop: u64) -> bool {
    let mut left = cap_kop;
    let mut cut = false;
    for r in rows {
        let interest = r.interest_kop.min(left);
        cut |= interest < r.interest_kop;
        left -= interest;
        *r = row(r.day, r.principal_kop, interest);
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(pct: f64) -> Rate {
        Rate::from_pct_f64(pct).unwrap()
    }

    #[test]
    fn the_domain_annuity_to_the_kopeck() {
        // domain.md §5: 20 000 ₽, 6 payments every 14 days at 0.8 %/day.
        let rows = annuity(2_000_000, 84, 14, rate(0.8));
        let payments: Vec<u64> = rows.iter().map(|r| r.payment_kop).collect();
        let interest: Vec<u64> = rows.iter().map(|r| r.interest_kop).collect();
        let days: Vec<u32> = rows.iter().map(|r| r.day).collect();
        assert_eq!(
            payments,
            [475_480, 475_480, 475_480, 475_480, 475_480, 475_481]
        );
        assert_eq!(
            interest,
            [224_000, 195_834, 164_514, 129_686, 90_957, 47_890]
        );
        assert_eq!(days, [14, 28, 42, 56, 70, 84]);
        assert_eq!(rows.iter().map(|r| r.principal_kop).sum::<u64>(), 2_000_000);
        assert_eq!(payments.iter().sum::<u64>(), 2_852_881);
    }

    #[test]
    fn inverse_powers_are_what_powf_gives() {
        for (x, n) in [
            (1.0, 365),
            (1.112, 6),
            (1.0 + 1e-8, 365),
            (1.01, 1),
            (4.66, 366),
            (1e6, 60),
            (1e200, 2),
            (1.5, u32::MAX),
        ] {
            assert_eq!(inverse_power(x, n), x.powf(-f64::from(n)), "{x}^-{n}");
        }
    }

    #[test]
    fn payments_are_what_powf_gave() {
        // The payment as it was computed with `powf` (libm's `pow`).
        let with_powf = |amount: u64, n: u32, period: u32, m: u64| {
            let r = m as f64 * f64::from(period) / RATE_DENOMINATOR as f64;
            (amount as f64 * r / (1.0 - (1.0 + r).powf(-f64::from(n)))).round() as u64
        };
        // Realistic loans (1 kopeck to 1 million rubles, up to a year, up to 1 % a day) from a
        // fixed xorshift sequence. A hundred million such loans outside the test suite gave the
        // same payments; plain `powi` differed on 2 of them.
        let mut state = 0x1234_5678_9abc_def1_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..200_000 {
            let amount = 1 + next(100_000_000);
            let m = 1 + next(1_000_000);
            let period = 1 + next(366) as u32;
            let n = 1 + next(u64::from(366 / period)) as u32;
            assert_eq!(
                level_payment(amount, n, period, Rate::from_millionths(m)),
                with_powf(amount, n, period, m),
                "{amount} kop, {n} × {period} days, {m} millionths % a day"
            );
        }
    }

    #[test]
    fn interest_rounds_half_up() {
        assert_eq!(interest_kop(1_000_000, rate(0.8), 30), 240_000);
        // 1 kop × 0.8 % × 62.5 would be 0.5; 63 days is 0.504 → 1, 62 days 0.496 → 0.
        assert_eq!(interest_kop(1, rate(0.8), 63), 1);
        assert_eq!(interest_kop(1, rate(0.8), 62), 0);
        // 125 kop × 0.4 % = 0.5 kop exactly → 1.
        assert_eq!(interest_kop(125, rate(0.4), 1), 1);
        assert_eq!(
            interest_kop(u64::MAX, Rate::from_millionths(u64::MAX), u32::MAX),
            u64::MAX
        );
    }

    #[test]
    fn caps_round_down() {
        assert_eq!(
            share_floor_kop(1_000_000, Rate::from_whole_pct(130)),
            1_300_000
        );
        assert_eq!(share_floor_kop(1, Rate::from_whole_pct(130)), 1);
        assert_eq!(share_floor_kop(1, Rate::from_whole_pct(100)), 1);
        assert_eq!(share_floor_kop(3, Rate::from_whole_pct(150)), 4);
        assert_eq!(
            share_floor_kop(u64::MAX, Rate::from_millionths(u64::MAX)),
            u64::MAX
        );
    }

    #[test]
    fn an_interest_free_annuity_splits_the_principal() {
        let rows = annuity(1_000, 30, 10, Rate::ZERO);
        let payments: Vec<u64> = rows.iter().map(|r| r.payment_kop).collect();
        assert_eq!(payments, [333, 333, 334]);
    }

    #[test]
    fn kopeck_loans_never_repay_more_principal_than_lent() {
        // 5 kop in 8 payments: each rounds up to 1 kop, so the principal is gone after 5.
        let rows = annuity(5, 8, 1, Rate::ZERO);
        let principal: Vec<u64> = rows.iter().map(|r| r.principal_kop).collect();
        assert_eq!(principal, [1, 1, 1, 1, 1, 0, 0, 0]);
    }

    #[test]
    fn the_cap_cuts_the_latest_interest_first() {
        let mut rows = annuity(2_000_000, 84, 14, rate(0.8));
        assert!(cap_interest(&mut rows, 500_000));
        let interest: Vec<u64> = rows.iter().map(|r| r.interest_kop).collect();
        assert_eq!(interest, [224_000, 195_834, 80_166, 0, 0, 0]);
        let principal: Vec<u64> = rows.iter().map(|r| r.principal_kop).collect();
        assert_eq!(
            principal,
            [251_480, 279_646, 310_966, 345_794, 384_523, 427_591]
        );
        assert!(rows
            .iter()
            .all(|r| r.payment_kop == r.principal_kop + r.interest_kop));
        let mut again = rows.clone();
        assert!(!cap_interest(&mut again, 500_000));
        assert_eq!(again, rows);
    }
}
