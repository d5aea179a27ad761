//! Formatting as one types: `+7 912 345-67-89`, `45 02`, `112-233-445 95`, `770-001`,
//! `50 000`. Presentation only; whether the value is right is the rules engine's call, and the
//! engine ignores these separators.
//!
//! It never fights the applicant:
//! - separators are only ever put *between* digits, never after the last one, so deleting
//!   works as usual and deletions are never reformatted (the value is tidied when the field
//!   is left);
//! - after typing or pasting, the caret stays after the same digit it was after;
//! - a value with characters the mask does not know (a letter) is left exactly as typed, so
//!   the applicant sees the engine's message about it instead of losing what they typed.
//!
//! Carets are in UTF-16 code units, as the DOM's `selectionStart` counts them.

/// How a field's value is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mask {
    /// A Russian mobile number: the `+7`/`7`/`8` prefix as typed, then `912 345-67-89`.
    Phone,
    /// The passport series: `45 02`.
    PassportSeries,
    /// `112-233-445 95`.
    Snils,
    /// The issuing-unit code: `770-001`.
    IssuerCode,
    /// Rubles, grouped by thousands, with up to two decimals after `,` or `.`.
    Money,
}

/// Groups `digits` in runs of `sizes`, each run but the last followed by its separator when
/// more digits follow; digits beyond the runs are appended to the last run as they are.
fn group(digits: &str, sizes: &[(usize, char)]) -> String {
    let mut out = String::with_capacity(digits.len() + sizes.len());
    let mut rest = digits;
    for (i, &(size, sep)) in sizes.iter().enumerate() {
        if rest.is_empty() {
            break;
        }
        let take = size.min(rest.len());
        out.push_str(&rest[..take]);
        rest = &rest[take..];
        if !rest.is_empty() && i + 1 < sizes.len() {
            out.push(sep);
        }
    }
    out.push_str(rest);
    out
}

fn only_digits_and(raw: &str, extra: &[char]) -> Option<String> {
    let mut digits = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !extra.contains(&c) {
            return None;
        }
    }
    Some(digits)
}

const SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// The laid-out form of `raw`, or `None` when it has characters this mask does not know.
pub fn format(mask: Mask, raw: &str) -> Option<String> {
    match mask {
        Mask::Phone => format_phone(raw),
        Mask::PassportSeries => {
            only_digits_and(raw, &[' ', '-', '\u{a0}']).map(|d| group(&d, &[(2, ' '), (2, ' ')]))
        }
        Mask::Snils => only_digits_and(raw, &[' ', '-', '\u{a0}'])
            .map(|d| group(&d, &[(3, '-'), (3, '-'), (3, ' '), (2, ' ')])),
        Mask::IssuerCode => {
            only_digits_and(raw, &[' ', '-', '\u{a0}']).map(|d| group(&d, &[(3, '-'), (3, ' ')]))
        }
        Mask::Money => format_money(raw),
    }
}

fn format_phone(raw: &str) -> Option<String> {
    let trimmed = raw.trim_start();
    let (plus, rest) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let digits = only_digits_and(rest, &[' ', '-', '(', ')', '.', '\u{a0}'])?;
    const NATIONAL: [(usize, char); 4] = [(3, ' '), (3, '-'), (2, '-'), (2, ' ')];
    let first = digits.as_bytes().first().copied();
    let mut out = String::with_capacity(digits.len() + 6);
    let national = if plus {
        out.push('+');
        match first {
            Some(_) => {
                out.push_str(&digits[..1]);
                &digits[1..]
            }
            None => "",
        }
    } else if matches!(first, Some(b'7' | b'8')) {
        out.push_str(&digits[..1]);
        &digits[1..]
    } else {
        digits.as_str()
    };
    if !national.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&group(national, &NATIONAL));
    }
    Some(out)
}

