//! The full cost of credit (ПСК, полная стоимость кредита) as 353-ФЗ "О потребительском
//! кредите (займе)" art. 6 parts 2–2.1 define it (as amended by 229-ФЗ of 21.07.2014;
//! domain.md §5, citing finuch.ru/lectures/8789 and
//! zakonius.ru/kredity-vklady/kak-uznat-polnuyu-stoimost-potrebitelskogo-kredita):
//!
//! * `ПСК = i × ЧБП × 100`, in % a year, with three decimal places;
//! * ЧБП, the number of base periods in a year of **365 days**: `365 / БП`;
//! * БП, the base period: the interval that occurs most often in the payment schedule — here
//!   counted in days between consecutive cash flows, the smaller one on a tie;
//! * i, the rate per base period: the smallest positive root of
//!   `Σ ДП_k / ((1 + e_k·i)(1 + i)^q_k) = 0`, where ДП_k is the k-th cash flow (the issue
//!   negative, repayments positive), q_k the number of whole base periods from the issue to
//!   flow k and e_k the remaining fraction of a base period.
//!
//! The base period matters: 10 000 ₽ for 30 days repaid with 12 400 ₽ has БП = 30 days, i =
//! 0.24 and ПСК = 292.000 %, the figure MFOs print; a one-day БП would give 262.659 % instead
//! (domain.md §5; the test `a_one_day_base_period_would_understate_a_single_repayment`).
//!
//! The root is found by bracketing — a geometric scan from 0 upward for the first sign change,
//! then bisection — which needs no derivative, cannot diverge and stops after a fixed number
//! of steps whatever the flows.
//!
//! No `powf` here, nor anywhere else on the widget's path: it would link libm's `pow` (about
//! 6 KB of code and tables in the browser bundle). `q_k` is a whole number, so `(1 + i)^q_k` is
//! [`f64::powi`] (compiler_builtins' few-instruction `__powidf2`), and the scan's points 2^(k/4)
//! are a power of two times one of four constants: the same `f64`s `powf` gives (a test holds
//! them to it).

use crate::money::round_pct;
use crate::sort::insertion_sort_by;

/// One cash flow of a loan, signed as the law signs them: the issue negative, each repayment
/// positive; `day` counts from the issue (day 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CashFlow {
    pub day: u32,
    pub amount_kop: i64,
}

/// Days in the year the ПСК counts with (353-ФЗ art. 6 part 2.1).
pub const DAYS_IN_YEAR: u32 = 365;

/// The base period in days: the most frequent interval between consecutive flows (the smaller
/// on a tie); flows on the same day make no interval. `None` with fewer than two distinct days.
pub fn base_period_days(flows: &[CashFlow]) -> Option<u32> {
    let mut days: Vec<u32> = flows.iter().map(|f| f.day).collect();
    insertion_sort_by(&mut days, |a, b| a < b);
    days.dedup();
    let mut intervals: Vec<u32> = days.windows(2).map(|w| w[1] - w[0]).collect();
    insertion_sort_by(&mut intervals, |a, b| a < b);
    // Runs of equal intervals in ascending order; a strictly longer run wins, so on a tie the
    // smaller interval, seen first, stays.
    let mut best: Option<(u32, usize)> = None;
    for run in intervals.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(_, n)| run.len() > n) {
            best = Some((run[0], run.len()));
        }
    }
    best.map(|(interval, _)| interval)
}

/// The ПСК in % a year, rounded half-up to 3 decimals, with the base period the law
/// prescribes ([`base_period_days`]). `None` when there is no base period or no root (flows
/// that never repay the issue).
pub fn psk_pct(flows: &[CashFlow]) -> Option<f64> {
    psk_pct_with_base_period(flows, base_period_days(flows)?)
}

/// The ПСК in % a year, rounded half-up to 3 decimals, with a given base period in days.
pub fn psk_pct_with_base_period(flows: &[CashFlow], base_period_days: u32) -> Option<f64> {
    let i = rate_per_base_period(flows, base_period_days)?;
    let periods_per_year = f64::from(DAYS_IN_YEAR) / f64::from(base_period_days);
    Some(round_pct(i * periods_per_year * 100.0, 3))
}

