//! A part of a person's name (фамилия, имя, отчество) as written in a Russian passport.
//!
//! Passport names are written in Cyrillic: the letters А–Я and а–я with Ё and ё. A part may be
//! compound: a hyphenated double surname (`Римский-Корсаков`), two words (`Мамед оглы`), an
//! apostrophe (`Д'Артаньян`, with the typewriter `'` or the typographic `’` that phone
//! keyboards insert). So a name is runs of letters joined by single hyphens, spaces or
//! apostrophes, 1 to 60 characters once the surrounding whitespace is trimmed.
//!
//! Source: the project's contract (`name.format`, contract.md "Reason codes"); the letters are
//! those of the Russian alphabet (Unicode U+0410–U+044F, U+0401, U+0451).
//!
//! It does not change case or spelling: `иванов` is accepted as typed. Latin look-alikes
//! (`Ивaнов` with a Latin `a`) are rejected, which is what a form wants to tell the user.

use super::{ErrorKind, IdError};
use crate::code::Code;

/// The longest name part, in characters.
pub const MAX_CHARS: usize = 60;

/// The name without surrounding whitespace.
pub fn compact(s: &str) -> String {
    s.trim().to_owned()
}

/// Checks length (1..=60 characters after trimming) → format (Cyrillic letters, single
/// separators between them) and returns the trimmed name.
pub fn validate_name(s: &str) -> Result<String, IdError> {
    let name = s.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_CHARS {
        return Err(IdError::new(ErrorKind::Length, Code::NameFormat));
    }
    // A separator must follow a letter and be followed by one.
    let mut after_letter = false;
    for c in name.chars() {
        if is_letter(c) {
            after_letter = true;
        } else if is_name_joiner(c) && after_letter {
            after_letter = false;
        } else {
            return Err(IdError::new(ErrorKind::Format, Code::NameFormat));
        }
    }
    if !after_letter {
        return Err(IdError::new(ErrorKind::Format, Code::NameFormat));
    }
    Ok(name.to_owned())
}

/// Whether `validate_name` accepts it.
pub fn is_valid_name(s: &str) -> bool {
    validate_name(s).is_ok()
}

fn is_letter(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

/// What joins the parts of a name: a hyphen, a space, an apostrophe.
fn is_name_joiner(c: char) -> bool {
    matches!(c, '-' | ' ' | '\'' | '’')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims() {
        assert_eq!(
            validate_name("  Римский-Корсаков "),
            Ok("Римский-Корсаков".to_owned())
        );
        assert_eq!(compact(" Ёж\t"), "Ёж");
        assert!(is_valid_name("Я"));
        assert!(is_valid_name(&"ж".repeat(60)));
    }

    #[test]
    fn errors_carry_kind_and_code() {
        let err = |kind| Err(IdError::new(kind, Code::NameFormat));
        assert_eq!(validate_name("   "), err(ErrorKind::Length));
        assert_eq!(validate_name(&"ж".repeat(61)), err(ErrorKind::Length));
        assert_eq!(validate_name("Ivanov"), err(ErrorKind::Format));
        assert_eq!(validate_name("Иван  Иванович"), err(ErrorKind::Format));
        assert_eq!(validate_name("Иванов-"), err(ErrorKind::Format));
        assert_eq!(validate_name("-Иванов"), err(ErrorKind::Format));
        assert_eq!(validate_name("Іван"), err(ErrorKind::Format));
    }
}
