//! Formatting as one types: `+7 912 345-67-89`, `45 02`, `112-233-445 95`, `770-001`,
//! `50 000`. Presentation only; whether the value is right is the rules engine's call, and the
//! engine ignores these separators.
//!
//! It never fights the applicant:
//! - separators are only ever put *between* digits, never after the last one, so deleting
//!   works as usual: a deletion of a digit is never reformatted (the value is tidied when the
//!   field is left), and one that would remove only a separator takes the digit beyond it;
//! - after typing or pasting, the caret stays after the same digit it was after;
//! - a value with characters the mask does not know (a letter) is left exactly as typed, so
//!   the applicant sees the engine's message about it instead of losing what they typed;
//!   dashes between digits it lays out as hyphens (`is_dash`).
//!
//! Carets are in UTF-16 code units, as the DOM's `selectionStart` counts them.

// The rules engine's separators, so that the mask lays out every value the engine accepts.
use prequal_rules::ident::{is_separator, is_space};
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

/// A dash or the minus sign (`345–67–89`, as a word processor or a web page writes a number).
/// The rules engine does not read them as separators (contract.md has them `*.format`), but
/// the applicant meant one: the mask lays the digits out with its own, so a pasted number
/// works.
fn is_dash(c: char) -> bool {
    matches!(c, '\u{2012}'..='\u{2015}' | '\u{2212}')
}

fn only_digits_and(raw: &str, separator: impl Fn(char) -> bool) -> Option<String> {
    let mut digits = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !separator(c) && !is_dash(c) {
            return None;
        }
    }
    Some(digits)
}

