//! Properties of the identifier checks, against small reference implementations written
//! here from domain.md §1 independently of the crate's code:
//! - a generated valid INN-10, INN-12 or SNILS always passes, with separators anywhere;
//! - changing one digit of a valid one fails, except where the algorithm itself cannot see
//!   the change (the mod 11 mod 10 collapse of 10 to 0, the SNILS exemption), and the check
//!   digits themselves are always sensitive;
//! - no validator panics on any string, `is_valid` agrees with `validate`, and a valid
//!   value's printed form validates to the same value.

use prequal_rules::date::Date;
use prequal_rules::ident::{
    email, inn, issuer_code, name, passport, phone, region, snils, strip_separators,
};
use proptest::prelude::*;

const W10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/// The weighted sum mod 11 (before the "mod 10" that turns 10 into 0).
fn rem11(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11
}

fn text(digits: &[u32]) -> String {
    digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

fn all_zero(digits: &[u32]) -> bool {
    digits.iter().all(|&d| d == 0)
}

fn reference_inn(d: &[u32]) -> bool {
    let ok = match d.len() {
        10 => rem11(&d[..9], &W10) % 10 == d[9],
        12 => rem11(&d[..10], &W11) % 10 == d[10] && rem11(&d[..11], &W12) % 10 == d[11],
        _ => false,
    };
    ok && !all_zero(d)
}

/// The SNILS check number: S below 100 as is, 100 and 101 → 0, else S mod 101 the same way.
fn snils_check(d: &[u32]) -> u32 {
    let s: u32 = d
        .iter()
        .take(9)
        .zip((1..=9).rev())
        .map(|(d, w)| d * w)
        .sum();
    let r = if s > 101 { s % 101 } else { s };
    if r >= 100 {
        0
    } else {
        r
    }
}

fn snils_number(d: &[u32]) -> u32 {
    d.iter().take(9).fold(0, |n, d| n * 10 + d)
}

fn reference_snils(d: &[u32]) -> bool {
    let number = snils_number(d);
    d.len() == 11 && number != 0 && (number <= 1_001_998 || snils_check(d) == d[9] * 10 + d[10])
}

fn digits(n: usize) -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0u32..10, n)
}

fn valid_inn10() -> impl Strategy<Value = Vec<u32>> {
    digits(9)
        .prop_filter("not all zero", |d| !all_zero(d))
        .prop_map(|mut d| {
            d.push(rem11(&d, &W10) % 10);
            d
        })
}

fn valid_inn12() -> impl Strategy<Value = Vec<u32>> {
    digits(10)
        .prop_filter("not all zero", |d| !all_zero(d))
        .prop_map(|mut d| {
            d.push(rem11(&d, &W11) % 10);
            d.push(rem11(&d, &W12) % 10);
            d
        })
}

/// SNILS numbers above 001-001-998, the ones that are checksum-checked.
fn valid_snils() -> impl Strategy<Value = Vec<u32>> {
    digits(9)
        .prop_filter("checked", |d| snils_number(d) > 1_001_998)
        .prop_map(|mut d| {
            let check = snils_check(&d);
            d.extend([check / 10, check % 10]);
            d
        })
}

/// `s` with a space or a hyphen after the characters chosen by `cuts`.
fn with_separators(s: &str, cuts: &[bool], hyphen: bool) -> String {
    let sep = if hyphen { '-' } else { ' ' };
    let mut out = String::new();
    for (c, cut) in s.chars().zip(cuts.iter().chain(std::iter::repeat(&false))) {
        out.push(c);
        if *cut {
            out.push(sep);
        }
    }
    out
}

/// Digit `pos` replaced by a different digit (`delta` is 1..=9).
fn mutate(d: &[u32], pos: usize, delta: u32) -> Vec<u32> {
    let mut m = d.to_vec();
    m[pos] = (m[pos] + delta) % 10;
    m
}

/// Characters that reach the interesting branches of the validators.
const ALPHABET: &[char] = &[
    '0', '1', '2', '3', '4', '5', '7', '8', '9', '9', ' ', '-', '+', '(', ')', '.', '@', '\'', '’',
    '\u{a0}', '\t', 'a', 'x', 'Я', 'ж', 'Ё', 'ё', '٣', '７', 'é', '\u{301}', '\n', '"',
];

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..40)
        .prop_map(|chars| chars.into_iter().collect())
}

