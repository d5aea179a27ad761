//! The `prequal` binary as a black box: arguments, stdin, stdout, exit codes (contract.md, "CLI").

use serde_json::Value;
use std::ffi::OsStr;
use std::io::Write;
use std::process::{Child, Command, Stdio};

const APPLICATION: &str = include_str!("../../../schemas/examples/application.json");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }
}

/// `prequal args…` with stdin, stdout and stderr piped.
fn spawn<A: AsRef<OsStr>>(args: &[A]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_prequal"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prequal starts")
}

fn prequal<A: AsRef<OsStr>>(args: &[A], stdin: impl AsRef<[u8]>) -> Run {
    let mut child = spawn(args);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_ref())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn one_line(json: &str) -> String {
    let v: Value = serde_json::from_str(json).unwrap();
    v.to_string()
}

#[test]
fn check_reads_json_lines_and_numbers_them() {
    let app = one_line(APPLICATION);
    let input = format!("{app}\n\n{{not json\n{app}\n[1]\n");
    let run = prequal(&["check", "--today", "2026-11-24"], &input);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 4, "the blank line gives no output");
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["qualified"], true);
    assert_eq!(lines[1]["line"], 3);
    assert_eq!(lines[1]["error"]["code"], "input.json");
    assert_eq!(lines[2]["line"], 4);
    assert_eq!(lines[3]["error"]["code"], "input.schema");
}

#[test]
fn check_exits_0_when_every_line_was_read_even_if_none_qualifies() {
    let bad = one_line(APPLICATION).replace("500100732259", "500100732258");
    let run = prequal(&["check", "--today", "2026-11-24"], format!("{bad}\n"));
    assert_eq!(run.code, 0);
    let v = &run.lines()[0];
    assert_eq!(v["qualified"], false);
    assert_eq!(v["problems"][0]["code"], "inn.checksum");
    assert_eq!(v["problems"][0]["field"], "applicant.inn");
}