/// i: the smallest non-negative root of the art. 6 equation for a base period of
/// `base_period_days` days. 0 when the flows sum to zero (an interest-free loan); `None` for a
/// zero base period or when no root lies between 0 and 2⁴⁰ per base period.
pub fn rate_per_base_period(flows: &[CashFlow], base_period_days: u32) -> Option<f64> {
    if base_period_days == 0 {
        return None;
    }
    let bp = f64::from(base_period_days);
    // (ДП_k, q_k, e_k)
    let terms: Vec<(f64, u32, f64)> = flows
        .iter()
        .map(|f| {
            let q = f.day / base_period_days;
            let e = f64::from(f.day % base_period_days) / bp;
            (f.amount_kop as f64, q, e)
        })
        .collect();
    let npv = |i: f64| -> f64 {
        terms
            .iter()
            .map(|&(amount, q, e)| amount / ((1.0 + e * i) * powi_u32(1.0 + i, q)))
            .sum()
    };

    let f0 = npv(0.0);
    if f0 == 0.0 {
        return Some(0.0);
    }
    // Scan 0, 2^-40, 2^-39.75, …, 2^40 for the first sign change. The step (a factor of 2^¼)
    // keeps the smallest root from being stepped over unless two roots lie that close.
    let (mut lo, mut f_lo) = (0.0_f64, f0);
    for step in -160..=160 {
        let x = two_to_the_quarter(step);
        let fx = npv(x);
        if fx == 0.0 {
            return Some(x);
        }
        if (fx > 0.0) != (f_lo > 0.0) {
            return Some(bisect(&npv, lo, x, f_lo));
        }
        (lo, f_lo) = (x, fx);
    }
    None
}

/// `x^n` for any `u32` exponent with [`f64::powi`], whose exponent is an `i32`: beyond
/// `i32::MAX` (a flow some 5.9 million years after the issue with a one-day base period) as
/// `(x^(n/2))² · x^(n mod 2)`. Never panics.
fn powi_u32(x: f64, n: u32) -> f64 {
    match i32::try_from(n) {
        Ok(n) => x.powi(n),
        Err(_) => {
            let half = x.powi((n / 2) as i32);
            half * half * x.powi((n % 2) as i32)
        }
    }
}

/// 2^(k/4) for k in −160..=160: 2^⌊k/4⌋ times 2^(0, ¼, ½ or ¾). Scaling by a power of two is
/// exact in `f64`, so this is the correctly rounded 2^(k/4), the value `2f64.powf(k / 4.0)` gives
/// (the test `the_scan_points_are_what_powf_gave`).
fn two_to_the_quarter(k: i32) -> f64 {
    const QUARTERS: [f64; 4] = [
        1.0,
        1.189_207_115_002_721,     // 2^¼
        core::f64::consts::SQRT_2, // 2^½
        1.681_792_830_507_429,     // 2^¾
    ];
    QUARTERS[k.rem_euclid(4) as usize] * 2f64.powi(k.div_euclid(4))
}

