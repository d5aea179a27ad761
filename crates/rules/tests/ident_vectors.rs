//! The identifier test vectors in `tests/vectors/*.txt`, in the manner of python-stdnum's
//! `tests/test_*.doctest`: blocks of pasted values, each saying where it came from. One test
//! per identifier; a failure names the file, the line and the value, and lists every failing
//! line of the file at once.
//!
//! A vector file, line by line:
//!
//! ```text
//! # valid                    the values that follow are valid
//! # invalid <code>           the values that follow fail with this reason code
//! # source: <where from>     required in every block, before its first value
//! # today YYYY-MM-DD         the date that date-dependent checks use from here on
//! # <anything else>          a comment
//! VALUE                      a value with its block's expectation
//! VALUE => NORMALIZED        (valid blocks) valid, and the contract's normalized form
//! VALUE => valid             this value alone is valid
//! VALUE => invalid <code>    this value alone fails with this code
//! "VALUE"                    quotes keep surrounding whitespace, or give the empty value
//! ```
//!
//! Unquoted values are trimmed; blank lines are ignored. For every value the check also
//! asserts that `is_valid` agrees with `validate`, and for a valid one that `format` prints
//! what `Display` does.

use prequal_rules::date::Date;
use prequal_rules::ident::{email, inn, issuer_code, name, passport, phone, snils, IdError};
use std::fmt::Display;

/// What a check gives: the normalized form, or the reason code (or a message when the
/// module's functions disagree with each other).
type Outcome = Result<String, String>;

#[derive(Clone, Debug, PartialEq)]
enum Expect {
    Valid(Option<String>),
    Invalid(String),
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expect::Valid(None) => f.write_str("valid"),
            Expect::Valid(Some(n)) => write!(f, "valid, normalized {n:?}"),
            Expect::Invalid(code) => write!(f, "invalid {code}"),
        }
    }
}

struct Block {
    expect: Expect,
    line: usize,
    sourced: bool,
    values: usize,
}

