//! СНИЛС (страховой номер индивидуального лицевого счёта), the Russian individual insurance
//! account number.
//!
//! Eleven digits printed `XXX-XXX-XXX YY`: a nine-digit number and a two-digit check number.
//! The check number is the sum S of the first nine digits weighted 9, 8, …, 1: S itself when
//! S < 100, 00 when S is 100 or 101, and otherwise S mod 101 under the same two rules (so a
//! remainder of 100 also gives 00). The check applies only to numbers greater than
//! 001-001-998; smaller numbers were issued before the rule and are accepted with any check
//! number. All eleven digits zero is rejected (contract.md "Identifiers": "all zeros
//! invalid", the decision domain.md §1.2 asks for); 000-000-000 with another check number is
//! not all zeros and is exempt like the other small numbers, as the contract reads.
//!
//! Source: "Алгоритм формирования контрольного числа Страхового номера",
//! <http://consultant.ru/document/cons_doc_LAW_124607/68ac3b2d1745f9cc7d4332b63c2818ca5d5d20d0>,
//! with the 100/101 clauses as at
//! <https://rostov-tfoms.ru/services/zasedaniya-rabochih-grupp/erp/pravila-rascheta-kontrolnoy-summy-snils>
//! (domain.md §1.2). The TFOMS "no digit three times in a row" add-on is regional and is
//! deliberately not enforced.

use super::{strip_separators, ErrorKind, IdError};
use crate::code::Code;
use core::fmt;
use core::str::FromStr;

/// The largest number that is not checksum-checked: 001-001-998.
const LAST_UNCHECKED: u32 = 1_001_998;

/// A checked SNILS. `as_str` gives the 11 digits, `Display` the printed `112-233-445 95`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Snils(String);

impl Snils {
    /// The 11 digits (the contract's `normalized` form).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Snils {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format(&self.0))
    }
}

impl FromStr for Snils {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Snils, IdError> {
        validate(s)
    }
}

/// The number without separators (spaces, hyphens), wherever they are; a line break or other
/// control character stays, to be refused.
pub fn compact(s: &str) -> String {
    strip_separators(s)
}

/// The check number of a number given as its nine digits (0..=9 each; further ones are
/// ignored).
pub fn check_number(digits: &[u32]) -> u32 {
    let sum: u32 = digits.iter().zip((1..=9).rev()).map(|(d, w)| d * w).sum();
    let reduced = if sum > 101 { sum % 101 } else { sum };
    if reduced >= 100 {
        0
    } else {
        reduced
    }
}

/// Checks format → length → component (all zeros) → checksum (numbers above 001-001-998
/// only).
pub fn validate(s: &str) -> Result<Snils, IdError> {
    let number = compact(s);
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::new(ErrorKind::Format, Code::SnilsFormat));
    }
    let digits: Vec<u32> = number.bytes().map(|b| u32::from(b - b'0')).collect();
    let (body, check) = match digits.as_slice() {
        [body @ .., c1, c2] if body.len() == 9 => (body, c1 * 10 + c2),
        _ => return Err(IdError::new(ErrorKind::Length, Code::SnilsLength)),
    };
    if digits.iter().all(|&d| d == 0) {
        return Err(IdError::new(ErrorKind::Component, Code::SnilsFormat));
    }
    let value = body.iter().fold(0, |n, d| n * 10 + d);
    if value > LAST_UNCHECKED && check_number(body) != check {
        return Err(IdError::new(ErrorKind::Checksum, Code::SnilsChecksum));
    }
    Ok(Snils(number))
}

/// Whether `validate` accepts it.
pub fn is_valid(s: &str) -> bool {
    validate(s).is_ok()
}

/// The printed form `XXX-XXX-XXX YY` when the input has 11 digits, else the compact input.
pub fn format(s: &str) -> String {
    let n = compact(s);
    match (n.get(0..3), n.get(3..6), n.get(6..9), n.get(9..11)) {
        (Some(a), Some(b), Some(c), Some(d)) if n.len() == 11 => format!("{a}-{b}-{c} {d}"),
        _ => n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_example() {
        let s = validate("11223344595").unwrap();
        assert_eq!(s.as_str(), "11223344595");
        assert_eq!(s.to_string(), "112-233-445 95");
        assert_eq!(format("112 233 445 95"), "112-233-445 95");
        assert_eq!(format("1122"), "1122");
    }

    #[test]
    fn check_number_rules() {
        // S = 95, 100, 101, 201 (mod 101 = 100), 202 (mod 101 = 0), 282 (mod 101 = 80).
        let cases = [
            ([1, 1, 2, 2, 3, 3, 4, 4, 5], 95),
            ([3, 0, 2, 2, 4, 3, 3, 0, 6], 0),
            ([2, 2, 0, 1, 4, 5, 5, 3, 0], 0),
            ([6, 6, 7, 0, 3, 4, 2, 2, 9], 0),
            ([1, 7, 7, 3, 5, 6, 2, 7, 1], 0),
            ([5, 8, 6, 5, 9, 5, 9, 1, 7], 80),
        ];
        for (digits, check) in cases {
            assert_eq!(check_number(&digits), check, "{digits:?}");
        }
    }

    #[test]
    fn errors_carry_kind_and_code() {
        let err = |s| validate(s).unwrap_err();
        assert_eq!(
            err("112-233-445 9x"),
            IdError::new(ErrorKind::Format, Code::SnilsFormat)
        );
        assert_eq!(
            err("1122334459"),
            IdError::new(ErrorKind::Length, Code::SnilsLength)
        );
        assert_eq!(
            err("000-000-000 00"),
            IdError::new(ErrorKind::Component, Code::SnilsFormat)
        );
        assert_eq!(
            err("11223344596"),
            IdError::new(ErrorKind::Checksum, Code::SnilsChecksum)
        );
    }

    #[test]
    fn exemption_boundary() {
        assert!(is_valid("001-001-998 00"));
        assert!(is_valid("001-001-998 99"));
        assert!(is_valid("000-000-001 13"));
        assert!(!is_valid("001-001-999 00"));
    }
}