/// The root of `f` in `[lo, hi]`, where `f(lo)` has the sign of `f_lo` and `f(hi)` the other.
/// At most 200 halvings; stops early once the bracket cannot shrink any more in `f64`.
fn bisect(f: &impl Fn(f64) -> f64, mut lo: f64, mut hi: f64, f_lo: f64) -> f64 {
    for _ in 0..200 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        let fm = f(mid);
        if fm == 0.0 {
            return mid;
        }
        if (fm > 0.0) == (f_lo > 0.0) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + (hi - lo) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flows(list: &[(u32, i64)]) -> Vec<CashFlow> {
        list.iter()
            .map(|&(day, amount_kop)| CashFlow { day, amount_kop })
            .collect()
    }

    fn single() -> Vec<CashFlow> {
        flows(&[(0, -1_000_000), (30, 1_240_000)])
    }

    #[test]
    fn a_single_repayment_is_292_percent() {
        let f = single();
        assert_eq!(base_period_days(&f), Some(30));
        let i = rate_per_base_period(&f, 30).unwrap();
        assert!((i - 0.24).abs() < 1e-12, "{i}");
        assert_eq!(psk_pct(&f), Some(292.0));
    }

    #[test]
    fn a_one_day_base_period_would_understate_a_single_repayment() {
        // (1 + i)^30 = 1.24 → i = 0.0071961… → 262.659 %: why the base period is the interval
        // between flows, not a day (domain.md §5, "Good negative test").
        assert_eq!(psk_pct_with_base_period(&single(), 1), Some(262.659));
    }

    #[test]
    fn the_domain_annuity_is_292_percent() {
        let mut f = flows(&[(0, -2_000_000)]);
        for k in 1..=5 {
            f.push(CashFlow {
                day: 14 * k,
                amount_kop: 475_480,
            });
        }
        f.push(CashFlow {
            day: 84,
            amount_kop: 475_481,
        });
        assert_eq!(base_period_days(&f), Some(14));
        assert_eq!(psk_pct(&f), Some(292.0));
    }

    #[test]
    fn base_period_is_the_most_frequent_interval_smaller_on_a_tie() {
        let d = |days: &[u32]| {
            base_period_days(
                &days
                    .iter()
                    .map(|&day| CashFlow { day, amount_kop: 1 })
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(d(&[0, 14, 28, 42]), Some(14));
        assert_eq!(d(&[0, 30, 60, 74, 88]), Some(14));
        assert_eq!(d(&[0, 30, 60, 74, 88, 118]), Some(30));
        assert_eq!(d(&[0, 30, 44]), Some(14));
        assert_eq!(d(&[0, 0, 30]), Some(30));
        assert_eq!(d(&[44, 0, 30]), Some(14));
        assert_eq!(d(&[0]), None);
        assert_eq!(d(&[7, 7]), None);
        assert_eq!(d(&[]), None);
    }

    #[test]
    fn fractional_base_periods_use_e_k() {
        // Flows 10 days apart, the last 15 days after its predecessor: q = 3, e = 0.5.
        let f = flows(&[(0, -100_000), (10, 40_000), (20, 40_000), (35, 40_000)]);
        assert_eq!(base_period_days(&f), Some(10));
        let i = rate_per_base_period(&f, 10).unwrap();
        let npv = -100_000.0
            + 40_000.0 / (1.0 + i)
            + 40_000.0 / (1.0 + i).powi(2)
            + 40_000.0 / ((1.0 + 0.5 * i) * (1.0 + i).powi(3));
        assert!(npv.abs() < 1e-6, "{npv}");
    }

    #[test]
    fn the_scan_points_are_what_powf_gave() {
        for k in -160..=160 {
            assert_eq!(two_to_the_quarter(k), 2f64.powf(f64::from(k) / 4.0), "{k}");
        }
    }

    #[test]
    fn powers_beyond_i32_split_in_halves() {
        assert_eq!(powi_u32(1.5, 7), 1.5f64.powi(7));
        assert_eq!(powi_u32(1.0, u32::MAX), 1.0);
        assert_eq!(powi_u32(-1.0, u32::MAX), -1.0);
        let big = powi_u32(1.0 + 1e-9, u32::MAX);
        // Repeated squaring loses about log₂ n bits here: close, not exact.
        assert!((big / (1.0_f64 + 1e-9).powf(f64::from(u32::MAX)) - 1.0).abs() < 1e-5);
        assert_eq!(powi_u32(2.0, u32::MAX), f64::INFINITY);
        assert_eq!(powi_u32(0.5, 1 << 31), 0.0);
    }

    /// The ПСК as it was computed with `powf` (libm's `pow`), for the comparison below.
    fn psk_with_powf(flows: &[CashFlow]) -> Option<f64> {
        let bp = base_period_days(flows)?;
        let npv = |i: f64| -> f64 {
            flows
                .iter()
                .map(|f| {
                    let q = f64::from(f.day / bp);
                    let e = f64::from(f.day % bp) / f64::from(bp);
                    f.amount_kop as f64 / ((1.0 + e * i) * (1.0 + i).powf(q))
                })
                .sum()
        };
        let pct = |i: f64| {
            let periods_per_year = f64::from(DAYS_IN_YEAR) / f64::from(bp);
            Some(round_pct(i * periods_per_year * 100.0, 3))
        };
        let f0 = npv(0.0);
        if f0 == 0.0 {
            return pct(0.0);
        }
        let (mut lo, mut f_lo) = (0.0_f64, f0);
        for step in -160..=160 {
            let x = 2f64.powf(f64::from(step) / 4.0);
            let fx = npv(x);
            if fx == 0.0 {
                return pct(x);
            }
            if (fx > 0.0) != (f_lo > 0.0) {
                return pct(bisect(&npv, lo, x, f_lo));
            }
            (lo, f_lo) = (x, fx);
        }
        None
    }

    #[test]
    fn powi_gives_the_psk_powf_gave() {
        // Annuity-like and single-repayment flows of realistic loans (1 kopeck to 1 million
        // rubles, up to a year, rates up to 1 % a day), from a fixed xorshift sequence. Nine
        // million quotes of such loans, and two million up to 10 billion rubles, run outside
        // the test suite showed no difference either.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..3_000 {
            let amount = 1 + next(100_000_000) as i64;
            let rate = (1 + next(1_000_000)) as f64 / 1e8; // per day
            let period = 1 + next(365) as u32;
            let n = 1 + next(u64::from(365 / period)) as u32;
            let mut f = vec![CashFlow {
                day: 0,
                amount_kop: -amount,
            }];
            let r = rate * f64::from(period);
            let payment = (amount as f64 * r / (1.0 - (1.0 + r).powf(-f64::from(n)))).round();
            for k in 1..=n {
                f.push(CashFlow {
                    day: k * period,
                    amount_kop: payment as i64 + i64::from(k == n) * next(3) as i64,
                });
            }
            assert_eq!(psk_pct(&f), psk_with_powf(&f), "{f:?}");
        }
    }

    #[test]
    fn degenerate_flows_have_an_answer_or_none_never_a_panic() {
        assert_eq!(psk_pct(&flows(&[(0, -1_000), (30, 1_000)])), Some(0.0));
        assert_eq!(psk_pct(&flows(&[(0, -1_000), (30, 0)])), None);
        assert_eq!(psk_pct(&flows(&[(0, -1_000), (30, 999)])), None);
        assert_eq!(psk_pct(&flows(&[(0, -1_000)])), None);
        assert_eq!(rate_per_base_period(&single(), 0), None);
        assert!(psk_pct(&flows(&[(0, -1), (1, i64::MAX)])).is_none_or(f64::is_finite));
        assert!(psk_pct(&flows(&[(0, i64::MIN), (u32::MAX, i64::MAX)])).is_none_or(f64::is_finite));
    }
}