/// Reads `tests/vectors/<file>` and runs `check` on every value; `today` is the date of the
/// latest `# today` line, required before any value when `needs_today`.
fn run(file: &str, needs_today: bool, check: impl Fn(&str, Date) -> Outcome) {
    let path = format!("{}/tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut failures: Vec<String> = Vec::new();
    let mut fail = |line: usize, msg: String| failures.push(format!("{file}:{line}: {msg}"));
    let mut block: Option<Block> = None;
    let mut today: Option<Date> = None;
    let (mut valid, mut invalid) = (0, 0);

    let close = |block: &Option<Block>, fail: &mut dyn FnMut(usize, String)| {
        if let Some(b) = block {
            if b.values == 0 {
                fail(b.line, "a block without values".to_owned());
            }
        }
    };

    for (index, raw) in text.lines().enumerate() {
        let n = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            let header = match comment.split_once(' ') {
                None if comment == "valid" => Some(Expect::Valid(None)),
                Some(("invalid", code)) => Some(Expect::Invalid(code.trim().to_owned())),
                _ => None,
            };
            if let Some(expect) = header {
                close(&block, &mut fail);
                block = Some(Block {
                    expect,
                    line: n,
                    sourced: false,
                    values: 0,
                });
            } else if let Some(date) = comment.strip_prefix("today ") {
                match date.trim().parse() {
                    Ok(date) => today = Some(date),
                    Err(e) => fail(n, format!("`# today {date}`: {e:?}")),
                }
            } else if comment.starts_with("source:") {
                match block.as_mut() {
                    Some(b) => b.sourced = true,
                    None => fail(n, "a source outside any block".to_owned()),
                }
            }
            continue;
        }

        let Some(b) = block.as_mut() else {
            fail(
                n,
                format!("value {line:?} before any `# valid` or `# invalid` line"),
            );
            continue;
        };
        if !b.sourced {
            fail(
                n,
                "no `# source:` line in this block before its first value".to_owned(),
            );
            b.sourced = true;
        }
        b.values += 1;
        let (value, suffix) = match line.rsplit_once(" => ") {
            Some((value, suffix)) => (unquote(value.trim()), Some(suffix.trim())),
            None => (unquote(line), None),
        };
        let expect = match suffix {
            None => b.expect.clone(),
            Some("valid") => Expect::Valid(None),
            Some(s) => match s.strip_prefix("invalid ") {
                Some(code) => Expect::Invalid(code.trim().to_owned()),
                None if b.expect == Expect::Valid(None) => Expect::Valid(Some(s.to_owned())),
                None => {
                    fail(n, format!("a normalized form {s:?} in an invalid block"));
                    continue;
                }
            },
        };
        let date = match (today, needs_today) {
            (Some(date), _) => date,
            (None, false) => Date::new(2000, 1, 1).expect("a date"),
            (None, true) => {
                fail(n, "no `# today` line before this value".to_owned());
                continue;
            }
        };
        let got = check(value, date);
        let ok = match (&expect, &got) {
            (Expect::Valid(None), Ok(_)) => true,
            (Expect::Valid(Some(want)), Ok(got)) => want == got,
            (Expect::Invalid(want), Err(got)) => want == got,
            _ => false,
        };
        if !ok {
            let got = match got {
                Ok(normalized) => format!("valid, normalized {normalized:?}"),
                Err(code) => format!("invalid {code}"),
            };
            fail(n, format!("value {value:?}: expected {expect}, got {got}"));
        }
        match expect {
            Expect::Valid(_) => valid += 1,
            Expect::Invalid(_) => invalid += 1,
        }
    }
    close(&block, &mut fail);
    if valid == 0 || invalid == 0 {
        fail(
            0,
            format!("{valid} valid and {invalid} invalid values; want both"),
        );
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `"x"` → `x`, keeping what is inside the quotes as it is.
fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

/// The outcome of `validate`, checked against `is_valid` and, for a valid value, `format`.
fn outcome<T: Display>(
    result: Result<T, IdError>,
    normalized: impl Fn(&T) -> String,
    is_valid: bool,
    formatted: Option<String>,
) -> Outcome {
    if result.is_ok() != is_valid {
        return Err(format!(
            "is_valid says {is_valid}, validate says {}",
            result.is_ok()
        ));
    }
    let value = result.map_err(|e| e.code.as_str().to_owned())?;
    if let Some(formatted) = formatted {
        if formatted != value.to_string() {
            return Err(format!(
                "format gives {formatted:?}, Display {:?}",
                value.to_string()
            ));
        }
    }
    Ok(normalized(&value))
}

#[test]
fn inn_vectors() {
    run("inn.txt", false, |s, _| {
        outcome(
            inn::validate(s),
            |v| v.as_str().to_owned(),
            inn::is_valid(s),
            Some(inn::format(s)),
        )
    });
}

#[test]
fn snils_vectors() {
    run("snils.txt", false, |s, _| {
        let formatted = Some(snils::format(s));
        outcome(
            snils::validate(s),
            |v| v.as_str().to_owned(),
            snils::is_valid(s),
            formatted,
        )
    });
}

#[test]
fn passport_vectors() {
    run("passport.txt", true, |s, today| {
        let result = passport::validate_on(s, today);
        let formatted = Some(passport::format(s));
        outcome(
            result,
            |v| v.as_str().to_owned(),
            passport::is_valid_on(s, today),
            formatted,
        )
    });
}

#[test]
fn issuer_code_vectors() {
    run("issuer_code.txt", false, |s, _| {
        let formatted = Some(issuer_code::format(s));
        let result = issuer_code::validate(s);
        outcome(
            result,
            |v| v.as_str().to_owned(),
            issuer_code::is_valid(s),
            formatted,
        )
    });
}

#[test]
fn phone_vectors() {
    run("phone.txt", false, |s, _| {
        let formatted = Some(phone::format(s));
        outcome(
            phone::validate(s),
            |v| v.as_str().to_owned(),
            phone::is_valid(s),
            formatted,
        )
    });
}

#[test]
fn email_vectors() {
    run("email.txt", false, |s, _| {
        outcome(
            email::validate(s),
            |v| v.as_str().to_owned(),
            email::is_valid(s),
            None,
        )
    });
}

#[test]
fn name_vectors() {
    run("name.txt", false, |s, _| {
        outcome(
            name::validate_name(s),
            String::clone,
            name::is_valid_name(s),
            None,
        )
    });
}