/// The laid-out form of `raw`, or `None` when it has characters this mask does not know.
pub fn format(mask: Mask, raw: &str) -> Option<String> {
    match mask {
        Mask::Phone => format_phone(raw),
        Mask::PassportSeries => {
            only_digits_and(raw, is_separator).map(|d| group(&d, &[(2, ' '), (2, ' ')]))
        }
        Mask::Snils => only_digits_and(raw, is_separator)
            .map(|d| group(&d, &[(3, '-'), (3, '-'), (3, ' '), (2, ' ')])),
        Mask::IssuerCode => {
            only_digits_and(raw, is_separator).map(|d| group(&d, &[(3, '-'), (3, ' ')]))
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
    let digits = only_digits_and(rest, |c| is_separator(c) || matches!(c, '(' | ')' | '.'))?;
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

/// Rubles as people type them, read into the whole part's digits and the decimal part as
/// typed (`,` or `.` with up to two digits; empty when there is none). A `,` or `.` followed
/// by exactly three digits groups thousands (`25,000`, `1.500`, `1,500.50`), as English and
/// some Russian writers use them: three decimals of a ruble are never meant. A trailing `₽`,
/// `руб.` or `р.` is ignored. `None` when it is not an amount.
pub fn money_parts(raw: &str) -> Option<(String, String)> {
    let mut text = raw.trim();
    for suffix in ["₽", "руб.", "руб", "р."] {
        text = text.strip_suffix(suffix).unwrap_or(text).trim_end();
    }
    let cleaned: String = text.chars().filter(|&c| !is_space(c)).collect();
    let (int, dec) = match cleaned.rfind([',', '.']) {
        Some(at) if cleaned.len() - at - 1 != 3 => cleaned.split_at(at),
        _ => (cleaned.as_str(), ""),
    };
    if dec.len() > 3 || !dec.bytes().skip(1).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Thousands are grouped from one to three digits on: `45000,555` is a typo, not 45 000 555 ₽.
    if int
        .find([',', '.'])
        .is_some_and(|at| !(1..=3).contains(&at))
    {
        return None;
    }
    let mut whole = String::with_capacity(int.len());
    for (i, group) in int.split([',', '.']).enumerate() {
        let grouped = i > 0 && group.len() != 3;
        if grouped || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        whole.push_str(group);
    }
    Some((whole, dec.to_owned()))
}

fn format_money(raw: &str) -> Option<String> {
    let (whole, dec) = money_parts(raw)?;
    let mut out = String::with_capacity(whole.len() * 4 / 3 + dec.len());
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out.push_str(&dec);
    Some(out)
}

/// Whether `c` is one of what the applicant typed (not a separator the mask adds).
fn significant(mask: Mask, c: char) -> bool {
    c.is_ascii_digit()
        || (mask == Mask::Phone && c == '+')
        || (mask == Mask::Money && (c == ',' || c == '.'))
}

/// After a deletion: `before` and `after` the `input` event, the caret in `after`, and whether
/// it was Backspace (`backward`) or Delete. One that removed only a separator (Backspace just
/// after `8 912 `) takes the digit beyond it too, as if the separator were not there, and the
/// rest is laid out again; `None` when it removed a digit, which is left as it is, or when
/// the value had characters the mask does not know (deleting a letter takes nothing more).
pub fn on_delete(
    mask: Mask,
    before: &str,
    after: &str,
    caret: u32,
    backward: bool,
) -> Option<(String, u32)> {
    let digits = |s: &str| s.chars().filter(|&c| significant(mask, c)).count();
    if digits(before) != digits(after) || format(mask, before).is_none() {
        return None;
    }
    let mut at = 0u32;
    let mut positions = Vec::with_capacity(after.len());
    for (i, c) in after.char_indices() {
        positions.push((i, at, c));
        at += c.len_utf16() as u32;
    }
    let digit = |&&(_, _, c): &&(usize, u32, char)| significant(mask, c);
    let (i, start, c) = *if backward {
        positions.iter().rev().filter(|p| p.1 < caret).find(digit)?
    } else {
        positions.iter().filter(|p| p.1 >= caret).find(digit)?
    };
    let mut value = after.to_owned();
    value.replace_range(i..i + c.len_utf8(), "");
    let caret = if backward { start } else { caret };
    Some(on_insert(mask, &value, caret).unwrap_or((value, caret)))
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
        // A tab (a paste from a spreadsheet) separates like a space, and the Unicode hyphens
        // and spaces of a word processor like theirs, as the rules engine reads them.
        assert_eq!(
            format(Mask::PassportSeries, "4502\t573482"),
            format(Mask::PassportSeries, "4502 573482")
        );
        assert_eq!(
            format(Mask::Snils, "112\u{2011}233\u{2011}445\u{202f}95").as_deref(),
            Some("112-233-445 95")
        );
        assert_eq!(
            format(Mask::Phone, "8 (912) 345\u{2010}67\u{2010}89").as_deref(),
            Some("8 912 345-67-89")
        );
        // Dashes and the minus sign, which the engine refuses, are laid out as hyphens.
        assert_eq!(
            format(Mask::Phone, "+7 (912) 345–67–89").as_deref(),
            Some("+7 912 345-67-89")
        );
        assert_eq!(
            format(Mask::Snils, "112—233—445 95").as_deref(),
            Some("112-233-445 95")
        );
        assert_eq!(
            format(Mask::IssuerCode, "770\u{2212}001").as_deref(),
            Some("770-001")
        );
    }

    #[test]
    fn money_is_grouped_by_thousands() {
        let f = |s| format(Mask::Money, s);
        assert_eq!(f("50000").as_deref(), Some("50 000"));
        assert_eq!(f("1234567,5").as_deref(), Some("1 234 567,5"));
        assert_eq!(f("50 000 ₽").as_deref(), Some("50 000"));
        // The spaces the identifiers take group amounts too (a thin space, a tab).
        assert_eq!(f("50\u{2009}000").as_deref(), Some("50 000"));
        assert_eq!(f("50\t000").as_deref(), Some("50 000"));
        assert_eq!(f("1000.").as_deref(), Some("1 000."));
        assert_eq!(f("100").as_deref(), Some("100"));
        assert_eq!(f("12a"), None);
        assert_eq!(f("1,2,3"), None);
        // Thousands grouped with `,` or `.` (English, and some Russian writers).
        assert_eq!(f("25,000").as_deref(), Some("25 000"));
        assert_eq!(f("1,500.50").as_deref(), Some("1 500.50"));
        assert_eq!(f("1.500,5").as_deref(), Some("1 500,5"));
        assert_eq!(f("25,0").as_deref(), Some("25,0"));
        assert_eq!(f("1,5000"), None);
        assert_eq!(f("12,34,5"), None);
        // Grouping starts with one to three digits: three decimals typed by mistake are not
        // a thousand times the amount.
        assert_eq!(f("45000,555"), None);
        assert_eq!(f("1234.567"), None);
        assert_eq!(f(",500"), None);
        assert_eq!(f("123.456.789").as_deref(), Some("123 456 789"));
        assert_eq!(f("20000 руб.").as_deref(), Some("20 000"));
        assert_eq!(f("20 000 р.").as_deref(), Some("20 000"));
        assert_eq!(money_parts(""), Some((String::new(), String::new())));
        assert_eq!(money_parts(",5"), Some((String::new(), ",5".into())));
    }

    #[test]
    fn deleting_a_letter_takes_only_the_letter() {
        assert_eq!(
            on_delete(Mask::Phone, "+7912345678x", "+7912345678", 11, true),
            None
        );
        assert_eq!(on_delete(Mask::Snils, "112–233x", "112–233", 7, true), None);
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

    #[test]
    fn deleting_a_separator_deletes_the_digit_beyond_it() {
        // Backspace just after the space in "8 912 |345-67-89": the 2 goes.
        let (value, caret) =
            on_delete(Mask::Phone, "8 912 345-67-89", "8 912345-67-89", 5, true).unwrap();
        assert_eq!(value, "8 913 456-78-9");
        assert_eq!(&value[..caret as usize], "8 91");
        // Delete just before the hyphen in "112-|233-445 95": the first 2 goes.
        let (value, caret) =
            on_delete(Mask::Snils, "112-233-445 95", "112233-445 95", 3, false).unwrap();
        assert_eq!(value, "112-334-459 5");
        assert_eq!(caret, 3);
        let (value, _) = on_delete(Mask::PassportSeries, "45 02", "4502", 2, true).unwrap();
        assert_eq!(value, "40 2");
        // A digit deleted: nothing more happens.
        assert_eq!(on_delete(Mask::Phone, "8 912", "8 91", 4, true), None);
        // Nothing beyond the separator: nothing to take.
        assert_eq!(on_delete(Mask::IssuerCode, "770-", "770", 3, false), None);
    }
}
