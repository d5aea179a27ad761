//! The debt-load ratio (ПДН, показатель долговой нагрузки) of an applicant, exactly as
//! contract.md's "Verdict" paragraph defines it:
//!
//! * income used = confirmed + factor × unconfirmed (factor 0.3 by default);
//! * the new loan's monthly payment = its whole repayment when the term is ≤ 31 days, otherwise
//!   the total repayment / (term / 30);
//! * ПДН = (monthly payments + the new loan's monthly payment) / income used × 100, half-up to
//!   2 decimals; bands `fine` ≤ 40.00 < `review` ≤ 50.00 < `warn`.
//!
//! The formula rounds once, at the end: the income used (0.3 × 5 kop = 1.5 kop) and the new
//! loan's monthly payment (its total × 30 / 56) are kept exact as [`Kopecks`] until then, and
//! rounded to the kopeck only where the verdict reports them (`income_used_kop`,
//! `new_payment_kop`). Rounding them first moved the ratio by 0.01 for about 4 % of the offers
//! priced in a differential test against an independent implementation, which can carry it
//! across a band's or an offer's limit.
//!
//! This is the contract's simplification of the regulator's methodology, not the methodology
//! itself (domain.md §4): Указание Банка России 6579-У of 16.10.2023 (in force from 2024-01-01)
//! prescribes how average monthly payments and income are reckoned, and from 2026-01-01 an MFO
//! loan of up to 50 000 ₽ must use confirmed income or min(declared, the Rosstat regional
//! average). Everything is integers; only the reported `pct` is an `f64`, made from an
//! integer number of hundredths.

use serde::Serialize;

use crate::code::Code;
use crate::money::{div_round_half_up, Rate, Ratio};

/// A sum of kopecks kept exact, `num / den` (`den` > 0: 1, a term in days, or 10^6), until
/// the ПДН is rounded. `num` ≤ 2^120: `income_used` holds it there, and a monthly payment's is
/// at most (2^64 − 1) × 30.
#[derive(Clone, Copy, Debug)]
pub struct Kopecks {
    num: u128,
    den: u32,
}

impl Kopecks {
    pub const fn whole(kop: u64) -> Kopecks {
        Kopecks {
            num: kop as u128,
            den: 1,
        }
    }

    /// Rounded half-up to the kopeck, as the verdict reports it; saturates.
    pub fn rounded(self) -> u64 {
        // num ≤ 2^120 (see the type) and den < 2^32: both fit in i128.
        u64::try_from(div_round_half_up(self.num as i128, self.den.into())).unwrap_or(u64::MAX)
    }
}

/// Income used: `confirmed + factor × unconfirmed`, exact (in millionths of a kopeck).
pub fn income_used(confirmed_kop: u64, unconfirmed_kop: u64, factor: Ratio) -> Kopecks {
    // Each product fits in u128: 2^64 × 10^6, and (2^64 − 1)²; held at 2^120, far above what
    // rounds to u64::MAX kopecks, so that `rounded` and `pdn` have room.
    let counted = u128::from(unconfirmed_kop) * u128::from(factor.millionths());
    Kopecks {
        num: (u128::from(confirmed_kop) * 1_000_000)
            .saturating_add(counted)
            .min(1 << 120),
        den: 1_000_000,
    }
}

/// The longest term, in days, whose whole repayment counts as one monthly payment.
pub const ONE_MONTH_MAX_DAYS: u32 = 31;

/// The new loan's monthly payment: the whole `total_repayment_kop` when `term_days` ≤ 31,
/// otherwise `total / (term_days / 30)` = `total × 30 / term_days`, exact.
pub fn new_loan_monthly_payment(total_repayment_kop: u64, term_days: u32) -> Kopecks {
    if term_days <= ONE_MONTH_MAX_DAYS {
        return Kopecks::whole(total_repayment_kop);
    }
    Kopecks {
        num: u128::from(total_repayment_kop) * 30,
        den: term_days,
    }
}

/// Where a ПДН falls: `fine` ≤ 40.00 < `review` ≤ 50.00 < `warn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Fine,
    Review,
    Warn,
}

impl Band {
    /// The highest ПДН in each of the two lower bands, in hundredths of a percent.
    const FINE_MAX: u128 = 40_00;
    const REVIEW_MAX: u128 = 50_00;

    /// The band of a ПДН of `hundredths` hundredths of a percent (already rounded).
    pub fn of_hundredths(hundredths: u128) -> Band {
        if hundredths <= Band::FINE_MAX {
            Band::Fine
        } else if hundredths <= Band::REVIEW_MAX {
            Band::Review
        } else {
            Band::Warn
        }
    }

    /// `pdn.review` or `pdn.warn`; nothing for `fine`.
    pub fn code(self) -> Option<Code> {
        match self {
            Band::Fine => None,
            Band::Review => Some(Code::PdnReview),
            Band::Warn => Some(Code::PdnWarn),
        }
    }
}

