//! `prequal`: the rules engine on the command line (contract.md, "CLI"), for partners
//! pre-screening lead lists, for MFO analysts, and for black-box tests.
//!
//! Exit codes: 0 done; 2 bad arguments (a one-line message on stderr); 3 `check` read a line
//! it could not understand (its output line says why).

mod args;
mod check_cmd;
mod quote_cmd;
mod validate_cmd;

use std::process::ExitCode;

const USAGE: &str = "\
prequal — pre-qualification rules for MFO loan applications

USAGE:
  prequal check [--config FILE] [--today YYYY-MM-DD]
      JSON Lines in (one application a line), JSON Lines out (one verdict a line).
      Without --config the built-in demo configuration is used.
  prequal validate KIND [VALUE...] [--today YYYY-MM-DD] [--locale ru|en]
      KIND: inn, snils, passport, issuer-code, phone, email, region.
      Values from stdin, one a line, when none are given; after --, every
      argument is a value.
  prequal quote --amount RUB --term-days N --daily-rate PCT
                [--schedule single|annuity] [--period-days N] [--today YYYY-MM-DD]
      The loan's schedule, total, overpayment and ПСК (353-FZ art. 6).

EXIT CODES: 0 ok; 2 bad arguments; 3 check could not read some input line.
";

fn main() -> ExitCode {
    // An argument that is not UTF-8 is read with U+FFFD for its bad bytes: a value then gets
    // its `*.format` answer, an option its one-line message, never a panic.
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    // `prequal check --help` as well as `prequal --help`: one usage text covers every command.
    let help = argv
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "-h" || a == "--help");
    let result = match argv.first().map(String::as_str) {
        Some("check" | "validate" | "quote") if help => usage(),
        Some("check") => check_cmd::run(&argv[1..]),
        Some("validate") => validate_cmd::run(&argv[1..]),
        Some("quote") => quote_cmd::run(&argv[1..]),
        Some("-h" | "--help" | "help") => usage(),
        Some("-V" | "--version") => args::print_line(&format!(
            "prequal {}",
            prequal_rules::verdict::RULES_VERSION
        ))
        .map(|()| ExitCode::SUCCESS),
        Some(other) => Err(args::Error(format!(
            "unknown command '{other}': expected check, validate or quote (see prequal --help)"
        ))),
        None => Err(args::Error(
            "a command is needed: check, validate or quote (see prequal --help)".into(),
        )),
    };
    match result {
        Ok(code) => code,
        Err(args::Error(message)) => {
            eprintln!("prequal: {message}");
            ExitCode::from(2)
        }
    }
}

fn usage() -> Result<ExitCode, args::Error> {
    args::print_line(USAGE.trim_end()).map(|()| ExitCode::SUCCESS)
}
