//! ИНН (идентификационный номер налогоплательщика), the Russian taxpayer number.
//!
//! A legal entity's INN has 10 digits, an individual's 12. Digits 1–2 are the code of the
//! subject of the federation and digits 3–4 the number of the tax office that assigned it;
//! then comes a serial number and the check digits: one for a 10-digit INN (weights
//! 2,4,10,3,5,9,4,6,8 over digits 1–9), two for a 12-digit INN (weights 7,2,4,10,3,5,9,4,6,8
//! over digits 1–10, then 3,7,2,4,10,3,5,9,4,6,8 over digits 1–11), each the weighted sum
//! mod 11 mod 10, so that a remainder of 10 gives 0. The all-zero numbers pass that checksum
//! and are rejected explicitly; a `00` prefix on its own is not (python-stdnum lists
//! `005826107187` as a real INN).
//!
//! Source: `arthurdejong/python-stdnum:stdnum/ru/inn.py`; the structure from
//! <https://kuginov.ru/raznoe/nomer-inn-primer.html> (domain.md §1.1).
//!
//! It checks the number only: whether a tax office or a region code exists is not its concern.

use super::{strip_separators, ErrorKind, IdError};
use crate::code::Code;
use core::fmt;
use core::str::FromStr;

const WEIGHTS_10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/// A checked INN. `Display` and `as_str` give its digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Inn(String);

impl Inn {
    /// The 10 or 12 digits (the contract's `normalized` form).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `true` for an individual's (12-digit) INN, `false` for a legal entity's.
    pub fn is_individual(&self) -> bool {
        self.0.len() == 12
    }

    /// The first two digits: the code of the subject of the federation that assigned it.
    pub fn region_code(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }
}

impl fmt::Display for Inn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Inn {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Inn, IdError> {
        validate(s)
    }
}

/// The number without separators (spaces, hyphens), wherever they are; a line break or other
/// control character stays, to be refused.
pub fn compact(s: &str) -> String {
    strip_separators(s)
}

/// Checks format → length → component (all zeros) → checksum.
pub fn validate(s: &str) -> Result<Inn, IdError> {
    let number = compact(s);
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::new(ErrorKind::Format, Code::InnFormat));
    }
    let digits: Vec<u32> = number.bytes().map(|b| u32::from(b - b'0')).collect();
    if digits.len() != 10 && digits.len() != 12 {
        return Err(IdError::new(ErrorKind::Length, Code::InnLength));
    }
    if digits.iter().all(|&d| d == 0) {
        return Err(IdError::new(ErrorKind::Component, Code::InnFormat));
    }
    let ok = match digits.as_slice() {
        [body @ .., last] if body.len() == 9 => check_digit(body, &WEIGHTS_10) == *last,
        [body @ .., d11, d12] if body.len() == 10 => {
            check_digit(body, &WEIGHTS_11) == *d11
                && digits
                    .get(..11)
                    .is_some_and(|first11| check_digit(first11, &WEIGHTS_12) == *d12)
        }
        _ => false,
    };
    if !ok {
        return Err(IdError::new(ErrorKind::Checksum, Code::InnChecksum));
    }
    Ok(Inn(number))
}

/// Whether `validate` accepts it.
pub fn is_valid(s: &str) -> bool {
    validate(s).is_ok()
}

/// The printed form: the digits, as the INN has no customary grouping.
pub fn format(s: &str) -> String {
    compact(s)
}

/// The weighted sum mod 11 mod 10 (a remainder of 10 gives check digit 0).
fn check_digit(digits: &[u32], weights: &[u32]) -> u32 {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    sum % 11 % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example() {
        let inn = validate("500100732259").unwrap();
        assert_eq!(inn.to_string(), "500100732259");
        assert!(inn.is_individual());
        assert_eq!(inn.region_code(), "50");
        assert_eq!(
            "7707 083-893".parse::<Inn>().map(|i| i.is_individual()),
            Ok(false)
        );
    }

    #[test]
    fn errors_carry_kind_and_code() {
        let err = |s| validate(s).unwrap_err();
        assert_eq!(
            err("770708389X"),
            IdError::new(ErrorKind::Format, Code::InnFormat)
        );
        assert_eq!(
            err("123456789"),
            IdError::new(ErrorKind::Length, Code::InnLength)
        );
        assert_eq!(err(""), IdError::new(ErrorKind::Length, Code::InnLength));
        assert_eq!(
            err("0000000000"),
            IdError::new(ErrorKind::Component, Code::InnFormat)
        );
        assert_eq!(
            err("000000000000"),
            IdError::new(ErrorKind::Component, Code::InnFormat)
        );
        assert_eq!(
            err("1234567895"),
            IdError::new(ErrorKind::Checksum, Code::InnChecksum)
        );
    }

    #[test]
    fn format_and_compact() {
        assert_eq!(compact(" 5001-0073 2259 "), "500100732259");
        assert_eq!(format("5001 0073 2259"), "500100732259");
        assert!(!is_valid("５００１００７３２２５９"));
    }
}
