//! The legal price limits on consumer loans of up to one year, as dated data.
//!
//! Each row of [`CAP_PERIODS`] holds the limits for contracts concluded from its first day until
//! the next row's; [`caps_on`] picks the row in force on a contract date. A change in the law
//! is a new row, not a new branch of code. Sources are in domain.md §5 and on each row.
//!
//! What is deliberately left out:
//! * Contracts concluded before 2023-07-01 all get the first row. The limits were phased in
//!   during 2019–2020 by 554-ФЗ of 27.12.2018 with other values; quoting such contracts is not
//!   a use of this crate.
//! * The quarterly average-market ПСК of each loan category (353-ФЗ art. 6 part 11: the ПСК may
//!   not exceed it by more than one third). It is published by the Bank of Russia every quarter
//!   and belongs in configuration, not here; only the absolute ceiling is a row field.
//! * The rules for loans longer than one year: [`super::quote`] refuses those.

use crate::date::Date;
use crate::money::Rate;

/// The limits in force for a contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    /// The highest daily interest rate, in % per day.
    pub daily_rate: Rate,
    /// Interest and other charges stop accruing once they reach this share of the principal,
    /// in % of the principal.
    pub overpayment: Rate,
    /// The absolute ceiling of the ПСК, in % per year.
    pub psk: Rate,
}

/// One row of the table: the limits for contracts concluded on or after `from`
/// (year, month, day) and before the next row's `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapPeriod {
    pub from: (i32, u8, u8),
    pub caps: Caps,
}

/// The limits by contract date, oldest first.
pub const CAP_PERIODS: &[CapPeriod] = &[
    // Until 2023-06-30: 1 % a day, accruals up to 150 % of the principal, ПСК ceiling 365 %
    // (the values the 2023 change replaced: domain.md §5, "was 1 %", "was 150 %", "was 365 %").
    CapPeriod {
        from: (1, 1, 1),
        caps: Caps {
            daily_rate: Rate::from_millionths(1_000_000),
            overpayment: Rate::from_whole_pct(150),
            psk: Rate::from_whole_pct(365),
        },
    },
    // From 2023-07-01 (the Federal Law of 29.12.2022 amending 353-ФЗ; interfax.ru/business/879235,
    // tatar-inform.com/news/…-5891650, domain.md §5): 0.8 % a day, accruals up to 130 % of the
    // principal, ПСК ceiling 292 %.
    CapPeriod {
        from: (2023, 7, 1),
        caps: Caps {
            daily_rate: Rate::from_millionths(800_000),
            overpayment: Rate::from_whole_pct(130),
            psk: Rate::from_whole_pct(292),
        },
    },
    // From 2026-04-01 (the law signed 29.12.2025; interfax.ru/russia/1065617,
    // kommersant.ru/doc/8293273, domain.md §5): accruals on loans of up to one year, penalties
    // included, up to 100 % of the principal: 10 000 ₽ borrowed, at most 20 000 ₽ repaid.
    CapPeriod {
        from: (2026, 4, 1),
        caps: Caps {
            daily_rate: Rate::from_millionths(800_000),
            overpayment: Rate::from_whole_pct(100),
            psk: Rate::from_whole_pct(292),
        },
    },
];

/// The limits in force for a contract concluded on `date`.
pub fn caps_on(date: Date) -> Caps {
    let key = (date.year(), date.month(), date.day());
    CAP_PERIODS
        .iter()
        .rev()
        .find(|p| p.from <= key)
        .or(CAP_PERIODS.first())
        .map_or(LATEST, |p| p.caps)
}

/// Only reached if the table were empty; the strictest limits known.
const LATEST: Caps = Caps {
    daily_rate: Rate::from_millionths(800_000),
    overpayment: Rate::from_whole_pct(100),
    psk: Rate::from_whole_pct(292),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn on(s: &str) -> Caps {
        caps_on(s.parse().unwrap())
    }

    #[test]
    fn the_table_is_in_date_order() {
        assert!(CAP_PERIODS.windows(2).all(|w| w[0].from < w[1].from));
        assert_eq!(CAP_PERIODS.last().map(|p| p.caps), Some(LATEST));
    }

    #[test]
    fn july_2023_lowered_every_limit() {
        let before = on("2023-06-30");
        assert_eq!(before.daily_rate, Rate::from_pct_f64(1.0).unwrap());
        assert_eq!(before.overpayment, Rate::from_whole_pct(150));
        assert_eq!(before.psk, Rate::from_whole_pct(365));
        let after = on("2023-07-01");
        assert_eq!(after.daily_rate, Rate::from_pct_f64(0.8).unwrap());
        assert_eq!(after.overpayment, Rate::from_whole_pct(130));
        assert_eq!(after.psk, Rate::from_whole_pct(292));
        assert_eq!(on("0001-01-01"), before);
    }

    #[test]
    fn april_2026_lowered_the_overpayment_cap() {
        assert_eq!(on("2026-03-31").overpayment, Rate::from_whole_pct(130));
        assert_eq!(on("2026-04-01").overpayment, Rate::from_whole_pct(100));
        assert_eq!(on("2026-04-01").daily_rate, on("2026-03-31").daily_rate);
        assert_eq!(on("9999-12-31").overpayment, Rate::from_whole_pct(100));
    }
}