fn any_date() -> impl Strategy<Value = Date> {
    (-719_162i64..=2_932_896).prop_map(|n| Date::from_days_since_epoch(n).expect("in range"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn generated_inn10_passes(d in valid_inn10(), cuts in prop::collection::vec(any::<bool>(), 10), hyphen: bool) {
        let s = text(&d);
        prop_assert_eq!(inn::validate(&s).map(|i| i.to_string()), Ok(s.clone()));
        let spaced = with_separators(&s, &cuts, hyphen);
        prop_assert_eq!(inn::validate(&spaced).map(|i| i.to_string()), Ok(s));
    }

    #[test]
    fn generated_inn12_passes(d in valid_inn12(), cuts in prop::collection::vec(any::<bool>(), 12), hyphen: bool) {
        let s = text(&d);
        prop_assert_eq!(inn::validate(&s).map(|i| i.is_individual()), Ok(true));
        prop_assert!(inn::is_valid(&with_separators(&s, &cuts, hyphen)));
    }

    #[test]
    fn generated_snils_passes(d in valid_snils(), cuts in prop::collection::vec(any::<bool>(), 11), hyphen: bool) {
        let s = text(&d);
        let printed = format!("{}-{}-{} {}", &s[..3], &s[3..6], &s[6..9], &s[9..]);
        prop_assert_eq!(snils::validate(&s).map(|n| n.to_string()), Ok(printed));
        prop_assert!(snils::is_valid(&with_separators(&s, &cuts, hyphen)));
    }

    // Weights 2…10 are invertible mod 11, so changing one weighted digit always changes the
    // remainder; the INN still passes only when the remainders were 0 and 10, which both
    // give check digit 0. The check digit itself is always sensitive.
    #[test]
    fn changed_inn10_digit_fails_unless_the_remainder_collapses(d in valid_inn10(), pos in 0usize..10, delta in 1u32..10) {
        let m = mutate(&d, pos, delta);
        let valid = inn::is_valid(&text(&m));
        if pos == 9 {
            prop_assert!(!valid);
        } else {
            let (old, new) = (rem11(&d[..9], &W10), rem11(&m[..9], &W10));
            prop_assert_ne!(old, new);
            let collapses = (old, new) == (0, 10) || (old, new) == (10, 0);
            prop_assert_eq!(valid, collapses && !all_zero(&m));
        }
    }

    #[test]
    fn changed_inn12_digit_fails_unless_the_algorithm_cannot_see_it(d in valid_inn12(), pos in 0usize..12, delta in 1u32..10) {
        let m = mutate(&d, pos, delta);
        let valid = inn::is_valid(&text(&m));
        if pos >= 10 {
            prop_assert!(!valid);
        } else {
            prop_assert_ne!(rem11(&d[..10], &W11), rem11(&m[..10], &W11));
            prop_assert_eq!(valid, reference_inn(&m));
        }
    }

    // S changes by weight × delta, at most 81; equal check numbers that close together come
    // only from S = 100/101 and its mod-101 echoes (201/202, 302/303, 403/404), so only the
    // last digit (weight 1) changed by one can slip through, or a change into the exemption.
    #[test]
    fn changed_snils_digit_fails_unless_the_algorithm_cannot_see_it(d in valid_snils(), pos in 0usize..11, delta in 1u32..10) {
        let m = mutate(&d, pos, delta);
        let valid = snils::is_valid(&text(&m));
        if pos >= 9 {
            prop_assert!(!valid);
        } else {
            prop_assert_eq!(valid, reference_snils(&m));
            let exempt = snils_number(&m) <= 1_001_998;
            let near = pos == 8 && d[8].abs_diff(m[8]) == 1;
            prop_assert!(!valid || exempt || near, "{} → {}", text(&d), text(&m));
        }
    }

    #[test]
    fn snils_up_to_001_001_998_takes_any_check_number(number in 1u32..=1_001_998, check in 0u32..100) {
        let s = format!("{number:09}{check:02}");
        prop_assert!(snils::is_valid(&s), "{}", s);
    }

    #[test]
    fn any_digit_string_matches_the_reference(d in prop::collection::vec(0u32..10, 0..14)) {
        let s = text(&d);
        prop_assert_eq!(inn::is_valid(&s), reference_inn(&d));
        prop_assert_eq!(snils::is_valid(&s), reference_snils(&d));
    }
}

/// Every validator on one input: no panic, `is_valid` agrees with `validate`, and the printed
/// form of a valid value validates to the same value.
fn exercise(s: &str, today: Date) -> Result<(), TestCaseError> {
    let r = inn::validate(s);
    prop_assert_eq!(r.is_ok(), inn::is_valid(s));
    if let Ok(v) = r {
        prop_assert_eq!(inn::validate(&v.to_string()), Ok(v));
    }
    let r = snils::validate(s);
    prop_assert_eq!(r.is_ok(), snils::is_valid(s));
    if let Ok(v) = r {
        prop_assert_eq!(snils::validate(&v.to_string()), Ok(v));
    }
    let r = passport::validate_on(s, today);
    prop_assert_eq!(r.is_ok(), passport::is_valid_on(s, today));
    if let Ok(v) = r {
        prop_assert_eq!(passport::validate_on(&v.to_string(), today), Ok(v.clone()));
        prop_assert_eq!(
            passport::validate_parts(v.series(), v.number(), today),
            Ok(v)
        );
    }
    let mid = s
        .char_indices()
        .nth(s.chars().count() / 2)
        .map_or(0, |(i, _)| i);
    let _ = passport::validate_parts(&s[..mid], &s[mid..], today);
    let r = issuer_code::validate(s);
    prop_assert_eq!(r.is_ok(), issuer_code::is_valid(s));
    if let Ok(v) = r {
        prop_assert_eq!(issuer_code::validate(&v.to_string()), Ok(v));
    }
    let r = phone::validate(s);
    prop_assert_eq!(r.is_ok(), phone::is_valid(s));
    if let Ok(v) = r {
        prop_assert_eq!(phone::validate(&v.to_string()), Ok(v));
    }
    let r = email::validate(s);
    prop_assert_eq!(r.is_ok(), email::is_valid(s));
    if let Ok(v) = r {
        prop_assert_eq!(email::validate(v.as_str()), Ok(v));
    }
    let r = name::validate_name(s);
    prop_assert_eq!(r.is_ok(), name::is_valid_name(s));
    if let Ok(v) = r {
        prop_assert_eq!(name::validate_name(&v), Ok(v));
    }
    prop_assert_eq!(region::validate(s).is_ok(), region::is_valid(s));
    let _ = region::find(s);
    for f in [
        inn::format,
        snils::format,
        passport::format,
        issuer_code::format,
        phone::format,
    ] {
        let _ = f(s);
    }
    for f in [
        inn::compact,
        snils::compact,
        passport::compact,
        issuer_code::compact,
    ] {
        prop_assert_eq!(f(s), strip_separators(s));
    }
    let _ = (phone::compact(s), email::compact(s), name::compact(s));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_validator_panics_on_any_string(s in any::<String>(), today in any_date()) {
        exercise(&s, today)?;
    }

    #[test]
    fn no_validator_panics_on_tricky_strings(s in tricky_string(), today in any_date()) {
        exercise(&s, today)?;
    }

    #[test]
    fn passport_validity_never_panics(birth in any_date(), issue in any_date(), on in any_date(), grace: u32, yy: u8) {
        let _ = passport::check_validity(birth, issue, on, grace);
        let _ = passport::blank_after_issue(yy, issue);
        let _ = passport::blank_year(yy);
    }

    // Validity is one interval of days: valid on a day means valid on every earlier day
    // from the issue date on.
    #[test]
    fn passport_validity_is_an_interval(birth in any_date(), age_at_issue in 0i64..60 * 366, back in 0i64..40 * 366, ahead in 0i64..40 * 366) {
        let Some(issue) = birth.add_days(age_at_issue) else { return Ok(()) };
        let (Some(earlier), Some(later)) = (issue.add_days(back / 2), issue.add_days(back / 2 + ahead)) else {
            return Ok(());
        };
        if passport::check_validity(birth, issue, later, 90).is_ok() {
            prop_assert_eq!(passport::check_validity(birth, issue, earlier, 90), Ok(()));
        }
    }
}
