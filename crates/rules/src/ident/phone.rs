//! A Russian mobile telephone number.
//!
//! In E.164 a Russian number is `+7` and a 10-digit national number; mobile numbers are
//! `9XX XXX XX XX`, where `9XX` is the DEF code of an operator's range. People write them with
//! the country code (`+7`, or `7`), with the national trunk prefix `8`, or bare, grouped by
//! spaces, hyphens, brackets or dots. Other national numbers are geographic (3xx, 4xx,
//! 8xx) or non-geographic such as the toll-free 8-800: real, but not mobile.
//!
//! Source: libphonenumber's metadata for RU (mobile `9\d{9}`, general `[347-9]\d{9}`,
//! toll-free `80[04]\d{7}`, national prefix 8), as in `saleor/saleor:…/phonenumbers/data/region_RU.py`
//! (domain.md §3).
//!
//! The hard rule is `9\d{9}`, as libphonenumber's. Whether a DEF code is allocated is not
//! checked: codes get allocated over time and the register is at most a source of warnings
//! (`MobilePhone::def_code` gives the code for such a lookup).

use super::{ErrorKind, IdError};
use crate::code::Code;
use core::fmt;
use core::str::FromStr;

/// A checked mobile number. `as_str` and `Display` give `+79123456789`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MobilePhone(String);

impl MobilePhone {
    /// `+7` and the 10 digits (the contract's `normalized` form).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 10-digit national number, `9123456789`.
    pub fn national(&self) -> &str {
        self.0.get(2..).unwrap_or_default()
    }

    /// The DEF code, the first three digits of the national number (`912`).
    pub fn def_code(&self) -> &str {
        self.0.get(2..5).unwrap_or_default()
    }
}

impl fmt::Display for MobilePhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for MobilePhone {
    type Err = IdError;

    fn from_str(s: &str) -> Result<MobilePhone, IdError> {
        validate(s)
    }
}

/// The input without separators (spaces, hyphens, brackets, dots), wherever they are; a `+`
/// is kept, and so is a line break or other control character, to be refused.
pub fn compact(s: &str) -> String {
    s.chars()
        .filter(|&c| !super::is_separator(c) && !matches!(c, '(' | ')' | '.'))
        .collect()
}

/// Checks format (digits, a `+` only at the start and only before 7) → length (10 digits,
/// or 11 starting with 7 or 8) → component (mobile: the national number starts with 9).
pub fn validate(s: &str) -> Result<MobilePhone, IdError> {
    let format_error = |kind| IdError::new(kind, Code::PhoneFormat);
    let compact = compact(s);
    let (plus, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || (plus && !digits.starts_with('7')) {
        return Err(format_error(ErrorKind::Format));
    }
    let national = match (digits.len(), digits.bytes().next()) {
        (11, Some(b'7')) => digits.get(1..).unwrap_or_default(),
        (11, Some(b'8')) if !plus => digits.get(1..).unwrap_or_default(),
        (11, _) => return Err(format_error(ErrorKind::Format)),
        (10, _) if !plus => digits,
        _ => return Err(format_error(ErrorKind::Length)),
    };
    match national.bytes().next() {
        Some(b'9') => Ok(MobilePhone(format!("+7{national}"))),
        Some(b'3' | b'4' | b'8') => Err(IdError::new(ErrorKind::Component, Code::PhoneNotMobile)),
        _ => Err(format_error(ErrorKind::Format)),
    }
}

/// Whether `validate` accepts it.
pub fn is_valid(s: &str) -> bool {
    validate(s).is_ok()
}

/// The printed form `+79123456789` of a mobile number, else the compact input.
pub fn format(s: &str) -> String {
    validate(s).map_or_else(|_| compact(s), |p| p.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ways_people_write_it() {
        for s in [
            "+7 (912) 345-67-89",
            "+79123456789",
            "79123456789",
            "89123456789",
            "8 912 345 67 89",
            "9123456789",
            "8(912)345.67.89",
        ] {
            let p = validate(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(p.to_string(), "+79123456789", "{s}");
            assert_eq!((p.national(), p.def_code()), ("9123456789", "912"));
        }
        assert_eq!(format("8 (912) 345-67-89"), "+79123456789");
        assert_eq!(format("8 (495) 123-45-67"), "84951234567");
    }

    #[test]
    fn errors_carry_kind_and_code() {
        let format = |kind| Err(IdError::new(kind, Code::PhoneFormat));
        let not_mobile = Err(IdError::new(ErrorKind::Component, Code::PhoneNotMobile));
        assert_eq!(validate("+7 495 123-45-67"), not_mobile);
        assert_eq!(validate("8 800 555-35-35"), not_mobile);
        assert_eq!(validate("3512345678"), not_mobile);
        assert_eq!(validate("+8 912 345 67 89"), format(ErrorKind::Format));
        assert_eq!(validate("7+9123456789"), format(ErrorKind::Format));
        assert_eq!(validate("++79123456789"), format(ErrorKind::Format));
        assert_eq!(validate("+79123456789x"), format(ErrorKind::Format));
        assert_eq!(validate("69123456789"), format(ErrorKind::Format));
        assert_eq!(validate("7123456789"), format(ErrorKind::Format));
        assert_eq!(validate("+7912345678"), format(ErrorKind::Length));
        assert_eq!(validate("+9123456789"), format(ErrorKind::Format));
        assert_eq!(validate("912345678"), format(ErrorKind::Length));
        assert_eq!(validate(""), format(ErrorKind::Length));
        assert_eq!(validate("+"), format(ErrorKind::Format));
    }
}
