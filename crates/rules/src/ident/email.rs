//! An e-mail address, checked pragmatically.
//!
//! An address is a local part, `@` and a domain. The full grammar (RFC 5322 with quoted local
//! parts and comments, RFC 5321's limits, IDNA) accepts much that no mail form should and
//! still cannot tell whether a mailbox exists, so this check only catches typing mistakes:
//! exactly one `@`; a local part of at most 64 characters that is a dot-atom (RFC 5322 §3.2.3:
//! dot-separated runs of letters, digits and ``!#$%&'*+/=?^_`{|}~-``; RFC 6531 adds any
//! character outside ASCII but whitespace and controls), so a pasted `mailto:`, a bracket, a
//! comma or a doubled dot is caught, while a quoted local part, which no mail form sees, is
//! refused too; a domain of at least two dot-separated labels, each of letters (any script, so
//! `почта.рф` passes), digits and inner hyphens, at most 63 characters; a top-level label of
//! letters only or a punycode `xn--` label (either case); at most 254 characters in all.
//!
//! "Letters" is deliberately loose outside ASCII. In ASCII a label takes `A–Z`, `a–z`, `0–9`
//! and `-`, and a top-level label only the letters. Any other character counts as a letter
//! (in a label and in a top-level label alike) unless it is whitespace, a control character,
//! Latin-1 punctuation or a symbol (U+00A0–U+00BF but for `ª` `µ` `º` `¹` `²` `³` `¼` `½`
//! `¾`, which Unicode counts as letters or digits; `×` U+00D7, `÷` U+00F7) or General
//! Punctuation (U+2000–U+206F: dashes, quotes, zero-width and directional marks), or U+FFFD,
//! which stands in for bytes that were not text. So every
//! script's letters pass — Cyrillic, Greek, CJK, and the combining marks and digits of Indic
//! scripts — as do symbols elsewhere (`€`, emoji) that no one types in a domain by mistake;
//! everything Unicode calls alphanumeric passes, so no address the `char::is_alphabetic` /
//! `is_alphanumeric` check accepted is refused now (a test holds it to that). Why not those
//! Unicode properties: their tables cost about 7 KB of the browser bundle, and rejecting a real
//! address is worse than letting a typo through — the mail server has the last word anyway.
//!
//! Source: the project's contract (`email.format`, contract.md "Reason codes"); the 254, 64
//! and 63 limits are RFC 5321 §4.5.3.1 and RFC 1035 §2.3.4. Those count octets; this counts
//! characters, a leniency for non-ASCII addresses (a Cyrillic letter is two octets).
//!
//! It does not lower-case or otherwise rewrite the address beyond trimming it.

use super::{ErrorKind, IdError};
use crate::code::Code;
use core::fmt;
use core::str::FromStr;

/// The longest address, in characters.
pub const MAX_CHARS: usize = 254;

/// The longest domain label, in characters.
const MAX_LABEL_CHARS: usize = 63;

/// The longest local part, in characters (RFC 5321 §4.5.3.1.1).
const MAX_LOCAL_CHARS: usize = 64;

/// An address that passed the check. `as_str` and `Display` give it trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Email {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Email, IdError> {
        validate(s)
    }
}

/// The address without surrounding whitespace.
pub fn compact(s: &str) -> String {
    s.trim().to_owned()
}

/// Checks length (1..=254 characters) → format (see the module doc).
pub fn validate(s: &str) -> Result<Email, IdError> {
    let address = s.trim();
    let chars = address.chars().count();
    if chars == 0 || chars > MAX_CHARS {
        return Err(IdError::new(ErrorKind::Length, Code::EmailFormat));
    }
    let well_formed = match address.split_once('@') {
        Some((local, domain)) => is_local_part(local) && is_domain(domain),
        None => false,
    };
    if !well_formed {
        return Err(IdError::new(ErrorKind::Format, Code::EmailFormat));
    }
    Ok(Email(address.to_owned()))
}

/// Whether `validate` accepts it.
pub fn is_valid(s: &str) -> bool {
    validate(s).is_ok()
}

fn is_local_part(local: &str) -> bool {
    let atom_char = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
        } else {
            !(c.is_whitespace() || c.is_control() || c == char::REPLACEMENT_CHARACTER)
        }
    };
    local.chars().count() <= MAX_LOCAL_CHARS
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atom_char))
}