/// The ПДН of an application, as the verdict's `"pdn"` object.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Pdn {
    /// In %, half-up to 2 decimals.
    pub pct: f64,
    pub band: Band,
    pub income_used_kop: u64,
    /// The existing monthly payments (`obligations.monthly_payments_kop`).
    pub payments_kop: u64,
    /// The new loan's monthly payment ([`new_loan_monthly_payment_kop`]); 0 without a loan.
    pub new_payment_kop: u64,
}

impl Pdn {
    /// The ПДН is above `max_pct` (an offer's `max_pdn_pct`; code `pdn.above_limit`), compared
    /// exactly on the rounded value.
    pub fn exceeds(&self, max_pct: Rate) -> bool {
        let hundredths = (self.pct * 100.0).round().max(0.0) as u128;
        hundredths.saturating_mul(10_000) > u128::from(max_pct.millionths())
    }
}

/// The ПДН formula, in this one place: `(payments + new payment) / income used × 100`, rounded
/// half-up to 2 decimals in integers, and its band. `None` when no income is used (less than
/// half a kopeck: the ratio does not exist; the caller reports `income.missing` or its like).
///
/// This is contract.md's rule. The regulator's methodology (6579-У, and from 2026 the income
/// rule min(declared, the regional average) for small MFO loans) may replace it later by
/// configuration: keep any such change here.
pub fn pdn(payments_kop: u64, new_payment: Kopecks, income_used: Kopecks) -> Option<Pdn> {
    let income_used_kop = income_used.rounded();
    let new_payment_kop = new_payment.rounded();
    if income_used_kop == 0 {
        return None;
    }
    // (payments + a/b) / (c/d) × 10^4 = (payments × b + a) × d × 10^4 / (b × c), where b is a
    // term in days (< 2^32) or 1 and d is 10^6 or 1. Each of the three sums is held at 2^53 kop
    // (≈ 9·10^13 ₽, past any household's), so that these products fit in u128 (and in i128:
    // owed < 2^86, the numerator < 2^120, the denominator < 2^106). Past that the ratio is
    // the held sums', while the verdict still reports the sums themselves.
    let (a, b) = (new_payment.num, u128::from(new_payment.den));
    let (c, d) = (income_used.num, u128::from(income_used.den));
    const MAX: u128 = 1 << 53;
    let owed = u128::from(payments_kop).min(MAX) * b + a.min(b * MAX);
    let hundredths = div_round_half_up((owed * d * 10_000) as i128, (b * c.min(d * MAX)) as i128);
    let hundredths = u128::try_from(hundredths).unwrap_or(0);
    Some(Pdn {
        pct: hundredths as f64 / 100.0,
        band: Band::of_hundredths(hundredths),
        income_used_kop,
        payments_kop,
        new_payment_kop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACTOR: Ratio = Ratio::from_millionths(300_000);

    fn w(kop: u64) -> Kopecks {
        Kopecks::whole(kop)
    }

    // The two sums to the kopeck, as the verdict reports them.
    fn income_used_kop(confirmed_kop: u64, unconfirmed_kop: u64, factor: Ratio) -> u64 {
        income_used(confirmed_kop, unconfirmed_kop, factor).rounded()
    }

    fn new_loan_monthly_payment_kop(total_repayment_kop: u64, term_days: u32) -> u64 {
        new_loan_monthly_payment(total_repayment_kop, term_days).rounded()
    }

    #[test]
    fn income_used_counts_a_share_of_the_unconfirmed() {
        assert_eq!(income_used_kop(5_000_000, 0, FACTOR), 5_000_000);
        assert_eq!(income_used_kop(5_000_000, 1_000_000, FACTOR), 5_300_000);
        assert_eq!(income_used_kop(0, 5, FACTOR), 2); // 1.5 → 2
        assert_eq!(income_used_kop(0, 1, FACTOR), 0); // 0.3 → 0
        assert_eq!(income_used_kop(0, 1_000_000, Ratio::ZERO), 0);
        assert_eq!(income_used_kop(100, 1_000_000, Ratio::ONE), 1_000_100);
        assert_eq!(
            income_used_kop(u64::MAX, u64::MAX, Ratio::from_millionths(u64::MAX)),
            u64::MAX
        );
    }

    #[test]
    fn the_new_payment_is_the_whole_repayment_up_to_31_days() {
        assert_eq!(new_loan_monthly_payment_kop(1_240_000, 30), 1_240_000);
        assert_eq!(new_loan_monthly_payment_kop(1_240_000, 31), 1_240_000);
        assert_eq!(new_loan_monthly_payment_kop(1_240_000, 0), 1_240_000);
        // 28 528.81 over 84 days: × 30 / 84 = 10 188.8607… → 10 188.86.
        assert_eq!(new_loan_monthly_payment_kop(2_852_881, 84), 1_018_886);
        // 10 000.01 over 60 days: 5 000.005 → 5 000.01.
        assert_eq!(new_loan_monthly_payment_kop(1_000_001, 60), 500_001);
        assert_eq!(
            new_loan_monthly_payment_kop(u64::MAX, 32),
            17_293_822_569_102_704_639
        );
    }

    #[test]
    fn the_contract_examples() {
        let p = pdn(1_500_000, w(0), w(5_000_000)).unwrap();
        assert_eq!((p.pct, p.band), (30.0, Band::Fine));

        let p = pdn(
            1_500_000,
            new_loan_monthly_payment(1_240_000, 30),
            w(5_000_000),
        )
        .unwrap();
        assert_eq!((p.pct, p.band), (54.8, Band::Warn));
        assert_eq!(
            serde_json::to_value(p).unwrap(),
            serde_json::json!({"pct": 54.8, "band": "warn", "income_used_kop": 5_000_000,
                               "payments_kop": 1_500_000, "new_payment_kop": 1_240_000})
        );

        // domain.md §4: income 40 000, payments 12 000, 10 000 ₽ for 30 days → 61 %.
        let p = pdn(1_200_000, w(1_240_000), w(4_000_000)).unwrap();
        assert_eq!((p.pct, p.band), (61.0, Band::Warn));
        assert_eq!(p.band.code(), Some(Code::PdnWarn));
    }

    #[test]
    fn band_edges_are_on_the_rounded_value() {
        let band = |owed| pdn(owed, w(0), w(10_000)).map(|p| (p.pct, p.band));
        assert_eq!(band(4_000), Some((40.0, Band::Fine)));
        assert_eq!(band(4_001), Some((40.01, Band::Review)));
        assert_eq!(band(5_000), Some((50.0, Band::Review)));
        assert_eq!(band(5_001), Some((50.01, Band::Warn)));
        // 40.004 % rounds to 40.00 (fine), 40.005 % to 40.01 (review).
        assert_eq!(
            pdn(80_008, w(0), w(200_000)).map(|p| p.band),
            Some(Band::Fine)
        );
        assert_eq!(
            pdn(80_010, w(0), w(200_000)).map(|p| (p.pct, p.band)),
            Some((40.01, Band::Review))
        );
        assert_eq!(Band::Fine.code(), None);
        assert_eq!(Band::Review.code(), Some(Code::PdnReview));
    }

    #[test]
    fn rounding_and_degenerate_incomes() {
        assert_eq!(pdn(1, w(0), w(3)).map(|p| p.pct), Some(33.33));
        assert_eq!(pdn(2, w(0), w(3)).map(|p| p.pct), Some(66.67));
        assert_eq!(
            pdn(0, w(0), w(1)).map(|p| (p.pct, p.band)),
            Some((0.0, Band::Fine))
        );
        assert_eq!(pdn(1_000, w(0), w(0)), None);
        let p = pdn(u64::MAX, w(u64::MAX), w(1)).unwrap();
        assert!(p.pct.is_finite() && p.band == Band::Warn);
        // Past 2^53 kop each sum is held there (2^53 / 2^53): never a panic, never an overflow.
        let huge = new_loan_monthly_payment(u64::MAX, u32::MAX);
        let p = pdn(u64::MAX, huge, income_used(1, u64::MAX, Ratio::ONE)).unwrap();
        assert_eq!((p.pct, p.band), (100.0, Band::Warn), "{p:?}");
        // Less than half a kopeck of income is no income.
        assert_eq!(pdn(1, w(0), income_used(0, 1, FACTOR)), None);
    }

    #[test]
    fn the_ratio_is_rounded_once_from_the_exact_sums() {
        // Found by a differential test: 20 000 ₽ for 56 days, repaid with 24 369.07 ₽, is
        // 1 305 485.892… kop a month. With 36 950.14 ₽ of payments on 100 000 ₽ that is
        // 50.004998… % → 50.00, `review`; the payment rounded first gave 50.005 → 50.01, `warn`.
        let p = pdn(
            3_695_014,
            new_loan_monthly_payment(2_436_907, 56),
            w(10_000_000),
        )
        .unwrap();
        assert_eq!((p.pct, p.band), (50.0, Band::Review));
        assert_eq!(p.new_payment_kop, 1_305_486);
        // 1 kop on an income used of 0.3 × 5 kop = 1.5 kop is 66.67 %, not 1 / 2 kop.
        let p = pdn(1, w(0), income_used(0, 5, FACTOR)).unwrap();
        assert_eq!((p.pct, p.income_used_kop), (66.67, 2));
        // Both at once: 7 000.04 ₽ for 45 days is 466 669.33… kop a month, on an income used
        // of 100 000.9 kop: 466.6651… % → 466.67. Either rounded first gives 466.66.
        let p = pdn(
            0,
            new_loan_monthly_payment(700_004, 45),
            income_used(100_000, 3, FACTOR),
        )
        .unwrap();
        assert_eq!(p.pct, 466.67);
    }

    #[test]
    fn an_offer_limit_is_compared_exactly() {
        let p = pdn(8_000, w(0), w(10_000)).unwrap();
        assert!(!p.exceeds(Rate::from_whole_pct(80)));
        assert!(p.exceeds(Rate::from_pct_f64(79.99).unwrap()));
        let p = pdn(8_001, w(0), w(10_000)).unwrap();
        assert!(p.exceeds(Rate::from_whole_pct(80)));
    }
}
