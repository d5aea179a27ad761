//! Паспорт гражданина РФ, the Russian internal passport: its series and number, and its
//! validity for the person who holds it.
//!
//! Ten digits printed `45 02 573482`: a four-digit series and a six-digit number. The first
//! two digits of the series are the region code of the blank (OKATO-based, not the subject
//! code: Moscow is 45 and 46 here but 77 in the issuing-unit code) and the next two the year
//! the blank was printed; the number is a serial. Blanks were first printed in 1997, so the
//! year must be 97, 98, 99 or 00 up to the current year. There is no check digit. By age, a
//! passport is issued from 14 and must be replaced at 20 and at 45; since 2021 the old one
//! stays valid for up to 90 days after those birthdays (`check_validity`).
//!
//! Sources: Постановление Правительства РФ № 828 of 08.07.1997 ("Описание бланка"), as
//! quoted at <https://pravookey.ru/pasporta-rossii-nomera-regionov.html>; the 90-day rule at
//! <https://finance.rambler.ru/money/46828528-srok-deystviya-podlezhaschih-zamene-pasportov-prodlen-na-90-dney>
//! (domain.md §1.4 and §2).
//!
//! The region code of the series is not checked: populous regions have several codes and an
//! unknown one is at most a warning for the caller to raise. Every check that needs "today"
//! takes the date as an argument, so the module stays pure.

use super::{strip_separators, ErrorKind, IdError};
use crate::code::Code;
use crate::date::Date;
use core::fmt;

/// A passport whose series and number have the right form. `as_str` gives the 10 digits,
/// `Display` the printed `45 02 573482`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Passport {
    /// Always 10 ASCII digits: the series, then the number.
    digits: String,
}

impl Passport {
    /// The 10 digits, series then number (the contract's `normalized` form).
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The four-digit series.
    pub fn series(&self) -> &str {
        self.digits.get(..4).unwrap_or_default()
    }

    /// The six-digit number.
    pub fn number(&self) -> &str {
        self.digits.get(4..).unwrap_or_default()
    }

    /// Series digits 1–2: the region code of the blank.
    pub fn series_region(&self) -> &str {
        self.digits.get(..2).unwrap_or_default()
    }

    /// Series digits 3–4: the year the blank was printed, two digits (`blank_year` gives the
    /// full year).
    pub fn series_year(&self) -> u8 {
        two_digits(self.digits.get(2..4).unwrap_or_default())
    }
}

impl fmt::Display for Passport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format(&self.digits))
    }
}

/// The digits without separators (spaces, hyphens), wherever they are; a line break or other
/// control character stays, to be refused.
pub fn compact(s: &str) -> String {
    strip_separators(s)
}

/// Checks the series and number written together (`4502573482`, `45 02 573482`): format (10
/// digits), then the blank year against `today`.
pub fn validate_on(s: &str, today: Date) -> Result<Passport, IdError> {
    let digits = compact(s);
    check_digits(&digits, 10)?;
    check_blank_year(&digits, today)?;
    Ok(Passport { digits })
}

/// Whether `validate_on` accepts it.
pub fn is_valid_on(s: &str, today: Date) -> bool {
    validate_on(s, today).is_ok()
}

/// Checks the series (4 digits, `45 02` allowed) and the number (6 digits) given as separate
/// fields, as the application carries them.
pub fn validate_parts(series: &str, number: &str, today: Date) -> Result<Passport, IdError> {
    let series = compact(series);
    let number = compact(number);
    check_digits(&series, 4)?;
    check_digits(&number, 6)?;
    let digits = series + &number;
    check_blank_year(&digits, today)?;
    Ok(Passport { digits })
}

/// Checks the series alone (4 digits, then its blank year against `today`): what
/// `validate_parts` would say about it, for a form that has the series and not yet the number.
pub fn validate_series(series: &str, today: Date) -> Result<(), IdError> {
    let series = compact(series);
    check_digits(&series, 4)?;
    check_blank_year(&series, today)
}

/// Checks the number alone (6 digits), for a form that has it and not yet the series.
pub fn validate_number(number: &str) -> Result<(), IdError> {
    check_digits(&compact(number), 6)
}

