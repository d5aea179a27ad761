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

/// A separator the contract allows between digits ("spaces and hyphens"): any Unicode space
/// (a no-break or thin space from a word processor, a tab from a spreadsheet), the hyphen-minus,
/// and the hyphens and dashes text editors put in its place (U+2010 hyphen, U+2011 no-break
/// hyphen, U+2012 figure dash, U+2013 en dash, U+2212 minus).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2013}' | '\u{2212}')
}

/// Removes the separators the contract allows (spaces, hyphens).
pub fn strip_separators(s: &str) -> String {
    s.chars().filter(|&c| !is_separator(c)).collect()
}
