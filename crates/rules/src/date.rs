//! Calendar dates and the one instant format the contract uses.
//!
//! A tiny proleptic-Gregorian date instead of `chrono` or `time`: the rules need parsing,
//! comparison, "plus N years" and "plus N days", and every byte of the wasm bundle counts.
//! Day arithmetic uses Howard Hinnant's `days_from_civil` algorithm
//! (<https://howardhinnant.github.io/date_algorithms.html>).
//!
//! It knows one time zone, the only one the contract needs ("the application date is the
//! date of `applied_at` in Europe/Moscow"): `moscow_offset_min` holds its offsets since
//! 2010 as the tz database has them, so an instant from the years of UTC+4 is read on the
//! right Moscow date too.

use core::fmt;
use core::str::FromStr;

/// A calendar date, years 1..=9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a date could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY-MM-DD`.
    Format,
    /// Well-formed but no such day (2026-02-30).
    NoSuchDay,
}

impl Date {
    /// The date, if it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01, if it is within years 1..=9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Outside this range the year would not fit; checking first keeps the maths overflow-free.
        if !(-719_162..=2_932_896).contains(&days) {
            return None;
        }
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date::new(year, month, day)
    }

    /// The date `n` days later (earlier when negative), if it exists.
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(n)?)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The same month and day `n` years later; 29 February becomes 28 February in a common
    /// year. ГК РФ art. 192 p. 3: a term counted in years ends on the same month and day of
    /// its last year; a month without that day ends on its last day.
    pub fn add_years(self, n: i32) -> Option<Date> {
        let year = self.year.checked_add(n)?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let day = self.day.min(days_in_month(year, self.month));
        Date::new(year, self.month, day)
    }

    /// Whole years from `self` (a birth date) to `on`; 0 if `on` is earlier. A year is
    /// complete on the same month and day, and one born on 29 February completes it on
    /// 28 February of a common year: ГК РФ art. 192 p. 3 (domain.md §2), as `add_years` does,
    /// so age and passport checks agree.
    pub fn age_on(self, on: Date) -> u32 {
        if on < self {
            return 0;
        }
        let years = on.year - self.year;
        match self.add_years(years) {
            Some(anniversary) if anniversary > on => (years - 1) as u32,
            _ => years as u32,
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

impl FromStr for Date {
    type Err = DateError;

    /// Reads exactly `YYYY-MM-DD`, as the contract and `<input type="date">` write it.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format);
        }
        let (y, m, d) = match (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10])) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => return Err(DateError::Format),
        };
        Date::new(y as i32, m as u8, d as u8).ok_or(DateError::NoSuchDay)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Moscow's offset from UTC in minutes at `utc_min` (minutes since 1970-01-01 00:00 UTC),
/// as the tz database's `Europe/Moscow` zone gives it
/// (<https://data.iana.org/time-zones/tzdb/europe>) since 2010: UTC+3, but UTC+4 from
/// 2011-03-27 to 2014-10-26 and in 2010's summer time (28 March to 31 October).
///
/// Earlier instants are taken at UTC+3, leaving out the summer time of 1981–2009, 1991's
/// UTC+2 and the offsets before 1930: no application carries one, since microfinance came under the law only with
/// 151-ФЗ, in force from 2011-01-01, and each of those years' rules would cost the browser
/// bundle bytes. `tests/vectors/moscow_offsets.txt` checks every change since 2010 against
/// the tz database.
fn moscow_offset_min(utc_min: i64) -> i64 {
    // 2010-03-27 23:00 to 2010-10-30 23:00 UTC, and 2011-03-26 23:00 to 2014-10-25 22:00 UTC.
    if (21_162_180..21_474_660).contains(&utc_min) || (21_686_340..23_571_240).contains(&utc_min) {
        240
    } else {
        180
    }
}

/// The Moscow calendar date of an RFC 3339 instant (`2026-11-24T10:15:00+03:00`,
/// `2026-11-24T07:15:00Z`, fractional seconds allowed). `None` if it is not one.
pub fn moscow_date_of(instant: &str) -> Option<Date> {
    let (date, minute_of_day) = parse_instant(instant)?;
    date.add_days(minute_of_day.div_euclid(24 * 60))
}

/// The Moscow hour (0..=23) of an RFC 3339 instant.
pub fn moscow_hour_of(instant: &str) -> Option<u8> {
    let (_, minute_of_day) = parse_instant(instant)?;
    Some((minute_of_day.rem_euclid(24 * 60) / 60) as u8)
}