/// The printed form `SS SS NNNNNN` when the input has 10 digits, else the compact input.
pub fn format(s: &str) -> String {
    let n = compact(s);
    match (n.get(..2), n.get(2..4), n.get(4..)) {
        (Some(region), Some(year), Some(number)) if n.len() == 10 => {
            format!("{region} {year} {number}")
        }
        _ => n,
    }
}

/// The full year of a blank from the two series digits: 97–99 are 1997–1999, the rest 20YY.
pub fn blank_year(series_year: u8) -> i32 {
    let yy = i32::from(series_year);
    if (97..=99).contains(&yy) {
        1900 + yy
    } else {
        2000 + yy
    }
}

/// The passport's validity for its holder by age (domain.md §2), on the date `on`. With
/// A20 and A45 the 20th and 45th birthdays (29 February → 28 February, `Date::add_years`):
/// issued before the 14th birthday → `PassportIssuedBefore14`; issued after `on` →
/// `PassportIssuedInFuture`; issued before A20 → valid through A20 + `grace_days`; issued
/// from A20 to before A45 → valid through A45 + `grace_days`; issued from A45 on → no
/// age-based expiry. Otherwise `PassportExpired`. The grace is 90 days by law since 2021; a
/// lender that wants the old rule (invalid the day after the birthday) passes 0.
pub fn check_validity(birth: Date, issue: Date, on: Date, grace_days: u32) -> Result<(), Code> {
    // A birthday past year 9999 (`None`) is after every date there is.
    let before = |years: i32| {
        birth
            .add_years(years)
            .is_none_or(|birthday| issue < birthday)
    };
    if before(14) {
        return Err(Code::PassportIssuedBefore14);
    }
    if issue > on {
        return Err(Code::PassportIssuedInFuture);
    }
    let replace_at = if before(20) {
        20
    } else if before(45) {
        45
    } else {
        return Ok(());
    };
    let last_valid_day = birth
        .add_years(replace_at)
        .and_then(|birthday| birthday.add_days(i64::from(grace_days)));
    match last_valid_day {
        Some(last) if on > last => Err(Code::PassportExpired),
        _ => Ok(()),
    }
}

/// Whether the blank was printed more than one year after the passport was issued, which is
/// impossible for a genuine document: a warning (`Code::PassportBlankAfterIssue`), not an
/// error, since some validators tolerate a gap (domain.md §1.4). `series_year` is the two
/// series digits (97–99 meaning 1997–1999).
pub fn blank_after_issue(series_year: u8, issue: Date) -> bool {
    blank_year(series_year) > issue.year().saturating_add(1)
}

/// `s` is exactly `len` ASCII digits, else `passport.format` (kind `Format` for a wrong
/// character, `Length` for a wrong count).
fn check_digits(s: &str, len: usize) -> Result<(), IdError> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::new(ErrorKind::Format, Code::PassportFormat));
    }
    if s.len() != len {
        return Err(IdError::new(ErrorKind::Length, Code::PassportFormat));
    }
    Ok(())
}

/// The blank year (digits 3–4: the series comes first) lies between 1997 and `today`'s year.
fn check_blank_year(digits: &str, today: Date) -> Result<(), IdError> {
    let year = blank_year(two_digits(digits.get(2..4).unwrap_or_default()));
    if year > today.year() {
        return Err(IdError::new(ErrorKind::Component, Code::PassportSeriesYear));
    }
    Ok(())
}