fn format_money(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .trim()
        .trim_end_matches('₽')
        .chars()
        .filter(|c| !SPACES.contains(c))
        .collect();
    let (whole, fraction) = match cleaned.find([',', '.']) {
        Some(at) => (&cleaned[..at], Some(&cleaned[at..])),
        None => (cleaned.as_str(), None),
    };
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = fraction {
        if f.len() > 3 || !f[1..].bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let mut out = String::with_capacity(cleaned.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out.push_str(fraction.unwrap_or(""));
    Some(out)
}

/// Whether `c` is one of what the applicant typed (not a separator the mask adds).
fn significant(mask: Mask, c: char) -> bool {
    c.is_ascii_digit()
        || (mask == Mask::Phone && c == '+')
        || (mask == Mask::Money && (c == ',' || c == '.'))
}

/// After the applicant typed or pasted: the laid-out value and where the caret goes (after
/// the same significant character it was after). `None` to leave the value as it is.
pub fn on_insert(mask: Mask, raw: &str, caret: u32) -> Option<(String, u32)> {
    let formatted = format(mask, raw)?;
    if formatted == raw {
        return None;
    }
    let mut units = 0u32;
    let mut before = 0usize;
    for c in raw.chars() {
        if units >= caret {
            break;
        }
        units += c.len_utf16() as u32;
        if significant(mask, c) {
            before += 1;
        }
    }
    let mut new_caret = 0u32;
    let mut seen = 0usize;
    if before > 0 {
        for c in formatted.chars() {
            new_caret += c.len_utf16() as u32;
            if significant(mask, c) {
                seen += 1;
                if seen == before {
                    break;
                }
            }
        }
    }
    Some((formatted, new_caret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_keep_the_prefix_as_typed() {
        let f = |s| format(Mask::Phone, s);
        assert_eq!(f("+79123456789").as_deref(), Some("+7 912 345-67-89"));
        assert_eq!(f("89123456789").as_deref(), Some("8 912 345-67-89"));
        assert_eq!(f("9123456789").as_deref(), Some("912 345-67-89"));
        assert_eq!(f("+7 (912) 345.67.89").as_deref(), Some("+7 912 345-67-89"));
        assert_eq!(f("+").as_deref(), Some("+"));
        assert_eq!(f("+7").as_deref(), Some("+7"));
        assert_eq!(f("+79").as_deref(), Some("+7 9"));
        assert_eq!(f("8912").as_deref(), Some("8 912"));
        assert_eq!(f("8912345").as_deref(), Some("8 912 345"));
        assert_eq!(f("891234567890").as_deref(), Some("8 912 345-67-890"));
        assert_eq!(f(""), Some(String::new()));
        assert_eq!(f("8912x"), None);
        assert_eq!(f("7+912"), None);
    }

    #[test]
    fn documents_are_grouped() {
        assert_eq!(
            format(Mask::PassportSeries, "4502").as_deref(),
            Some("45 02")
        );
        assert_eq!(format(Mask::PassportSeries, "45").as_deref(), Some("45"));
        assert_eq!(
            format(Mask::Snils, "11223344595").as_deref(),
            Some("112-233-445 95")
        );
        assert_eq!(format(Mask::Snils, "1122").as_deref(), Some("112-2"));
        assert_eq!(
            format(Mask::IssuerCode, "770 001").as_deref(),
            Some("770-001")
        );
        assert_eq!(format(Mask::IssuerCode, "77o"), None);
    }

    #[test]
    fn money_is_grouped_by_thousands() {
        let f = |s| format(Mask::Money, s);
        assert_eq!(f("50000").as_deref(), Some("50 000"));
        assert_eq!(f("1234567,5").as_deref(), Some("1 234 567,5"));
        assert_eq!(f("50 000 ₽").as_deref(), Some("50 000"));
        assert_eq!(f("1000.").as_deref(), Some("1 000."));
        assert_eq!(f("100").as_deref(), Some("100"));
        assert_eq!(f("1,234"), None);
        assert_eq!(f("12a"), None);
        assert_eq!(f("1,2,3"), None);
    }

    #[test]
    fn the_caret_stays_after_the_same_digit() {
        // Typing the 4th digit at the end of "891": caret at the end.
        assert_eq!(on_insert(Mask::Phone, "8912", 4), Some(("8 912".into(), 5)));
        // A digit typed in the middle of "+7 912 345-67-89" (after "+7 9").
        let (value, caret) = on_insert(Mask::Phone, "+7 9012 345-67-89", 5).unwrap();
        assert_eq!(value, "+7 901 234-56-789");
        assert_eq!(&value[..caret as usize], "+7 90");
        // A paste of a whole number into an empty field.
        assert_eq!(
            on_insert(Mask::Snils, "11223344595", 11),
            Some(("112-233-445 95".into(), 14))
        );
        // Already laid out: nothing to do.
        assert_eq!(on_insert(Mask::PassportSeries, "45 02", 5), None);
        // The caret at the start stays there.
        assert_eq!(
            on_insert(Mask::Money, "150000", 0),
            Some(("150 000".into(), 0))
        );
        // Non-ASCII before the caret counts in UTF-16 units.
        assert_eq!(
            on_insert(Mask::Money, "5000 ₽", 6),
            Some(("5 000".into(), 5))
        );
    }
}