/// At least two labels; also rejects a second `@`, which is no label character.
fn is_domain(domain: &str) -> bool {
    let mut labels = domain.split('.');
    let tld = labels.next_back().unwrap_or_default();
    let mut count = 1;
    for label in labels {
        if !is_label(label) {
            return false;
        }
        count += 1;
    }
    let punycode = tld.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("xn--"));
    let tld_ok =
        is_label(tld) && (punycode || (tld.chars().count() >= 2 && tld.chars().all(is_letter)));
    count >= 2 && tld_ok
}

fn is_label(label: &str) -> bool {
    let len = label.chars().count();
    (1..=MAX_LABEL_CHARS).contains(&len)
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .chars()
            .all(|c| is_letter(c) || c.is_ascii_digit() || c == '-')
}

/// A letter as the module doc defines it: an ASCII letter, or any other character but
/// whitespace, controls, Latin-1 punctuation and symbols and General Punctuation.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    !(c.is_whitespace()
        || c.is_control()
        // What stands in for bytes that were not text (a lossy read) is no letter.
        || c == char::REPLACEMENT_CHARACTER
        || matches!(c,
            // U+00A0–U+00BF less ª ² ³ µ ¹ º ¼ ½ ¾ (U+00AA, B2, B3, B5, B9, BA, BC–BE)
            '\u{a0}'..='\u{a9}' | '\u{ab}'..='\u{b1}' | '\u{b4}' | '\u{b6}'..='\u{b8}'
            | '\u{bb}' | '\u{bf}' | '\u{d7}' | '\u{f7}' | '\u{2000}'..='\u{206f}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts() {
        let e = validate(" ivan@example.ru ").unwrap();
        assert_eq!((e.as_str(), e.domain()), ("ivan@example.ru", "example.ru"));
        assert!(is_valid("иван@почта.рф"));
        assert!(is_valid("a+tag@mail.xn--p1ai"));
        assert!(is_valid("first.last@sub-domain.example.com"));
    }

    #[test]
    fn errors_carry_kind_and_code() {
        let err = |kind| Err(IdError::new(kind, Code::EmailFormat));
        assert_eq!(validate(""), err(ErrorKind::Length));
        let long = format!("{}@example.ru", "a".repeat(250));
        assert_eq!(validate(&long), err(ErrorKind::Length));
        assert_eq!(validate("ivan@@example.ru"), err(ErrorKind::Format));
        assert_eq!(validate("iv an@example.ru"), err(ErrorKind::Format));
        assert_eq!(validate("ivan@example"), err(ErrorKind::Format));
        assert_eq!(validate("ivan@-example.ru"), err(ErrorKind::Format));
        assert_eq!(validate("ivan@example.r"), err(ErrorKind::Format));
        assert_eq!(validate("ivan@example.123"), err(ErrorKind::Format));
    }

    #[test]
    fn letters_of_any_script_pass() {
        for ok in [
            "иван@почта.рф",
            "ΑΘΗΝΑ@παράδειγμα.ελ",
            "user@例え.テスト",
            "user@उदाहरण.भारत",
            "user@中国互联网络信息中心.中国",
            "user@müller-straße.de",
            "user@ёлка2.рф",
            "user@xn--80ak6aa92e.com",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
    }

    #[test]
    fn punctuation_spaces_and_controls_fail() {
        for bad in [
            "user@exa\u{a0}mple.ru",
            "user@exam\u{ab}ple\u{bb}.ru",
            "user@ex\u{b7}ample.ru",
            "user@2\u{d7}2.ru",
            "user@example.\u{f7}\u{f7}",
            "user@exam\u{2014}ple.ru",
            "user@exam\u{200b}ple.ru",
            "user@example.\u{201c}ru\u{201d}",
            "user@exam\u{3000}ple.ru",
            "user@exam\u{85}ple.ru",
            "user@example.r\u{9f}",
            "user@exam_ple.ru",
            "user@example.r1",
        ] {
            assert!(!is_valid(bad), "{bad:?}");
        }
    }

    #[test]
    fn nothing_the_unicode_check_accepted_is_refused() {
        // Against the Unicode tables this module no longer links (tests may use them): in
        // ASCII exactly the old rule; beyond, every alphanumeric character is a letter, so a
        // label or top-level label that passed `is_alphanumeric` / `is_alphabetic` passes.
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            if c.is_ascii() {
                assert_eq!(is_letter(c), c.is_ascii_alphabetic(), "{c:?}");
            } else if c.is_alphanumeric() {
                assert!(is_letter(c), "{c:?} U+{:04X}", c as u32);
            }
        }
        assert!(is_valid("µ@ª².ºª"));
    }
}
