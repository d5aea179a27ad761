//! A closed-loop load generator for `POST /v1/applications` on loopback (scripts/bench-server.sh).
//! Each connection sends one request at a time on its own keep-alive HTTP/1.1 connection; every
//! request is a new application (a fresh application_id and passport number), so every 201 is
//! one durably stored application.
//!
//!   cargo run --release -p prequal-server --example loadgen -- \
//!       --url http://127.0.0.1:8080 --key pk_live_bench --connections 64 --seconds 20
//!
//! Prints one JSON line: accepted per second, latency percentiles (ms), counts by status.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    url: String,
    key: String,
    origin: Option<String>,
    connections: usize,
    seconds: u64,
    warmup: u64,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        url: "http://127.0.0.1:8080".into(),
        key: "pk_test_demo".into(),
        origin: None,
        connections: 64,
        seconds: 20,
        warmup: 3,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => a.url = value()?,
            "--key" => a.key = value()?,
            "--origin" => a.origin = Some(value()?),
            "--connections" => a.connections = value()?.parse().map_err(|_| "--connections N")?,
            "--seconds" => a.seconds = value()?.parse().map_err(|_| "--seconds N")?,
            "--warmup" => a.warmup = value()?.parse().map_err(|_| "--warmup N")?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    getrandom::getrandom(&mut b).unwrap_or_default();
    u64::from_le_bytes(b)
}

fn application(id: &str, passport: u64) -> String {
    format!(
        r#"{{"application_id":"{id}","locale":"ru","offer_id":"mfo-a-payday","loan":{{"amount_kop":1000000,"term_days":30}},"applicant":{{"last_name":"Иванов","first_name":"Иван","patronymic":"Иванович","birth_date":"1990-05-10","phone":"+79123456789","email":"ivan@example.ru","region":"77","passport":{{"series":"4502","number":"{passport:06}","issue_date":"2010-06-01","issuer_code":"770-001"}},"inn":"500100732259","snils":"112-233-445 95"}},"income":{{"employment":"employed","tenure_months":14,"confirmed_kop":5000000,"unconfirmed_kop":0}},"obligations":{{"monthly_payments_kop":1500000,"active_loans":2,"overdue_now_days":0,"overdue_12m_max_days":0,"utility_arrears":false}},"consents":[{{"kind":"personal_data","text_version":"pd-2026-01","given_at":"2026-11-24T10:14:50+03:00"}},{{"kind":"credit_bureau","text_version":"bki-2026-01","given_at":"2026-11-24T10:14:51+03:00"}},{{"kind":"transfer","text_version":"tr-2026-01","given_at":"2026-11-24T10:14:52+03:00"}}],"tracking":{{"click_id":"bench","sub1":"load"}}}}"#
    )
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    statuses: BTreeMap<u16, u64>,
    errors: u64,
}

async fn connection(
    args: Arc<Args>,
    worker: usize,
    measuring: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
) -> Tally {
    let mut tally = Tally::default();
    let authority = args
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let prefix = format!("{:08x}", random_u64() as u32);
    let mut n: u64 = 0;
    'reconnect: while !stop.load(Ordering::Relaxed) {
        let Ok(stream) = tokio::net::TcpStream::connect(&authority).await else {
            tally.errors += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let Ok((mut send, conn)) = hyper::client::conn::http1::handshake::<_, Full<Bytes>>(
            hyper_util::rt::TokioIo::new(stream),
        )
        .await
        else {
            tally.errors += 1;
            continue;
        };
        tokio::spawn(conn);
        while !stop.load(Ordering::Relaxed) {
            n += 1;
            // A UUID's shape (8-4-4-4-12), unique per run, worker and request.
            let id = format!("{prefix}-{worker:04x}-4000-8000-{n:012x}");
            let body = application(&id, random_u64() % 1_000_000);
            let mut req = hyper::Request::post(format!(
                "{}/v1/applications",
                args.url.trim_end_matches('/')
            ))
            .header("host", &authority)
            .header("content-type", "application/json")
            .header("x-prequal-key", &args.key)
            .header("idempotency-key", &id);
            if let Some(o) = &args.origin {
                req = req.header("origin", o);
            }
            let Ok(req) = req.body(Full::new(Bytes::from(body))) else {
                continue;
            };
            let started = Instant::now();
            let resp = match send.send_request(req).await {
                Ok(r) => r,
                Err(_) => {
                    tally.errors += 1;
                    continue 'reconnect;
                }
            };
            let status = resp.status().as_u16();
            let _ = resp.into_body().collect().await;
            if measuring.load(Ordering::Relaxed) {
                tally
                    .latencies_us
                    .push(started.elapsed().as_micros().min(u32::MAX as u128) as u32);
                *tally.statuses.entry(status).or_default() += 1;
            }
        }
    }
    tally
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    let args = match parse() {
        Ok(a) => Arc::new(a),
        Err(e) => {
            eprintln!("loadgen: {e}");
            std::process::exit(2);
        }
    };
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks: Vec<_> = (0..args.connections)
        .map(|w| tokio::spawn(connection(args.clone(), w, measuring.clone(), stop.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(args.warmup)).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut all = Tally::default();
    for t in tasks {
        if let Ok(Ok(t)) = tokio::time::timeout(Duration::from_secs(10), t).await {
            all.latencies_us.extend(t.latencies_us);
            for (k, v) in t.statuses {
                *all.statuses.entry(k).or_default() += v;
            }
            all.errors += t.errors;
        }
    }
    all.latencies_us.sort_unstable();
    let accepted = all.statuses.get(&201).copied().unwrap_or(0);
    let statuses: BTreeMap<String, u64> = all
        .statuses
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    println!(
        "{{\"connections\":{},\"seconds\":{:.1},\"accepted\":{},\"accepted_per_s\":{:.0},\"p50_ms\":{:.2},\"p90_ms\":{:.2},\"p99_ms\":{:.2},\"max_ms\":{:.2},\"statuses\":{},\"connection_errors\":{}}}",
        args.connections,
        elapsed,
        accepted,
        accepted as f64 / elapsed,
        pct(&all.latencies_us, 0.50),
        pct(&all.latencies_us, 0.90),
        pct(&all.latencies_us, 0.99),
        pct(&all.latencies_us, 1.0),
        serde_json::to_string(&statuses).unwrap_or_default(),
        all.errors
    );
}
