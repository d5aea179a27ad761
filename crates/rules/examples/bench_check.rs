//! Benchmark (not a test): full-application checks per second, natively.
//!
//!     cargo run --release -p prequal-rules --example bench_check
//!
//! Checks the contract's example application against the demo configuration (every offer tried,
//! so each check prices two loans, solves two ПСК and scores the estimate), and separately
//! parse + check from JSON text, as `prequal check` and the server do. Prints the median of
//! several rounds; compare numbers from one run only (the machine is shared and noisy).

use prequal_rules::application::Application;
use prequal_rules::check::{check, Context};
use prequal_rules::config::Config;
use std::hint::black_box;
use std::time::Instant;

const APPLICATION: &str = include_str!("../../../schemas/examples/application.json");

fn median_ns_per_op(rounds: usize, ops: usize, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..ops {
                f();
            }
            start.elapsed().as_nanos() as f64 / ops as f64
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[rounds / 2]
}

fn main() {
    let config = Config::demo();
    let mut app = Application::from_json(APPLICATION).expect("example parses");
    app.offer_id = None;
    let text = serde_json::to_string(&app).expect("serialises");
    let ctx = Context::on("2026-11-24".parse().expect("date"));

    let check_ns = median_ns_per_op(15, 20_000, || {
        black_box(check(black_box(&app), &config, &ctx));
    });
    let parse_check_ns = median_ns_per_op(15, 20_000, || {
        let app = Application::from_json(black_box(&text)).expect("parses");
        black_box(check(&app, &config, &ctx));
    });
    let verdict_json_ns = median_ns_per_op(15, 20_000, || {
        let app = Application::from_json(black_box(&text)).expect("parses");
        black_box(serde_json::to_string(&check(&app, &config, &ctx)).expect("serialises"));
    });
    for (what, ns) in [
        ("check (parsed application, 2 offers)", check_ns),
        ("parse JSON + check", parse_check_ns),
        ("parse JSON + check + verdict to JSON", verdict_json_ns),
    ] {
        println!(
            "{what:<40} {:>8.2} µs/op {:>12.0} ops/s",
            ns / 1000.0,
            1e9 / ns
        );
    }
}