#[test]
fn check_uses_a_configuration_file() {
    let dir = std::env::temp_dir().join(format!("prequal-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.json");
    let config =
        include_str!("../../../schemas/examples/config.json").replace("2026-11-24.1", "cfg-test");
    std::fs::write(&path, config).unwrap();
    let run = prequal(
        &[
            "check",
            "--config",
            path.to_str().unwrap(),
            "--today",
            "2026-11-24",
        ],
        one_line(APPLICATION),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.lines()[0]["config_version"], "cfg-test");

    std::fs::write(&path, "{\"offers\": 3}").unwrap();
    let run = prequal(&["check", "--config", path.to_str().unwrap()], "");
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn bytes_that_are_not_utf8_get_an_answer_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"\xff12");
    let run = prequal(&[OsStr::new("validate"), OsStr::new("inn"), bad], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.lines()[0]["error"]["code"], "inn.format");
    // On stdin: that line's answer, and the lines after it still get theirs.
    let run = prequal(
        &["validate", "inn"],
        b"500100732259\n\xff\xfe12\n7707083893\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let codes: Vec<Value> = run
        .lines()
        .iter()
        .map(|l| l["error"]["code"].clone())
        .collect();
    assert_eq!(codes, [Value::Null, "inn.format".into(), Value::Null]);
    // U+FFFD, which stands in for the bad bytes, is no letter of an address either.
    let run = prequal(&["validate", "email"], b"iv\xffan@example.ru\n");
    assert_eq!(run.lines()[0]["error"]["code"], "email.format");
    let run = prequal(&[OsStr::new("quote"), OsStr::new("--amount"), bad], "");
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
}

#[test]
fn after_a_double_dash_every_argument_is_a_value() {
    let run = prequal(&["validate", "email", "--", "--help", "--@example.ru"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert_eq!(lines[0]["input"], "--help");
    assert_eq!(lines[0]["valid"], false);
}

#[test]
fn validate_takes_values_or_stdin() {
    let run = prequal(
        &[
            "validate",
            "inn",
            "500100732259",
            "7707 083893",
            "1234567895",
        ],
        "",
    );
    assert_eq!(run.code, 0);
    let lines = run.lines();
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["normalized"], "7707083893");
    assert_eq!(lines[2]["error"]["code"], "inn.checksum");
    assert!(lines[0]["error"].is_null());

    let run = prequal(
        &["validate", "phone"],
        "+7 (912) 345-67-89\n8 800 555-35-35\n",
    );
    let lines = run.lines();
    assert_eq!(lines[0]["normalized"], "+79123456789");
    assert_eq!(lines[1]["error"]["code"], "phone.not_mobile");

    let run = prequal(&["validate", "issuer-code", "770001", "007-612"], "");
    let lines = run.lines();
    assert_eq!(lines[0]["normalized"], "770-001");
    assert_eq!(lines[1]["error"]["code"], "issuer_code.format");

    let run = prequal(
        &[
            "validate",
            "snils",
            "112-233-445 95",
            "00100199800",
            "00100199900",
        ],
        "",
    );
    let valid: Vec<bool> = run
        .lines()
        .iter()
        .map(|l| l["valid"].as_bool().unwrap())
        .collect();
    assert_eq!(valid, [true, true, false]);

    let run = prequal(
        &[
            "validate",
            "passport",
            "--today",
            "2026-11-24",
            "45 02 573482",
            "4527 000001",
        ],
        "",
    );
    let lines = run.lines();
    assert_eq!(lines[0]["normalized"], "4502573482");
    assert_eq!(lines[1]["error"]["code"], "passport.series_year");
}

#[test]
fn quote_prices_the_contract_examples() {
    let run = prequal(
        &[
            "quote",
            "--amount",
            "10000",
            "--term-days",
            "30",
            "--daily-rate",
            "0.8",
            "--today",
            "2026-11-24",
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let q = &run.lines()[0];
    assert_eq!(
        (q["total_kop"].as_u64(), q["psk_pct"].as_f64()),
        (Some(1_240_000), Some(292.0))
    );

    let run = prequal(
        &[
            "quote",
            "--amount",
            "20000",
            "--term-days",
            "84",
            "--daily-rate",
            "0.8",
            "--schedule",
            "annuity",
            "--period-days",
            "14",
            "--today",
            "2026-11-24",
        ],
        "",
    );
    let q = &run.lines()[0];
    assert_eq!(q["schedule"][0]["payment_kop"], 475_480);
    assert_eq!(q["schedule"][5]["payment_kop"], 475_481);
    assert_eq!(q["psk_pct"], 292.0);

    for (today, total) in [("2026-03-31", 2_200_000), ("2026-04-01", 2_000_000)] {
        let run = prequal(
            &[
                "quote",
                "--amount",
                "10000.00",
                "--term-days",
                "150",
                "--daily-rate",
                "0.8",
                "--today",
                today,
            ],
            "",
        );
        assert_eq!(run.lines()[0]["total_kop"], total, "{today}");
    }
}

#[test]
fn a_byte_order_mark_before_the_first_line_is_not_input() {
    let run = prequal(
        &["check", "--today", "2026-11-24"],
        format!("\u{feff}{}\n", one_line(APPLICATION)),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.lines()[0]["qualified"], true);
    let run = prequal(&["validate", "inn"], "\u{feff}500100732259\n");
    assert_eq!(run.lines()[0]["valid"], true, "{}", run.stdout);
}

#[test]
fn help_works_after_a_command_too() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["quote", "-h"],
        &["help"],
    ] {
        let run = prequal(args, "");
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("prequal quote --amount"), "{args:?}");
    }
}

#[test]
fn bad_arguments_are_one_line_on_stderr_and_exit_2() {
    // Each case a command line, split on spaces.
    for line in [
        "",
        "frobnicate",
        "validate",
        "validate iban x",
        "quote --amount ten --term-days 30 --daily-rate 0.8",
        "quote --amount 10000 --term-days 30",
        "quote --amount 10000 --term-days 30 --daily-rate 0.8 --schedule annuity",
        "check --today 24.11.2026",
        "check --colour red",
        "frobnicate --help",
        // Finer than the millionth of a per cent rates are held to: it would be quoted at
        // 0.8 %, and so pass the 0.8 % limit.
        "quote --amount 10000 --term-days 30 --daily-rate 0.8000004",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        let args = &args[..];
        let run = prequal(args, "");
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(
            run.stderr.trim().lines().count(),
            1,
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// An unknown option is named as unknown, with or without a value after it: it used to be
/// "--colour needs a value" when it came last.
#[test]
fn an_unknown_option_is_called_unknown_wherever_it_stands() {
    for args in [
        &["check", "--colour"][..],
        &["check", "--colour", "red"],
        &["check", "--colour=red"],
    ] {
        let run = prequal(args, "");
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr
                .starts_with("prequal: unknown option --colour (known: --config, --today)"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = prequal(&["check", "--today"], "");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--today needs a value"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_zero_amount_or_term_is_refused_with_its_code() {
    for (amount, term, code) in [
        ("0", "30", "loan.amount_out_of_range"),
        ("0.00", "30", "loan.amount_out_of_range"),
        ("10000", "0", "loan.term_out_of_range"),
    ] {
        let args = [
            "quote",
            "--amount",
            amount,
            "--term-days",
            term,
            "--daily-rate",
            "0.8",
        ];
        let run = prequal(&args, "");
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.lines()[0]["error"]["code"], code, "{args:?}");
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    }
}

#[test]
fn a_rate_above_the_legal_cap_is_refused_with_its_code() {
    let run = prequal(
        &[
            "quote",
            "--amount",
            "10000",
            "--term-days",
            "30",
            "--daily-rate",
            "1",
            "--today",
            "2026-11-24",
        ],
        "",
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.lines()[0]["error"]["code"], "cap.daily_rate");
    assert!(run.stderr.contains("cap.daily_rate"));
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    // `prequal validate inn < leads | head -1`: the reader gone is the end of the job, not a
    // bad argument (exit 2) or bad input (exit 3).
    use std::io::{BufRead, BufReader};
    for command in ["validate", "check"] {
        let args: &[&str] = if command == "validate" {
            &["validate", "inn"]
        } else {
            &["check"]
        };
        let mut child = spawn(args);
        let mut stdin = child.stdin.take().unwrap();
        let line = if command == "validate" {
            "7707083893\n".to_string()
        } else {
            one_line(APPLICATION) + "\n"
        };
        let feeder = std::thread::spawn(move || {
            // Far more than a pipe holds; writing stops with an error once prequal has gone.
            for _ in 0..200_000 {
                if stdin.write_all(line.as_bytes()).is_err() {
                    break;
                }
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(first.starts_with('{'), "{first}");
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{command}");
    }
}

#[test]
fn a_reader_gone_before_the_first_line_is_no_panic() {
    // `prequal quote … | true`: `println!` would panic on the closed pipe.
    for line in [
        "quote --amount 10000 --term-days 30 --daily-rate 0.8",
        "--help",
        "--version",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        let mut child = spawn(&args);
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}