/// The value of two ASCII digits (0 for anything else; callers pass checked digits).
fn two_digits(s: &str) -> u8 {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .fold(0u8, |n, b| n.wrapping_mul(10).wrapping_add(b - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    const GRACE: u32 = 90;
    const TODAY: &str = "2026-11-24";

    #[test]
    fn form_and_parts() {
        let p = validate_on("45 02 573482", d(TODAY)).unwrap();
        assert_eq!(p.as_str(), "4502573482");
        assert_eq!(p.to_string(), "45 02 573482");
        assert_eq!((p.series(), p.number()), ("4502", "573482"));
        assert_eq!((p.series_region(), p.series_year()), ("45", 2));
        assert_eq!(validate_parts("45 02", "573482", d(TODAY)), Ok(p));
        assert_eq!(format("4502-573482"), "45 02 573482");
        assert_eq!(format("45"), "45");
    }

    #[test]
    fn errors_carry_kind_and_code() {
        let today = d(TODAY);
        let fmt = |kind| IdError::new(kind, Code::PassportFormat);
        let year = IdError::new(ErrorKind::Component, Code::PassportSeriesYear);
        assert_eq!(
            validate_on("45 02 57348x", today),
            Err(fmt(ErrorKind::Format))
        );
        assert_eq!(
            validate_on("45 02 57348", today),
            Err(fmt(ErrorKind::Length))
        );
        assert_eq!(validate_on("45 96 573482", today), Err(year));
        assert_eq!(
            validate_parts("4502", "57348", today),
            Err(fmt(ErrorKind::Length))
        );
        assert_eq!(
            validate_parts("45O2", "573482", today),
            Err(fmt(ErrorKind::Format))
        );
        assert_eq!(
            validate_parts("4502573482", "", today),
            Err(fmt(ErrorKind::Length))
        );
        assert_eq!(validate_parts("4527", "573482", today), Err(year));
    }

    #[test]
    fn each_part_alone_gets_what_validate_parts_says_of_it() {
        let today = d(TODAY);
        let fmt = |kind| IdError::new(kind, Code::PassportFormat);
        let year = IdError::new(ErrorKind::Component, Code::PassportSeriesYear);
        assert_eq!(validate_series("45 02", today), Ok(()));
        assert_eq!(validate_series("45O2", today), Err(fmt(ErrorKind::Format)));
        assert_eq!(validate_series("450", today), Err(fmt(ErrorKind::Length)));
        assert_eq!(validate_series("4596", today), Err(year));
        assert_eq!(validate_number("573482"), Ok(()));
        assert_eq!(validate_number("57348"), Err(fmt(ErrorKind::Length)));
        assert_eq!(validate_number("57348x"), Err(fmt(ErrorKind::Format)));
        for series in ["4502", "45O2", "450", "4596", "4527", " 45-02 "] {
            assert_eq!(
                validate_series(series, today).err(),
                validate_parts(series, "573482", today).err(),
                "{series}"
            );
        }
    }

    #[test]
    fn blank_year_follows_today() {
        assert!(is_valid_on("4526573482", d("2026-01-01")));
        assert!(!is_valid_on("4527573482", d("2026-12-31")));
        assert!(is_valid_on("4527573482", d("2027-01-01")));
        for yy in ["97", "98", "99", "00"] {
            assert!(is_valid_on(&format!("45{yy}573482"), d(TODAY)), "{yy}");
        }
        assert!(!is_valid_on("4596573482", d(TODAY)));
    }

    #[test]
    fn blank_after_issue_minds_the_century() {
        assert_eq!(blank_year(97), 1997);
        assert_eq!(blank_year(0), 2000);
        assert!(!blank_after_issue(97, d("1997-10-01")));
        assert!(!blank_after_issue(99, d("2010-06-01")));
        assert!(!blank_after_issue(0, d("1999-12-31")));
        assert!(blank_after_issue(0, d("1998-12-31")));
        assert!(!blank_after_issue(11, d("2010-06-01")));
        assert!(blank_after_issue(12, d("2010-06-01")));
    }

    // domain.md §2, B = 1990-05-10: A20 = 2010-05-10, A45 = 2035-05-10.
    const B: &str = "1990-05-10";

    fn validity(issue: &str, on: &str) -> Result<(), Code> {
        check_validity(d(B), d(issue), d(on), GRACE)
    }

    #[test]
    fn issued_at_14_to_19_is_valid_through_a20_plus_90_days() {
        assert_eq!(validity("2004-06-01", "2010-08-08"), Ok(()));
        assert_eq!(
            validity("2004-06-01", "2010-08-09"),
            Err(Code::PassportExpired)
        );
        // At 19 years 11 months it is still the first passport.
        assert_eq!(validity("2010-04-10", "2010-08-08"), Ok(()));
        assert_eq!(
            validity("2010-04-10", "2010-08-09"),
            Err(Code::PassportExpired)
        );
    }

    #[test]
    fn issued_at_20_to_44_is_valid_through_a45_plus_90_days() {
        assert_eq!(validity("2010-06-01", "2035-08-08"), Ok(()));
        assert_eq!(
            validity("2010-06-01", "2035-08-09"),
            Err(Code::PassportExpired)
        );
        // Issued on the 20th birthday or inside the grace window: the replacement.
        assert_eq!(validity("2010-05-10", "2020-01-01"), Ok(()));
        assert_eq!(validity("2010-08-01", "2035-08-08"), Ok(()));
    }

    #[test]
    fn issued_from_45_has_no_age_expiry() {
        assert_eq!(validity("2035-06-01", "2035-06-01"), Ok(()));
        assert_eq!(validity("2035-05-10", "2090-01-01"), Ok(()));
    }

    #[test]
    fn issued_before_14_or_in_the_future() {
        assert_eq!(
            validity("2003-01-01", "2010-01-01"),
            Err(Code::PassportIssuedBefore14)
        );
        assert_eq!(
            validity("2004-05-09", "2010-01-01"),
            Err(Code::PassportIssuedBefore14)
        );
        assert_eq!(validity("2004-05-10", "2010-01-01"), Ok(()));
        assert_eq!(
            validity("2010-06-02", "2010-06-01"),
            Err(Code::PassportIssuedInFuture)
        );
        assert_eq!(validity("2010-06-01", "2010-06-01"), Ok(()));
    }

    #[test]
    fn without_grace_it_expires_the_day_after_the_birthday() {
        let b = d(B);
        assert_eq!(
            check_validity(b, d("2004-06-01"), d("2010-05-10"), 0),
            Ok(())
        );
        assert_eq!(
            check_validity(b, d("2004-06-01"), d("2010-05-11"), 0),
            Err(Code::PassportExpired)
        );
    }

    // A birthday on 29 February: in a common year the anniversary is 28 February (ГК РФ
    // art. 192, a policy choice pinned here).
    #[test]
    fn leap_day_birthdays() {
        let b = d("2000-02-29");
        // 14th birthday 2014-02-28 (2014 is a common year).
        assert_eq!(
            check_validity(b, d("2014-02-28"), d("2014-03-01"), GRACE),
            Ok(())
        );
        assert_eq!(
            check_validity(b, d("2014-02-27"), d("2014-03-01"), GRACE),
            Err(Code::PassportIssuedBefore14)
        );
        // 20th birthday 2020-02-29 (leap): + 90 days = 2020-05-29.
        assert_eq!(
            check_validity(b, d("2015-01-01"), d("2020-05-29"), GRACE),
            Ok(())
        );
        assert_eq!(
            check_validity(b, d("2015-01-01"), d("2020-05-30"), GRACE),
            Err(Code::PassportExpired)
        );
        // Issued on 2020-02-28 it is still the first passport; on 2020-02-29 the second.
        assert_eq!(
            check_validity(b, d("2020-02-28"), d("2020-06-01"), GRACE),
            Err(Code::PassportExpired)
        );
        assert_eq!(
            check_validity(b, d("2020-02-29"), d("2020-06-01"), GRACE),
            Ok(())
        );
        // 45th birthday 2045-02-28 (common year): + 90 days = 2045-05-29.
        assert_eq!(
            check_validity(b, d("2020-03-01"), d("2045-05-29"), GRACE),
            Ok(())
        );
        assert_eq!(
            check_validity(b, d("2020-03-01"), d("2045-05-30"), GRACE),
            Err(Code::PassportExpired)
        );
        assert_eq!(
            check_validity(b, d("2045-02-28"), d("2080-01-01"), GRACE),
            Ok(())
        );
    }

    #[test]
    fn dates_near_the_end_of_the_calendar_do_not_panic() {
        let end = d("9999-12-31");
        assert_eq!(
            check_validity(d("9990-01-01"), end, end, u32::MAX),
            Err(Code::PassportIssuedBefore14)
        );
        assert_eq!(check_validity(d("9975-01-01"), end, end, u32::MAX), Ok(()));
        assert_eq!(
            check_validity(d("9970-01-01"), d("9990-01-01"), end, u32::MAX),
            Ok(())
        );
        assert!(!blank_after_issue(u8::MAX, end));
    }
}
