//! Identity data, one module per identifier, each with the same four operations in the
//! manner of python-stdnum (`arthurdejong/python-stdnum`): `compact` strips separators,
//! `validate` checks format → length → checksum or component and returns a typed value,
//! `is_valid` never fails, `format` gives the printed form.
//!
//! Spaces and hyphens are separators everywhere (contract.md, "Identifiers").

pub mod email;
pub mod inn;
pub mod issuer_code;
pub mod name;
pub mod passport;
pub mod phone;
pub mod region;
pub mod snils;

use crate::code::Code;
use core::fmt;

/// What kind of check failed, as in python-stdnum's `exceptions.py`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A character that is not allowed, or the wrong shape.
    Format,
    /// The right characters, the wrong number of them.
    Length,
    /// The check digits do not match.
    Checksum,
    /// A part of the value is impossible (a region, a year).
    Component,
}

/// A failed identifier check: its kind and its reason code from the contract's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdError {
    pub kind: ErrorKind,
    pub code: Code,
}

impl IdError {
    pub const fn new(kind: ErrorKind, code: Code) -> IdError {
        IdError { kind, code }
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_str())
    }
}

/// A space between digits, as Unicode names one: a space character (Zs: the space, the
/// no-break, thin and narrow no-break spaces word processors put between digits…) or a tab
/// from a spreadsheet. A line break is not one.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{1680}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    ) || ('\u{2000}'..='\u{200a}').contains(&c)
}

/// A separator the contract allows between digits, "spaces and hyphens": a space
/// ([`is_space`]), the hyphen-minus, the hyphen U+2010 and the no-break hyphen U+2011. Dashes
/// and the minus sign are not hyphens: they stay `*.format`, as contract.md has anything else.
pub fn is_separator(c: char) -> bool {
    is_space(c) || matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Removes the separators the contract allows (spaces, hyphens).
pub fn strip_separators(s: &str) -> String {
    s.chars().filter(|&c| !is_separator(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_hyphens_separate_dashes_and_line_breaks_do_not() {
        for c in [
            ' ', '\t', '\u{a0}', '\u{2009}', '\u{202f}', '\u{3000}', '-', '\u{2010}', '\u{2011}',
        ] {
            assert!(is_separator(c), "{c:?}");
        }
        for c in [
            '\n', '\r', '\u{2028}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}', '.', '_',
        ] {
            assert!(!is_separator(c), "{c:?}");
        }
    }

    /// contract.md, "Identifiers": "anything else that is not a digit is `*.format`" — at
    /// the ends of a value too, where a line break once slipped through as whitespace.
    #[test]
    fn a_line_break_at_either_end_is_not_a_separator() {
        type Check = fn(&str) -> Option<Code>;
        let checks: [(&str, Check, Code); 6] = [
            (
                "500100732259",
                |s| inn::validate(s).err().map(|e| e.code),
                Code::InnFormat,
            ),
            (
                "112-233-445 95",
                |s| snils::validate(s).err().map(|e| e.code),
                Code::SnilsFormat,
            ),
            (
                "4502 573482",
                |s| {
                    passport::validate_on(s, "2026-11-24".parse().unwrap())
                        .err()
                        .map(|e| e.code)
                },
                Code::PassportFormat,
            ),
            (
                "770-001",
                |s| issuer_code::validate(s).err().map(|e| e.code),
                Code::IssuerCodeFormat,
            ),
            (
                "+79123456789",
                |s| phone::validate(s).err().map(|e| e.code),
                Code::PhoneFormat,
            ),
            (
                "77",
                |s| region::validate(s).err().map(|e| e.code),
                Code::RegionUnknown,
            ),
        ];
        for (valid, check, code) in checks {
            for space in [" ", "\t", "\u{a0}", "\u{3000}"] {
                assert_eq!(
                    check(&format!("{space}{valid}{space}")),
                    None,
                    "{valid:?} {space:?}"
                );
            }
            for stray in ["\n", "\r", "\r\n", "\u{b}", "\u{c}", "\u{85}", "\u{2028}"] {
                for value in [format!("{valid}{stray}"), format!("{stray}{valid}")] {
                    assert_eq!(check(&value), Some(code), "{value:?}");
                }
            }
        }
    }
}
