//! Код подразделения, the code of the unit that issued a Russian internal passport.
//!
//! Six digits printed `NNN-NNN`. Digits 1–2 are the code of the subject of the federation (77
//! Moscow, 78 Saint Petersburg, 50 Moscow Oblast; 00 is no subject and is rejected), digit 3
//! the level of the unit (0 regional body, 1 the subject's MVD/GUVD, 2 a city or district
//! department, 3 a rural or town department) and digits 4–6 the unit's serial. There is no
//! check digit.
//!
//! Sources: <https://shattof.org/en/ufms-codes> and
//! <https://sovetclub.ru/de/kak-uznat-kod-podrazdeleniya-v-pasporte> (domain.md §1.5).
//!
//! Deliberately not checked: the level digit (the sources list 0–3 but do not say the list is
//! closed) and whether the subject code is in `region::REGIONS` (the caller may warn). As
//! everywhere in the contract, spaces and hyphens are separators, so `77-0001` reads as
//! `770-001`; domain.md's stricter `^\d{3}-?\d{3}$` grouping check is not applied.

use super::{strip_separators, ErrorKind, IdError};
use crate::code::Code;
use core::fmt;
use core::str::FromStr;

/// A checked issuing-unit code. `as_str` and `Display` give `NNN-NNN`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IssuerCode(String);

impl IssuerCode {
    /// The printed `NNN-NNN` (the contract's `normalized` form).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits 1–2: the code of the subject of the federation.
    pub fn region_code(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }

    /// Digit 3: the level of the unit.
    pub fn level(&self) -> u8 {
        self.0.as_bytes().get(2).map_or(0, |b| b.wrapping_sub(b'0'))
    }
}

impl fmt::Display for IssuerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for IssuerCode {
    type Err = IdError;

    fn from_str(s: &str) -> Result<IssuerCode, IdError> {
        validate(s)
    }
}

/// The digits without separators (spaces, hyphens), wherever they are; a line break or other
/// control character stays, to be refused.
pub fn compact(s: &str) -> String {
    strip_separators(s)
}

/// Checks format (digits only) → length (6) → component (subject code not 00); every
/// failure is `issuer_code.format`.
pub fn validate(s: &str) -> Result<IssuerCode, IdError> {
    let digits = compact(s);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::new(ErrorKind::Format, Code::IssuerCodeFormat));
    }
    if digits.len() != 6 {
        return Err(IdError::new(ErrorKind::Length, Code::IssuerCodeFormat));
    }
    if digits.starts_with("00") {
        return Err(IdError::new(ErrorKind::Component, Code::IssuerCodeFormat));
    }
    Ok(IssuerCode(format(&digits)))
}

/// Whether `validate` accepts it.
pub fn is_valid(s: &str) -> bool {
    validate(s).is_ok()
}

/// The printed form `NNN-NNN` when the input has 6 digits, else the compact input.
pub fn format(s: &str) -> String {
    let n = compact(s);
    match (n.get(..3), n.get(3..)) {
        (Some(unit), Some(serial)) if n.len() == 6 => format!("{unit}-{serial}"),
        _ => n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_prints() {
        let c = validate("770001").unwrap();
        assert_eq!(c.as_str(), "770-001");
        assert_eq!(c.to_string(), "770-001");
        assert_eq!((c.region_code(), c.level()), ("77", 0));
        assert_eq!("500 100".parse::<IssuerCode>().map(|c| c.level()), Ok(0));
        assert_eq!(validate("782-021").map(|c| c.level()), Ok(2));
        assert_eq!(format("77-0001"), "770-001");
    }

    #[test]
    fn errors_carry_kind_and_code() {
        let err = |kind| Err(IdError::new(kind, Code::IssuerCodeFormat));
        assert_eq!(validate("77O-001"), err(ErrorKind::Format));
        assert_eq!(validate("770_001"), err(ErrorKind::Format));
        assert_eq!(validate("770-01"), err(ErrorKind::Length));
        assert_eq!(validate("007-612"), err(ErrorKind::Component));
        assert_eq!(validate("000-000"), err(ErrorKind::Component));
    }
}
