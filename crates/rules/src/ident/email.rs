//! An e-mail address, checked pragmatically.
//!
//! An address is a local part, `@` and a domain. The full grammar (RFC 5322 with quoted local
//! parts and comments, RFC 5321's limits, IDNA) accepts much that no mail form should and
//! still cannot tell whether a mailbox exists, so this check only catches typing mistakes:
//! exactly one `@`; a non-empty local part without whitespace or control characters; a domain
//! of at least two dot-separated labels, each of letters (any script, so `почта.рф` passes),
//! digits and inner hyphens, at most 63 characters; a top-level label of letters only or a
//! punycode `xn--` label; at most 254 characters in all.
//!
//! Source: the project's contract (`email.format`, contract.md "Reason codes"); the 254 and
//! 63 limits are RFC 5321 §4.5.3.1 and RFC 1035 §2.3.4.
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
    !local.is_empty() && !local.chars().any(|c| c.is_whitespace() || c.is_control())
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
    let tld_ok = (tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
        || (tld.starts_with("xn--") && is_label(tld));
    count >= 2 && tld_ok
}

fn is_label(label: &str) -> bool {
    let len = label.chars().count();
    (1..=MAX_LABEL_CHARS).contains(&len)
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
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
}