/// The instant's own date and its Moscow minute counted from that date's midnight (may be
/// negative or past 1440 when the offset moves it to another day).
fn parse_instant(instant: &str) -> Option<(Date, i64)> {
    let b = instant.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date: Date = instant.get(0..10)?.parse().ok()?;
    let hour = i64::from(digits(&b[11..13])?);
    let minute = i64::from(digits(&b[14..16])?);
    let second = digits(&b[17..19])?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset_min = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = i64::from(digits(&[*h1, *h2])?);
            let m = i64::from(digits(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
            let v = h * 60 + m;
            if *sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let utc = hour * 60 + minute - offset_min;
    let offset = moscow_offset_min(date.days_since_epoch() * 24 * 60 + utc);
    Some((date, utc + offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(d("1990-05-10").to_string(), "1990-05-10");
        assert_eq!("2026-02-29".parse::<Date>(), Err(DateError::NoSuchDay));
        assert_eq!("2024-02-29".parse::<Date>().map(|x| x.day()), Ok(29));
        for bad in [
            "",
            "1990-5-10",
            "1990/05/10",
            "19900510",
            "1990-05-1x",
            "+990-05-10",
        ] {
            assert_eq!(bad.parse::<Date>(), Err(DateError::Format), "{bad}");
        }
    }

    #[test]
    fn epoch_days_round_trip() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        for n in (-719_162..2_932_896).step_by(997) {
            assert_eq!(
                Date::from_days_since_epoch(n).unwrap().days_since_epoch(),
                n
            );
        }
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
        assert_eq!(d("9999-12-31").add_days(1), None);
    }

    #[test]
    fn years_follow_civil_code_art_192() {
        assert_eq!(d("2004-02-29").add_years(20), Some(d("2024-02-29")));
        assert_eq!(d("2004-02-29").add_years(21), Some(d("2025-02-28")));
        assert_eq!(d("1990-05-10").add_years(45), Some(d("2035-05-10")));
    }

    #[test]
    fn age() {
        let b = d("1990-05-10");
        assert_eq!(b.age_on(d("2008-05-09")), 17);
        assert_eq!(b.age_on(d("2008-05-10")), 18);
        assert_eq!(b.age_on(d("1980-01-01")), 0);
        // Born on 29 February: of age on 28 February of a common year (art. 192), as the
        // passport's A20 / A45 are; on 29 February in a leap year.
        let leap = d("2008-02-29");
        assert_eq!(leap.age_on(d("2026-02-27")), 17);
        assert_eq!(leap.age_on(d("2026-02-28")), 18);
        assert_eq!(leap.age_on(d("2028-02-28")), 19);
        assert_eq!(leap.age_on(d("2028-02-29")), 20);
        assert_eq!(leap.age_on(d("2008-02-29")), 0);
        assert_eq!(d("0001-01-01").age_on(d("9999-12-31")), 9998);
    }

    #[test]
    fn moscow_dates() {
        assert_eq!(
            moscow_date_of("2026-11-24T10:15:00+03:00"),
            Some(d("2026-11-24"))
        );
        assert_eq!(
            moscow_date_of("2026-11-24T21:30:00Z"),
            Some(d("2026-11-25"))
        );
        assert_eq!(
            moscow_date_of("2026-11-24T01:00:00+05:00"),
            Some(d("2026-11-23"))
        );
        assert_eq!(
            moscow_date_of("2026-11-24T01:00:00.123-02:00"),
            Some(d("2026-11-24"))
        );
        assert_eq!(moscow_hour_of("2026-11-24T21:30:00Z"), Some(0));
        assert_eq!(moscow_hour_of("2026-11-24T10:15:00+03:00"), Some(10));
        for bad in [
            "2026-11-24",
            "2026-11-24T25:00:00Z",
            "2026-11-24T10:15:00",
            "x",
        ] {
            assert_eq!(moscow_date_of(bad), None, "{bad}");
        }
    }

    /// The instant's Moscow date and hour, for every change of offset the tz database has
    /// since 2010 (with the minute before it) and random instants.
    #[test]
    fn moscow_history_matches_the_tz_database() {
        let vectors = include_str!("../tests/vectors/moscow_offsets.txt");
        let mut failures = Vec::new();
        let mut count = 0;
        for line in vectors
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut parts = line.split(' ');
            let (instant, date, hour) = (parts.next(), parts.next(), parts.next());
            let (Some(instant), Some(date), Some(hour)) = (instant, date, hour) else {
                panic!("not `INSTANT DATE HOUR`: {line}");
            };
            let got = (moscow_date_of(instant), moscow_hour_of(instant));
            if got != (Some(d(date)), hour.parse().ok()) {
                failures.push(format!("{line}: got {got:?}"));
            }
            count += 1;
        }
        assert!(count > 100, "{count} vectors");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Moscow was UTC+4 in 2012, so this instant is already 2 June there; in 2010 it had
    /// summer time (UTC+4) in July and UTC+3 in January. Before 2010 it is UTC+3 throughout
    /// (see `moscow_offset_min`).
    #[test]
    fn an_instant_from_the_utc4_years() {
        assert_eq!(
            moscow_date_of("2012-06-01T20:30:00Z"),
            Some(d("2012-06-02"))
        );
        assert_eq!(moscow_hour_of("2010-07-01T20:30:00Z"), Some(0));
        assert_eq!(moscow_hour_of("2010-01-01T20:30:00Z"), Some(23));
        assert_eq!(moscow_hour_of("2005-07-01T20:30:00Z"), Some(23));
    }
}
