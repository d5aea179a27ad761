//! `prequal check`: JSON Lines of applications in, one verdict a line out, in order.

use crate::args::{cannot_write, today_in_moscow, Args, Error};
use prequal_rules::application::{Application, ParseError};
use prequal_rules::check::{check, Context};
use prequal_rules::config::Config;
use prequal_rules::verdict::Verdict;
use serde::Serialize;
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

#[derive(Serialize)]
struct VerdictLine<'a> {
    line: usize,
    #[serde(flatten)]
    verdict: &'a Verdict,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    line: usize,
    error: LineError<'a>,
}

#[derive(Serialize)]
struct LineError<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

pub fn run(argv: &[String]) -> Result<ExitCode, Error> {
    let args = Args::parse(argv, &["config", "today"])?;
    if let Some(extra) = args.positional.first() {
        return Err(Error(format!(
            "check takes no positional argument, got '{extra}'"
        )));
    }
    let config = match args.get("config") {
        None => Config::demo(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error(format!("cannot read --config {path}: {e}")))?;
            Config::from_json(&text).map_err(|e| {
                Error(format!(
                    "--config {path} is not a valid configuration: {}",
                    e.message()
                ))
            })?
        }
    };
    let override_date = args.date("today")?;
    let ctx = Context {
        today: override_date.unwrap_or_else(today_in_moscow),
        date_override: override_date,
    };
    for problem in config.problems(ctx.today) {
        let code = problem.code.map_or(String::new(), |c| format!(" ({c})"));
        eprintln!(
            "prequal: warning: offer '{}', option {}{code}: {}",
            problem.offer_id, problem.option, problem.message
        );
    }

    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut unreadable = false;
    for (index, line) in stdin.split(b'\n').enumerate() {
        let line_no = index + 1;
        let bytes = line.map_err(|e| Error(format!("cannot read stdin: {e}")))?;
        // A byte-order mark, which Windows editors put first, is not part of the JSON.
        let bytes = match index {
            0 => bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes),
            _ => &bytes,
        };
        let written = match std::str::from_utf8(bytes) {
            Err(_) => {
                unreadable = true;
                let error = LineError {
                    code: "input.json",
                    message: "the line is not UTF-8".into(),
                    field: None,
                };
                serde_json::to_writer(
                    &mut out,
                    &ErrorLine {
                        line: line_no,
                        error,
                    },
                )
            }
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => match Application::from_json(text) {
                Ok(app) => {
                    let verdict = check(&app, &config, &ctx);
                    serde_json::to_writer(
                        &mut out,
                        &VerdictLine {
                            line: line_no,
                            verdict: &verdict,
                        },
                    )
                }
                Err(e) => {
                    unreadable = true;
                    let field = match &e {
                        // "." is serde's name for the whole line: no single field to name.
                        ParseError::Schema { field, .. } if field != "." => Some(field.as_str()),
                        ParseError::Schema { .. } => None,
                        ParseError::Json { .. } => None,
                    };
                    let error = LineError {
                        code: e.code().as_str(),
                        message: e.message(),
                        field,
                    };
                    serde_json::to_writer(
                        &mut out,
                        &ErrorLine {
                            line: line_no,
                            error,
                        },
                    )
                }
            },
        };
        written.map_err(|e| cannot_write(e.into()))?;
        out.write_all(b"\n").map_err(cannot_write)?;
    }
    out.flush().map_err(cannot_write)?;
    Ok(if unreadable {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}
