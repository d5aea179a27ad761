//! A small option parser: `--name value` and `--name=value`, the rest positional, and after
//! `--` everything positional (a value may begin with `--`). Hand-made because the CLI needs
//! nothing more, and its messages must be one line each.

use prequal_rules::application::Locale;
use prequal_rules::date::Date;

/// A bad argument: printed on one line, exit code 2.
#[derive(Debug)]
pub struct Error(pub String);

/// stdout could not be written. When its reader is gone (`prequal check < leads | head -1`)
/// the job is simply over, as it is for `cat` or `grep`: exit quietly, with 0, since nothing
/// was wrong with the arguments (exit 2) or the input (exit 3).
pub fn cannot_write(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    Error(format!("cannot write stdout: {e}"))
}

/// `line` and a newline on stdout; unlike `println!`, no panic when it cannot be written.
pub fn print_line(line: &str) -> Result<(), Error> {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{line}").map_err(cannot_write)
}

pub struct Args {
    options: Vec<(String, String)>,
    pub positional: Vec<String>,
}

impl Args {
    /// Splits `argv` into the `known` options and positional values.
    pub fn parse(argv: &[String], known: &[&str]) -> Result<Args, Error> {
        let mut options = Vec::new();
        let mut positional = Vec::new();
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            if arg == "--" {
                positional.extend(it.by_ref().cloned());
                break;
            }
            let Some(name) = arg.strip_prefix("--") else {
                positional.push(arg.clone());
                continue;
            };
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (name, None),
            };
            // An unknown option is named as such, whether or not a value follows it.
            if !known.contains(&name) {
                return Err(Error(format!(
                    "unknown option --{name} (known: {})",
                    known
                        .iter()
                        .map(|k| format!("--{k}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            let value = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .ok_or_else(|| Error(format!("--{name} needs a value")))?,
            };
            options.push((name.to_string(), value.to_string()));
        }
        Ok(Args {
            options,
            positional,
        })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn required(&self, name: &str) -> Result<&str, Error> {
        self.get(name)
            .ok_or_else(|| Error(format!("--{name} is required")))
    }

    pub fn date(&self, name: &str) -> Result<Option<Date>, Error> {
        self.get(name)
            .map(|v| {
                v.parse::<Date>()
                    .map_err(|_| Error(format!("--{name} must be a date YYYY-MM-DD, got '{v}'")))
            })
            .transpose()
    }

    pub fn locale(&self) -> Result<Locale, Error> {
        match self.get("locale") {
            None | Some("ru") => Ok(Locale::Ru),
            Some("en") => Ok(Locale::En),
            Some(other) => Err(Error(format!("--locale must be ru or en, got '{other}'"))),
        }
    }

    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Error> {
        self.get(name)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|_| Error(format!("--{name} must be a whole number, got '{v}'")))
            })
            .transpose()
    }
}

/// Today in Moscow (UTC+3), from the system clock.
pub fn today_in_moscow() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let days = (secs + 3 * 3600).div_euclid(86_400);
    Date::from_days_since_epoch(days).unwrap_or_else(|| Date::new(1970, 1, 1).expect("valid date"))
}
